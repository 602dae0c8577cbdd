"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { startSeries } from "@/lib/server/series";
import { startSeriesSchema } from "@/lib/validation/series";

export async function startSeriesAction(_prev: unknown, formData: FormData) {
  const result = await runAction(startSeriesSchema, formObject(formData, ["reportIds"]), startSeries);
  if (result.ok) revalidatePath("/team");
  return result;
}
