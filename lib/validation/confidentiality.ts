import { z } from "zod";
import { ACCESS_KINDS } from "../confidentiality/access-kinds";
import { THEME_WEEKS, type ThemeWeeks } from "../policy/themes";
import { dateOnly, storedText, uuid } from "./common";

const text = (what: string, max: number, min = 1) =>
  storedText(`Enter ${what}.`)
    .trim()
    .min(min, min > 1 ? `Write at least ${min} characters for ${what}.` : `Enter ${what}.`)
    .max(max, `Keep ${what} under ${max} characters.`);

export const termsBody = text("the terms", 10_000, 40);
export const updateTermsSchema = z.object({ seriesId: uuid, baseVersion: z.coerce.number().int().min(1), body: termsBody });
export const acknowledgeTermsSchema = z.object({ seriesId: uuid, version: z.coerce.number().int().min(1) });

export const SHARE_SOURCES = ["private_note", "topic"] as const;
export const shareRequestSchema = z.object({
  meetingId: uuid,
  source: z.enum(SHARE_SOURCES, { error: "Choose where the excerpt comes from." }),
  topicId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
  excerpt: text("the excerpt", 2_000),
  recipientId: uuid,
  reason: text("why you want to share it", 1_000, 10),
});
export const decideShareSchema = z.object({
  requestId: uuid,
  decision: z.enum(["approve", "decline"], { error: "Choose approve or decline." }),
});

export const escalationSchema = z.object({
  seriesId: uuid,
  reason: text("the reason", 2_000, 10),
  confirm: z.literal("yes", { error: "Confirm that you are recording a safety escalation." }),
});

export const keepOutSchema = z.object({
  topicId: uuid,
  keepOut: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()),
});

/** /privacy/themes?weeks=&scope=: whole weeks only, from the choices of lib/policy. */
export const themesQuerySchema = z.object({
  weeks: z.coerce
    .number({ error: "Choose a period." })
    .refine((v): v is ThemeWeeks => (THEME_WEEKS as readonly number[]).includes(v), `Choose ${THEME_WEEKS.join(", ")} weeks.`)
    .transform((v) => v as ThemeWeeks),
  scope: z.enum(["team", "org"], { error: "Choose your team or the whole organization." }).optional(),
});

/** /privacy/access-log?page=&kind= */
export const accessLogQuerySchema = z.object({
  page: z.coerce.number({ error: "Choose a page." }).int("Choose a page.").min(1, "Choose a page.").max(1_000_000, "Choose a page.").default(1),
  kind: z.enum(ACCESS_KINDS, { error: "Choose a kind of entry." }).optional(),
});

export const themeThresholdSchema = z.object({
  threshold: z.coerce
    .number({ error: "Enter a number." })
    .int("Enter a whole number.")
    .min(3, "The threshold is never below 3.")
    .max(1_000, "Enter at most 1000."),
});

export const coveringSchema = z
  .object({
    seriesId: uuid,
    coveringManagerId: z.uuid({ error: "Choose a person who manages reports of their own." }),
    startsOn: dateOnly,
    endsOn: dateOnly,
  })
  .refine((v) => v.startsOn <= v.endsOn, { message: "The last day must not be before the first.", path: ["endsOn"] });
export const endCoveringSchema = z.object({ assignmentId: uuid });

export const handoffSchema = z.object({ meetingId: uuid });
