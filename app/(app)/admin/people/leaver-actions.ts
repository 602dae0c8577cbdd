"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { erasePerson } from "@/lib/server/erasure";
import { setNoteRetention } from "@/lib/server/leavers";
import { erasureSchema, noteRetentionSchema } from "@/lib/validation/leavers";

// The people page's leaver doors (deactivation itself is setActiveAction in ./actions.ts).

export async function setNoteRetentionAction(_prev: unknown, formData: FormData) {
  const result = await runAction(noteRetentionSchema, formObject(formData), setNoteRetention);
  if (result.ok) revalidatePath("/admin/people");
  return result;
}

/** An erasure request; with dryRun the answer is the report and nothing changes. */
export async function eraseAction(_prev: unknown, formData: FormData) {
  const result = await runAction(erasureSchema, formObject(formData), erasePerson);
  if (result.ok && !result.data.dryRun) revalidatePath("/admin/people");
  return result;
}
