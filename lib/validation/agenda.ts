import { z } from "zod";
import { uuid } from "./common";

export const saveAgendaSchema = z.object({
  meetingId: uuid,
  baseVersion: z.coerce.number().int().min(0),
  // The document travels as a JSON string; lib/editor/document checks its shape and size.
  content: z.string().max(1_100_000, "The document is larger than 1 MB."),
});

/** Asking for a token to open a meeting's real-time document (the agenda, or one's own note). */
export const collabTokenSchema = z.object({ meetingId: uuid });
