"use client";

import Link from "next/link";
import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, FormMessage, secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

type Action<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T> | undefined>;
type Props = {
  meetingId: string;
  seriesId: string;
  status: "scheduled" | "in_progress" | "completed" | "cancelled";
  start: Action<unknown>;
  complete: Action<{ nextMeetingId: string | null }>;
};

const STATUS = { scheduled: "Not started", in_progress: "In progress", completed: "Completed", cancelled: "Cancelled" };

/** Start and complete the meeting; completing carries what is open over to the next meeting. */
export function MeetingControls({ meetingId, seriesId, status, start, complete }: Props) {
  const started = useActionForm(start);
  const completed = useActionForm(complete);
  const next = completed.state?.ok ? completed.state.data.nextMeetingId : null;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        Status: <strong data-testid="meeting-status">{STATUS[status]}</strong>
      </p>
      <FormMessage result={started.state} />
      <FormMessage result={completed.state} />
      <div className="flex flex-wrap gap-3">
        {status === "scheduled" ? (
          <form {...started.formProps}>
            <input type="hidden" name="meetingId" value={meetingId} />
            <button className={secondaryButtonClass} disabled={started.pending}>Start meeting</button>
          </form>
        ) : null}
        {status === "scheduled" || status === "in_progress" ? (
          <form {...completed.formProps}>
            <input type="hidden" name="meetingId" value={meetingId} />
            <button className={buttonClass} disabled={completed.pending}>{completed.pending ? "Completing..." : "Complete meeting"}</button>
          </form>
        ) : null}
      </div>
      {status === "completed" || next ? (
        <p role="status" className="text-sm text-stone-700">
          Open topics and action items were carried over to the next meeting.{" "}
          {next ? (
            <Link href={`/series/${seriesId}/meetings/${next}`} className="text-teal-800 underline">Open the next meeting</Link>
          ) : (
            <Link href={`/series/${seriesId}`} className="text-teal-800 underline">See the series</Link>
          )}
        </p>
      ) : null}
    </div>
  );
}
