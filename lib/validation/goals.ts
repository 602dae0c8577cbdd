import { z } from "zod";
import { GOAL_STATUSES } from "../goals/progress";
import { GOAL_LIMITS, type GoalDraft, goalIssues, normalizeGoal, parseNumber, todayUtc } from "../goals/smart";
import { dateOnly, storedText, uuid } from "./common";

// Loose string fields: the SMART rules themselves live in lib/goals/smart.ts (also used live by the form).
const text = storedText("Enter text.").max(20_000, "This text is far too long.").default("");
const draftShape = {
  title: text,
  specific: text,
  measureKind: text,
  metric: text,
  baseline: text,
  target: text,
  unit: text,
  doneCondition: text,
  achievable: text,
  relevant: text,
  dueDate: text,
};

const draft = z.object(draftShape);
const smartRules = (v: GoalDraft, ctx: z.RefinementCtx) => {
  for (const issue of goalIssues(v, todayUtc())) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
};

export const createGoalSchema = draft
  .extend({ seriesId: uuid })
  .superRefine(smartRules)
  .transform((v) => ({ seriesId: v.seriesId, ...normalizeGoal(v) }));
export const updateGoalSchema = draft
  .extend({ goalId: uuid, baseVersion: z.coerce.number({ error: "The goal's version is missing." }).int().min(1) })
  .superRefine(smartRules)
  .transform((v) => ({ goalId: v.goalId, baseVersion: v.baseVersion, ...normalizeGoal(v) }));
export type CreateGoalInput = z.output<typeof createGoalSchema>;
export type UpdateGoalInput = z.output<typeof updateGoalSchema>;

const optionalNumber = (message: string) =>
  z
    .string()
    .trim()
    .max(GOAL_LIMITS.number, message)
    .default("")
    .refine((v) => v === "" || parseNumber(v) !== null, message)
    .transform((v) => (v === "" ? null : parseNumber(v)));

export const checkInSchema = z.object({
  goalId: uuid,
  checkedOn: dateOnly.refine((v) => v <= todayUtc(), "A check-in date cannot be in the future."),
  value: optionalNumber("The value must be a number, such as 12 or 4.5."),
  percent: optionalNumber("Progress is a number from 0 to 100.").refine((v) => v === null || (v >= 0 && v <= 100), "Progress is a number from 0 to 100."),
  note: storedText("Write the note as text.").trim().max(GOAL_LIMITS.part, `A note has at most ${GOAL_LIMITS.part} characters.`).default(""),
});
export type CheckInInput = z.output<typeof checkInSchema>;

export const goalStatusSchema = z.object({
  goalId: uuid,
  // "auto": clear the override and follow the suggestion again.
  status: z.enum([...GOAL_STATUSES, "auto"], { error: "Choose a status." }),
});

export const markReviewedSchema = z.object({
  goalId: uuid,
  meetingId: z
    .union([uuid, z.literal("")])
    .optional()
    .transform((v) => v || null),
});
