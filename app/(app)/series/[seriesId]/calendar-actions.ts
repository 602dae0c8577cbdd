"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { createFeed, revokeFeed } from "@/lib/server/calendar-feeds";
import { calendarFeedActionSchema } from "@/lib/validation/notifications";

async function baseUrl() {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

/** Creates (or regenerates: the old link stops working) or revokes the person's feed link. */
export async function calendarFeedAction(_prev: unknown, formData: FormData) {
  const url = await baseUrl();
  const result = await runAction(calendarFeedActionSchema, formObject(formData), async (actor, data) => {
    if (data.intent === "revoke") {
      await revokeFeed(actor, data);
      return { url: null };
    }
    const feed = await createFeed(actor, data);
    return { url: `${url}${feed.path}` };
  });
  if (result.ok) revalidatePath(`/series/${String(formObject(formData).seriesId)}`);
  return result;
}
