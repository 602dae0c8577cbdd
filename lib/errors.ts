export type ErrorCode = "unauthenticated" | "forbidden" | "not_found" | "invalid" | "conflict";

const publicMessages: Record<ErrorCode, string> = {
  unauthenticated: "Please sign in to continue.",
  forbidden: "You do not have access to this.",
  not_found: "This could not be found.",
  invalid: "Please correct the highlighted fields.",
  conflict: "Someone else changed this in the meantime.",
};

export type FieldErrors = Record<string, string[] | undefined>;

/** An error whose message is safe to show to the person who caused it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fieldErrors?: FieldErrors,
    readonly details?: unknown,
  ) {
    super(message ?? publicMessages[code]);
    this.name = "AppError";
  }
}

export const forbidden = (message?: string) => new AppError("forbidden", message);
export const notFound = (message?: string) => new AppError("not_found", message);
export const invalid = (fieldErrors: FieldErrors, message?: string) => new AppError("invalid", message, fieldErrors);
