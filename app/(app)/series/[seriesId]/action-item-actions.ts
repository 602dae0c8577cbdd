"use server";

import { formObject, runAction } from "@/lib/actions";
import { addActionItem, removeActionItem, setActionItemDone } from "@/lib/server/action-items";
import { actionItemDoneSchema, actionItemIdSchema, addActionItemSchema } from "@/lib/validation/action-items";
import { refreshed } from "./refreshed";

export async function addActionItemAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(addActionItemSchema, formObject(formData), addActionItem));
}
export async function actionItemDoneAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(actionItemDoneSchema, formObject(formData), setActionItemDone));
}
export async function removeActionItemAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(actionItemIdSchema, formObject(formData), removeActionItem));
}
