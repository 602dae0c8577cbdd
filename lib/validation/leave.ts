import { z } from "zod";
import { dateOnly, flag, uuid } from "./common";

export const markLeaveSchema = z.object({
  personId: uuid,
  startsOn: dateOnly,
  endsOn: dateOnly,
  // Optional: someone who covers the manager's series during their own leave ("" for nobody).
  coveringManagerId: z.preprocess((v) => (v === "" || v === null ? undefined : v), uuid.optional()),
  // With a covering manager the meetings may go ahead, held by them; otherwise they are cancelled.
  keepMeetings: flag.optional(),
  // The person saw the meetings this cancels and confirms; without it nothing changes.
  confirm: flag.optional(),
});
export type MarkLeaveInput = z.infer<typeof markLeaveSchema>;

export const undoChangeSchema = z.object({ changeId: uuid });
export type UndoChangeInput = z.infer<typeof undoChangeSchema>;
