import { z } from "zod";
import { TOPIC_CATEGORIES, TOPIC_KINDS, TOPIC_TEXT_MAX } from "@/lib/topics/constants";
import { flag, storedText, uuid } from "./common";

const topicText = storedText("Write the topic.").trim().min(1, "Write the topic.").max(TOPIC_TEXT_MAX, `A topic has at most ${TOPIC_TEXT_MAX} characters.`);
const kind = z.enum(TOPIC_KINDS, { error: "Choose strategic or tactical." });
const category = z.enum(TOPIC_CATEGORIES, { error: "Choose a category from the list." });

export const addTopicSchema = z.object({
  seriesId: uuid,
  // The meeting page adds to its own meeting while it is still open; elsewhere, the next meeting.
  meetingId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
  text: topicText,
  kind,
  category,
});
export const editTopicSchema = z.object({
  topicId: uuid,
  // The version the edit form was loaded from (lib/server/topics.ts editTopic refuses a stale one).
  baseVersion: z.coerce
    .number({ error: "The topic's version is missing: reload the page." })
    .int("The topic's version is missing: reload the page.")
    .min(1, "The topic's version is missing: reload the page."),
  text: topicText,
  kind,
  category,
});
export const topicIdSchema = z.object({ topicId: uuid });
export const moveTopicSchema = z.object({ topicId: uuid, direction: z.enum(["up", "down"], { error: "Move up or down." }) });
export const topicDiscussedSchema = z.object({ topicId: uuid, discussed: flag });

export type AddTopicInput = z.infer<typeof addTopicSchema>;
export type EditTopicInput = z.infer<typeof editTopicSchema>;
