import { z } from "zod";
import { uuid } from "./common";

/** Asking for a token to open a meeting's real-time document (the agenda, or one's own note). */
export const collabTokenSchema = z.object({ meetingId: uuid });

/** An open meeting page asking whether its topics, action items or status changed. */
export const meetingPulseSchema = z.object({ meetingId: uuid });
