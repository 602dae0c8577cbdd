"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { grantHandoff, revokeHandoff } from "@/lib/server/handoff";
import { decideShare } from "@/lib/server/sharing";
import { setThemeThreshold } from "@/lib/server/themes";
import { decideShareSchema, handoffSchema, themeThresholdSchema } from "@/lib/validation/confidentiality";

export async function decideShareAction(_prev: unknown, formData: FormData) {
  const result = await runAction(decideShareSchema, formObject(formData), decideShare);
  if (result.ok) revalidatePath("/privacy/sharing");
  return result;
}

export async function grantHandoffAction(_prev: unknown, formData: FormData) {
  const result = await runAction(handoffSchema, formObject(formData), grantHandoff);
  if (result.ok) revalidatePath("/privacy/handoff");
  return result;
}

export async function revokeHandoffAction(_prev: unknown, formData: FormData) {
  const result = await runAction(handoffSchema, formObject(formData), revokeHandoff);
  if (result.ok) revalidatePath("/privacy/handoff");
  return result;
}

export async function setThemeThresholdAction(_prev: unknown, formData: FormData) {
  const result = await runAction(themeThresholdSchema, formObject(formData), setThemeThreshold);
  if (result.ok) revalidatePath("/admin/people");
  return result;
}
