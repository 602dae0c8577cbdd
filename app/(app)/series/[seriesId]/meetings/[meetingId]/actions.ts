"use server";

import { runAction } from "@/lib/actions";
import { saveAgenda } from "@/lib/server/agenda";
import { saveAgendaSchema } from "@/lib/validation/agenda";

export async function saveAgendaAction(input: { meetingId: string; baseVersion: number; content: string }) {
  return runAction(saveAgendaSchema, input, saveAgenda);
}
