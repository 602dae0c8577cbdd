"use server";

import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { formatMeetingTime } from "@/lib/format";
import { markLeave } from "@/lib/server/schedule-changes";
import { markLeaveSchema } from "@/lib/validation/leave";

/** The meetings with their time written out here, so that the form needs no date library in the browser. */
const withWhen = (result: Awaited<ReturnType<typeof markLeave>>) => ({
  ...result,
  meetings: result.meetings.map((m) => ({ ...m, when: formatMeetingTime(m.at, m.timeZone) })),
});

/** Without confirm: which meetings the leave would cancel. With confirm: cancels them, names the covering manager. */
export async function markLeaveAction(_prev: unknown, formData: FormData) {
  const result = await runAction(markLeaveSchema, formObject(formData), (actor, data) => markLeave(actor, data).then(withWhen));
  if (result.ok && result.data.confirmed) {
    revalidatePath("/team");
    revalidatePath("/series/[seriesId]", "layout");
    revalidatePath("/dashboard");
  }
  return result;
}
