import { z } from "zod";
import { ACTION_OWNERS, ACTION_TEXT_MAX, AGREEMENT_TEXT_MAX, TOPIC_CATEGORIES, TOPIC_KINDS, TOPIC_TEXT_MAX } from "@/lib/topics/constants";
import { dateOnly, optionalDateOnly, storedText, timeOfDay, uuid } from "./common";
import { seriesSettingsSchema } from "./series";

const topicText = storedText("Write the topic.")
  .trim()
  .min(1, "Write the topic.")
  .max(TOPIC_TEXT_MAX, `A topic has at most ${TOPIC_TEXT_MAX} characters.`);
const kind = z.enum(TOPIC_KINDS, { error: "Choose strategic or tactical." });
const category = z.enum(TOPIC_CATEGORIES, { error: "Choose a category from the list." });
/** A checkbox or a JSON boolean: "true"/"on" is true, "false"/absent is false. */
const flag = z.union([z.boolean(), z.enum(["true", "on", "false"]).transform((v) => v !== "false")], { error: "Choose yes or no." });

export const addTopicSchema = z.object({
  seriesId: uuid,
  // The meeting page adds to its own meeting while it is still open; elsewhere, the next meeting.
  meetingId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
  text: topicText,
  kind,
  category,
});
export const editTopicSchema = z.object({ topicId: uuid, text: topicText, kind, category });
export const topicIdSchema = z.object({ topicId: uuid });
export const moveTopicSchema = z.object({ topicId: uuid, direction: z.enum(["up", "down"], { error: "Move up or down." }) });
export const topicDiscussedSchema = z.object({ topicId: uuid, discussed: flag });

export const addActionItemSchema = z.object({
  meetingId: uuid,
  text: storedText("Write the action item.")
    .trim()
    .min(1, "Write the action item.")
    .max(ACTION_TEXT_MAX, `An action item has at most ${ACTION_TEXT_MAX} characters.`),
  owner: z.enum(ACTION_OWNERS, { error: "The owner is the manager or the report." }),
  dueDate: optionalDateOnly,
});
export const actionItemIdSchema = z.object({ actionItemId: uuid });
export const actionItemDoneSchema = z.object({ actionItemId: uuid, done: flag });

export const meetingIdSchema = z.object({ meetingId: uuid });
export const moveMeetingSchema = z.object({
  meetingId: uuid,
  date: dateOnly,
  time: timeOfDay,
});

export const updateSeriesSettingsSchema = seriesSettingsSchema
  .pick({ cadence: true, weekday: true, startTime: true, durationMinutes: true, timeZone: true, format: true })
  .extend({ seriesId: uuid });

const agreementText = (what: string) =>
  storedText(`Write ${what}, or leave it empty.`).trim().max(AGREEMENT_TEXT_MAX, `At most ${AGREEMENT_TEXT_MAX} characters.`).default("");
export const workingAgreementSchema = z.object({
  seriesId: uuid,
  goalsAndExpectations: agreementText("the goals and expectations"),
  feedbackPreferences: agreementText("the feedback preferences"),
  challenges: agreementText("the challenges"),
  format: seriesSettingsSchema.shape.format,
});

export const historySchema = z.object({
  seriesId: uuid,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export const searchSchema = z.object({
  seriesId: uuid,
  q: storedText("Enter words to search for.").trim().min(1, "Enter words to search for.").max(200, "At most 200 characters."),
});

export type AddTopicInput = z.infer<typeof addTopicSchema>;
export type EditTopicInput = z.infer<typeof editTopicSchema>;
export type AddActionItemInput = z.infer<typeof addActionItemSchema>;
export type MoveMeetingInput = z.infer<typeof moveMeetingSchema>;
export type UpdateSeriesSettingsInput = z.infer<typeof updateSeriesSettingsSchema>;
export type WorkingAgreementInput = z.infer<typeof workingAgreementSchema>;
