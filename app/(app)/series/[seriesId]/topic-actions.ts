"use server";

import { formObject, runAction } from "@/lib/actions";
import { addTopic, editTopic, moveTopic, removeTopic, setTopicDiscussed } from "@/lib/server/topics";
import { addTopicSchema, editTopicSchema, moveTopicSchema, topicDiscussedSchema, topicIdSchema } from "@/lib/validation/topics";
import { refreshed } from "./refreshed";

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
