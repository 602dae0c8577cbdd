"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { setNotificationEnabled } from "@/lib/server/notifications";
import { notificationSettingSchema } from "@/lib/validation/notifications";

export async function setNotificationAction(_prev: unknown, formData: FormData) {
  const result = await runAction(notificationSettingSchema, formObject(formData), setNotificationEnabled);
  if (result.ok) revalidatePath("/settings");
  return result;
}
