"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, runAction } from "@/lib/actions";
import { startSeries } from "@/lib/server/series";
import { startSeriesSchema } from "@/lib/validation/series";

export async function startSeriesAction(_prev: unknown, formData: FormData) {
  const result = await runAction(startSeriesSchema, formObject(formData, ["reportIds"]), startSeries);
  if (!result.ok) return result;
  revalidatePath("/team");
  redirect(`/team?started=${result.data.length}`);
}
