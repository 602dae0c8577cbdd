"use server";

import { runAction } from "@/lib/actions";
import { issueNoteToken } from "@/lib/server/collab";
import { collabTokenSchema } from "@/lib/validation/agenda";

/** A short-lived token that opens the caller's own private note on this meeting, and nobody else's. */
export async function noteTokenAction(input: { meetingId: string }) {
  return runAction(collabTokenSchema, input, issueNoteToken);
}
