"use server";

import { runAction } from "@/lib/actions";
import { issueAgendaToken } from "@/lib/server/collab";
import { collabTokenSchema } from "@/lib/validation/agenda";

/** A short-lived token that opens this meeting's shared agenda on the collaboration server. */
export async function agendaTokenAction(input: { meetingId: string }) {
  return runAction(collabTokenSchema, input, issueAgendaToken);
}
