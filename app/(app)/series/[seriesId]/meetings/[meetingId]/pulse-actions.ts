"use server";

import { runAction } from "@/lib/actions";
import { meetingPulse } from "@/lib/server/meeting-pulse";
import { meetingPulseSchema } from "@/lib/validation/agenda";

/**
 * Polled by an open meeting page every few seconds while it is visible: a digest of the meeting's
 * topics, action items and status, so that what the other person adds shows without a reload.
 */
export async function meetingPulseAction(input: { meetingId: string }) {
  return runAction(meetingPulseSchema, input, meetingPulse);
}
