"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { recordEscalation } from "@/lib/server/escalations";
import { issueNoteToken } from "@/lib/server/collab";
import { requestShare } from "@/lib/server/sharing";
import { acknowledgeTerms, updateTerms } from "@/lib/server/terms";
import { setKeepOutOfThemes } from "@/lib/server/themes";
import { collabTokenSchema } from "@/lib/validation/agenda";
import {
  acknowledgeTermsSchema,
  escalationSchema,
  keepOutSchema,
  shareRequestSchema,
  updateTermsSchema,
} from "@/lib/validation/confidentiality";

/** A short-lived token that opens the caller's own private note on this meeting, and nobody else's. */
export async function noteTokenAction(input: { meetingId: string }) {
  return runAction(collabTokenSchema, input, issueNoteToken);
}

export async function acknowledgeTermsAction(_prev: unknown, formData: FormData) {
  const result = await runAction(acknowledgeTermsSchema, formObject(formData), acknowledgeTerms);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function updateTermsAction(_prev: unknown, formData: FormData) {
  const result = await runAction(updateTermsSchema, formObject(formData), updateTerms);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function requestShareAction(_prev: unknown, formData: FormData) {
  return runAction(shareRequestSchema, formObject(formData), requestShare);
}

export async function recordEscalationAction(_prev: unknown, formData: FormData) {
  return runAction(escalationSchema, formObject(formData), recordEscalation);
}

export async function keepOutAction(_prev: unknown, formData: FormData) {
  return runAction(keepOutSchema, formObject(formData), setKeepOutOfThemes);
}
