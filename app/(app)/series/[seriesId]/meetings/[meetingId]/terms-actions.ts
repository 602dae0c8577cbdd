"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { acknowledgeTerms, updateTerms } from "@/lib/server/terms";
import { acknowledgeTermsSchema, updateTermsSchema } from "@/lib/validation/confidentiality";

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
