"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { appBaseUrl } from "@/lib/env";
import { createFeed, revokeFeed } from "@/lib/server/calendar-feeds";
import { calendarFeedActionSchema } from "@/lib/validation/calendar";

/** Creates (or regenerates: the old link stops working) or revokes the person's feed link. */
export async function calendarFeedAction(_prev: unknown, formData: FormData) {
  const url = appBaseUrl(await headers());
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
