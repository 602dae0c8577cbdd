"use server";

import { formObject, runAction } from "@/lib/actions";
import { updateSeriesSettings } from "@/lib/server/series-settings";
import { updateSeriesSettingsSchema } from "@/lib/validation/series";
import { refreshed } from "./refreshed";

export async function updateSeriesSettingsAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(updateSeriesSettingsSchema, formObject(formData), updateSeriesSettings));
}
