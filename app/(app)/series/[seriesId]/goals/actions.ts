"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, runAction } from "@/lib/actions";
import { addCheckIn, createGoal, markGoalReviewed, setGoalStatus, updateGoal } from "@/lib/server/goals";
import { checkInSchema, createGoalSchema, goalStatusSchema, markReviewedSchema, updateGoalSchema } from "@/lib/validation/goals";

const refresh = (seriesId: string) => revalidatePath(`/series/${seriesId}`, "layout");

export async function createGoalAction(_prev: unknown, formData: FormData) {
  const result = await runAction(createGoalSchema, formObject(formData), createGoal);
  if (!result.ok) return result;
  refresh(result.data.seriesId);
  redirect(`/series/${result.data.seriesId}/goals/${result.data.id}`);
}

export async function updateGoalAction(_prev: unknown, formData: FormData) {
  const result = await runAction(updateGoalSchema, formObject(formData), updateGoal);
  if (result.ok) refresh(result.data.seriesId);
  return result;
}

export async function addCheckInAction(_prev: unknown, formData: FormData) {
  const result = await runAction(checkInSchema, formObject(formData), addCheckIn);
  if (result.ok) refresh(result.data.seriesId);
  return result;
}

export async function setGoalStatusAction(_prev: unknown, formData: FormData) {
  const result = await runAction(goalStatusSchema, formObject(formData), setGoalStatus);
  if (result.ok) refresh(result.data.seriesId);
  return result;
}

export async function markReviewedAction(_prev: unknown, formData: FormData) {
  const result = await runAction(markReviewedSchema, formObject(formData), markGoalReviewed);
  if (result.ok) refresh(result.data.seriesId);
  return result;
}
