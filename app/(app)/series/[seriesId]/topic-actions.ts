"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction, type ActionResult } from "@/lib/actions";
import { addActionItem, removeActionItem, setActionItemDone } from "@/lib/server/action-items";
import { cancelMeeting, completeMeeting, moveMeeting, reopenMeeting, startMeeting } from "@/lib/server/meetings";
import { updateSeriesSettings } from "@/lib/server/series-settings";
import { addTopic, editTopic, moveTopic, removeTopic, setTopicDiscussed } from "@/lib/server/topics";
import { saveWorkingAgreement } from "@/lib/server/working-agreement";
import {
  actionItemDoneSchema,
  actionItemIdSchema,
  addActionItemSchema,
  addTopicSchema,
  editTopicSchema,
  meetingIdSchema,
  moveMeetingSchema,
  moveTopicSchema,
  topicDiscussedSchema,
  topicIdSchema,
  updateSeriesSettingsSchema,
  workingAgreementSchema,
} from "@/lib/validation/topics";

// Meetings, topics and action items show on the series pages and the dashboard.
function refreshed<T>(result: ActionResult<T>) {
  if (result.ok) {
    revalidatePath("/series/[seriesId]", "layout");
    revalidatePath("/dashboard");
  }
  return result;
}

export async function addTopicAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(addTopicSchema, formObject(formData), addTopic));
}
export async function editTopicAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(editTopicSchema, formObject(formData), editTopic));
}
export async function removeTopicAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(topicIdSchema, formObject(formData), removeTopic));
}
export async function moveTopicAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(moveTopicSchema, formObject(formData), moveTopic));
}
export async function discussTopicAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(topicDiscussedSchema, formObject(formData), setTopicDiscussed));
}

export async function addActionItemAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(addActionItemSchema, formObject(formData), addActionItem));
}
export async function actionItemDoneAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(actionItemDoneSchema, formObject(formData), setActionItemDone));
}
export async function removeActionItemAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(actionItemIdSchema, formObject(formData), removeActionItem));
}

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

export async function updateSeriesSettingsAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(updateSeriesSettingsSchema, formObject(formData), updateSeriesSettings));
}
export async function saveWorkingAgreementAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(workingAgreementSchema, formObject(formData), saveWorkingAgreement));
}
