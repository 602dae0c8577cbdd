import { z } from "zod";
import { email, flag, uuid } from "./common";

export const NOTE_RETENTION_DEFAULT_DAYS = 90;
export const NOTE_RETENTION_MIN_DAYS = 1;
export const NOTE_RETENTION_MAX_DAYS = 3650;

/** How long a leaver's private notes are kept after deactivation (the database checks the same range). */
export const noteRetentionSchema = z.object({
  days: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(NOTE_RETENTION_MIN_DAYS, `Keep notes at least ${NOTE_RETENTION_MIN_DAYS} day.`)
    .max(NOTE_RETENTION_MAX_DAYS, `Keep notes at most ${NOTE_RETENTION_MAX_DAYS} days (ten years).`),
});

/**
 * An erasure request: the person by id (the admin page) and, typed again, their email address as
 * the confirmation; `dryRun` answers the report without changing anything.
 */
export const erasureSchema = z
  .object({
    userId: uuid,
    confirmEmail: z.preprocess((v) => (v === "" ? undefined : v), email.optional()),
    // Only an explicit "false" erases: a form sent without its button (Enter in a field) previews.
    dryRun: flag.default(true),
  })
  .refine((v) => v.dryRun || v.confirmEmail !== undefined, {
    path: ["confirmEmail"],
    message: "Type the person's email address to confirm the erasure.",
  });
