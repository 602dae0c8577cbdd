import { z } from "zod";
import { IANAZone } from "luxon";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "../text";

/** The start of every stored text field: a string, with `missing` as the message when it is not one. */
export const storedText = (missing: string) =>
  z.string({ error: missing }).refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });

export const email = storedText("Enter an email address.")
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address." }));

// No control characters (NUL among them) and no half emoji: a name appears in mail headers and lists.
export const personName = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "A name has at most 100 characters.")
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), "A name cannot contain control characters.")
  .refine((v) => v.isWellFormed(), UNSTORABLE_TEXT_MESSAGE);

export const uuid = z.uuid({ error: "This identifier is not valid." });

export const timeZone = z
  .string({ error: "Choose a time zone." })
  .min(1, "Choose a time zone.")
  .refine((v) => IANAZone.isValidZone(v), "Choose a known time zone, such as Europe/Berlin.");

export const isoDate = z.iso.date({ error: "Enter a date as YYYY-MM-DD." });

export const password = z
  .string({ error: "Enter a password." })
  .min(12, "A password has at least 12 characters.")
  .max(200, "A password has at most 200 characters.");

/** Zod's issues as { field: [messages] }, for forms. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
