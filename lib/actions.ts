import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getActor } from "./auth";
import { AppError, type ErrorCode, type FieldErrors } from "./errors";
import { logFailure } from "./log";
import type { Actor } from "./policy";
import { fieldErrorsOf } from "./validation/common";

export type ActionResult<T = unknown> =
  { ok: true; data: T } | { ok: false; error: string; code: ErrorCode | "internal"; fieldErrors?: FieldErrors; details?: unknown };

/**
 * The front door of every server action: who is asking (from the database, this request),
 * the input parsed by zod, then lib/server, which asks lib/policy. Known errors become a
 * result the form can show; anything else is logged and answered without details.
 */
export async function runAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  handler: (actor: Actor, data: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const actor = await getActor();
    if (!actor) return { ok: false, code: "unauthenticated", error: "Please sign in to continue." };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, code: "invalid", error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
    }
    return { ok: true, data: await handler(actor, parsed.data) };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AppError) {
      return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors, details: error.details };
    }
    logFailure("server action failed", error);
    return { ok: false, code: "internal", error: "Something went wrong on our side. Nothing was changed; please try again." };
  }
}

/** FormData as a plain object; the named fields are collected as arrays. */
export function formObject(formData: unknown, arrays: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // An action is a public endpoint: anything may arrive instead of a form, and it must be refused
  // by validation (an empty object), never crash.
  if (!(formData instanceof FormData)) return out;
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value !== "string") continue;
    if (!arrays.includes(key)) out[key] = value;
    else if (Array.isArray(out[key])) (out[key] as string[]).push(value);
    else out[key] = [value];
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}
