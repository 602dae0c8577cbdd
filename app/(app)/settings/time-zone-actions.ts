"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { setOwnTimeZone } from "@/lib/server/profile";
import { ownTimeZoneSchema } from "@/lib/validation/profile";

export async function setTimeZoneAction(_prev: unknown, formData: FormData) {
  const result = await runAction(ownTimeZoneSchema, formObject(formData), setOwnTimeZone);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
