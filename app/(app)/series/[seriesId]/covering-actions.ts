"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { assignCovering, endCovering } from "@/lib/server/covering";
import { coveringSchema, endCoveringSchema } from "@/lib/validation/confidentiality";

export async function assignCoveringAction(_prev: unknown, formData: FormData) {
  const result = await runAction(coveringSchema, formObject(formData), assignCovering);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function endCoveringAction(_prev: unknown, formData: FormData) {
  const result = await runAction(endCoveringSchema, formObject(formData), endCovering);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
