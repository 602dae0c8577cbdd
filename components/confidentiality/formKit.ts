import type { ActionResult } from "@/lib/actions";

export type FormAction = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown>>;
export type Errors = Record<string, string[] | undefined> | undefined;

export const aria = (errors: Errors, name: string) => ({
  "aria-invalid": Boolean(errors?.[name]),
  "aria-describedby": errors?.[name] ? `${name}-error` : undefined,
});
