"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { recordEscalation } from "@/lib/server/escalations";
import { savePrivateNote } from "@/lib/server/private-notes";
import { requestShare } from "@/lib/server/sharing";
import { acknowledgeTerms, updateTerms } from "@/lib/server/terms";
import { setKeepOutOfThemes } from "@/lib/server/themes";
import {
  acknowledgeTermsSchema,
  escalationSchema,
  keepOutSchema,
  savePrivateNoteSchema,
  shareRequestSchema,
  updateTermsSchema,
} from "@/lib/validation/confidentiality";

export async function savePrivateNoteAction(input: { meetingId: string; baseVersion: number; content: string }) {
  return runAction(savePrivateNoteSchema, input, savePrivateNote);
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
