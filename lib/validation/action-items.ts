import { z } from "zod";
import { ACTION_OWNERS, ACTION_TEXT_MAX } from "@/lib/topics/constants";
import { flag, optionalDateOnly, storedText, uuid } from "./common";

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

export type AddActionItemInput = z.infer<typeof addActionItemSchema>;
