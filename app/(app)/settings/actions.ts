"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { formObject, runAction } from "@/lib/actions";
import { setNotificationEnabled } from "@/lib/server/notifications";
import { notificationSettingSchema } from "@/lib/validation/notifications";
import { themeSchema } from "@/lib/validation/preferences";
import { THEME_COOKIE, THEME_COOKIE_MAX_AGE } from "@/lib/theme";

export async function setNotificationAction(_prev: unknown, formData: FormData) {
  const result = await runAction(notificationSettingSchema, formObject(formData), setNotificationEnabled);
  if (result.ok) revalidatePath("/settings");
  return result;
}

/**
 * The colour theme of this browser: a cookie, not a row, so that the server renders the chosen
 * theme on every page (sign-in included) without asking the database. It holds one of three
 * words and nothing about the person.
 */
export async function setThemeAction(_prev: unknown, formData: FormData) {
  const result = await runAction(themeSchema, formObject(formData), async (_actor, { theme }) => {
    (await cookies()).set(THEME_COOKIE, theme, { path: "/", maxAge: THEME_COOKIE_MAX_AGE, sameSite: "lax", httpOnly: true });
    return { theme };
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
