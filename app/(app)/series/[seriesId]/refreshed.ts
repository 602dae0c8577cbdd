import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/actions";

/** Meetings, topics and action items show on the series pages and the dashboard. */
export function refreshed<T>(result: ActionResult<T>) {
  if (result.ok) {
    revalidatePath("/series/[seriesId]", "layout");
    revalidatePath("/dashboard");
  }
  return result;
}
