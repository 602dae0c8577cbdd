"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { undoScheduleChange } from "@/lib/server/schedule-changes";
import { undoChangeSchema } from "@/lib/validation/leave";
import { cancelMeeting, completeMeeting, moveMeeting, reopenMeeting, startMeeting } from "@/lib/server/meetings";
import { meetingIdSchema, moveMeetingSchema } from "@/lib/validation/meetings";
import { refreshed } from "./refreshed";

export async function startMeetingAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(meetingIdSchema, formObject(formData), startMeeting));
}
export async function completeMeetingAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(meetingIdSchema, formObject(formData), completeMeeting));
}
/** The manager only, within 24 hours of completion (lib/policy); recorded for the report to see. */
export async function reopenMeetingAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(meetingIdSchema, formObject(formData), reopenMeeting));
}
export async function cancelMeetingAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(meetingIdSchema, formObject(formData), cancelMeeting));
}
export async function moveMeetingAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(moveMeetingSchema, formObject(formData), moveMeeting));
}
/** Takes back the caller's own cancel, move or leave within 24 hours (lib/policy assertMayUndo). */
export async function undoChangeAction(_prev: unknown, formData: FormData) {
  const result = refreshed(await runAction(undoChangeSchema, formObject(formData), undoScheduleChange));
  if (result.ok) revalidatePath("/team");
  return result;
}
