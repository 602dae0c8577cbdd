"use server";

import { formObject, runAction } from "@/lib/actions";
import { recordEscalation } from "@/lib/server/escalations";
import { requestShare } from "@/lib/server/sharing";
import { setKeepOutOfThemes } from "@/lib/server/themes";
import { escalationSchema, keepOutSchema, shareRequestSchema } from "@/lib/validation/confidentiality";

export async function requestShareAction(_prev: unknown, formData: FormData) {
  return runAction(shareRequestSchema, formObject(formData), requestShare);
}

export async function recordEscalationAction(_prev: unknown, formData: FormData) {
  return runAction(escalationSchema, formObject(formData), recordEscalation);
}

export async function keepOutAction(_prev: unknown, formData: FormData) {
  return runAction(keepOutSchema, formObject(formData), setKeepOutOfThemes);
}
