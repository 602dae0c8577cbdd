import { z } from "zod";
import { isKnownTimeZone } from "../time-zones";
import { addYears, parseDay, todayUtc } from "../goals/smart";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "../text";
import { isUuid } from "./uuid";

/** The start of every stored text field: a string, with `missing` as the message when it is not one. */
export const storedText = (missing: string) => z.string({ error: missing }).refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });

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

export { isUuid } from "./uuid";
export const uuid = z.string({ error: "This identifier is not valid." }).refine(isUuid, { error: "This identifier is not valid." });

/** A checkbox or a JSON boolean: "true"/"on" is true, "false"/absent is false. */
export const flag = z.union([z.boolean(), z.enum(["true", "on", "false"]).transform((v) => v !== "false")], { error: "Choose yes or no." });

export const timeZone = z
  .string({ error: "Choose a time zone." })
  .min(1, "Choose a time zone.")
  .refine((v) => isKnownTimeZone(v), "Choose a known time zone, such as Europe/Berlin.");

/** Only the themes query (its own rules, app/(app)/privacy/themes) still uses the unbounded form. */
export const isoDate = z.iso.date({ error: "Enter a date as YYYY-MM-DD." });

/**
 * Every date a person enters is a real calendar day from EARLIEST_DAY to YEARS_AHEAD years after
 * today (UTC), checked here before it reaches PostgreSQL, which answers year 0000 with an error.
 */
export const EARLIEST_DAY = "2000-01-01";
export const YEARS_AHEAD = 5;
export const latestDay = (now: Date = new Date()) => addYears(todayUtc(now), YEARS_AHEAD);
export const DATE_FORMAT_MESSAGE = "Enter a date as YYYY-MM-DD.";

export const dateOnly = z
  .string({ error: DATE_FORMAT_MESSAGE })
  .min(1, { message: "Choose a date.", abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_FORMAT_MESSAGE, abort: true })
  .refine((v) => parseDay(v) !== null, { message: "This day does not exist; enter a real calendar date as YYYY-MM-DD.", abort: true })
  .refine((v) => v >= EARLIEST_DAY, { message: `Choose a date from ${EARLIEST_DAY} on.`, abort: true })
  .refine((v) => v <= latestDay(), {
    error: () => `Choose a date at most ${YEARS_AHEAD} years ahead (until ${latestDay()}).`,
    abort: true,
  });

/** A date that may be left empty ("" or absent is undefined). */
export const optionalDateOnly = z.preprocess((v) => (v === "" || v === null ? undefined : v), dateOnly.optional());

/** A time of day as HH:MM (24 hours); with dateOnly it makes a bounded local date and time. */
export const timeOfDay = z.string({ error: "Enter a time." }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM, for example 09:30.");

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
