import { z } from "zod";
import { dateOnly, flag, timeOfDay, uuid } from "./common";

export const meetingIdSchema = z.object({ meetingId: uuid });
export const moveMeetingSchema = z.object({
  meetingId: uuid,
  date: dateOnly,
  time: timeOfDay,
  // The person saw the clash with another of the manager's meetings and moves it anyway.
  confirmOverlap: flag.optional(),
});

export type MoveMeetingInput = z.infer<typeof moveMeetingSchema>;
