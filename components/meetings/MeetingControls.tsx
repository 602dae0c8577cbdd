"use client";

import Link from "next/link";
import { useState } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, FormMessage, secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { MEETING_STATUS_LABELS } from "@/lib/labels";

type Action<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T> | undefined>;
type Props = {
  meetingId: string;
  seriesId: string;
  status: "scheduled" | "in_progress" | "completed" | "cancelled";
  /** What the server allows this person now (lib/policy): the controls follow, the server decides. */
  canStart: boolean;
  canComplete: boolean;
  canReopen: boolean;
  /** What completing carries over, shown in the confirm step. */
  summary: { undiscussedTopics: number; openActionItems: number };
  /** Already formatted on the server: "Completed on ...", "Priya reopened this meeting on ...". */
  completedOn: string | null;
  reopenedNote: string | null;
  start: Action<unknown>;
  complete: Action<{ nextMeetingId: string | null }>;
  reopen: Action<unknown>;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Start, complete (after a confirm step that says what carries over) and, for the manager within
 * 24 hours, reopen the meeting. Completing makes the meeting's record read-only.
 */
export function MeetingControls(props: Props) {
  const { meetingId, seriesId, status, canStart, canComplete, canReopen, summary, completedOn, reopenedNote } = props;
  const started = useActionForm(props.start);
  const completed = useActionForm(props.complete);
  const reopened = useActionForm(props.reopen);
  const [confirming, setConfirming] = useState(false);
  // A new status (completed, reopened) closes the confirm step; the action results stay to be shown.
  const [shownStatus, setShownStatus] = useState(status);
  if (shownStatus !== status) {
    setShownStatus(status);
    setConfirming(false);
  }
  const next = completed.state?.ok ? completed.state.data.nextMeetingId : null;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        Status: <strong data-testid="meeting-status">{MEETING_STATUS_LABELS[status]}</strong>
        {status === "completed" && completedOn ? <span data-testid="completed-on"> · {completedOn}</span> : null}
      </p>
      {status === "completed" ? (
        <p className="text-sm text-stone-700" data-testid="read-only-note">
          This meeting is completed: its agenda, topics, action items and working agreement are read-only. Your private notes stay yours to edit.
        </p>
      ) : null}
      {reopenedNote ? (
        <p className="text-sm text-stone-700" data-testid="reopened-note">
          {reopenedNote}
        </p>
      ) : null}
      <FormMessage result={started.state} />
      <FormMessage result={completed.state} />
      <FormMessage result={reopened.state} />
      <div className="flex flex-wrap gap-3">
        {canStart ? (
          <form {...started.formProps}>
            <input type="hidden" name="meetingId" value={meetingId} />
            <button className={secondaryButtonClass} disabled={started.pending}>
              Start meeting
            </button>
          </form>
        ) : null}
        {canComplete && !confirming ? (
          <button type="button" className={buttonClass} onClick={() => setConfirming(true)}>
            Complete meeting
          </button>
        ) : null}
        {canReopen ? (
          <form {...reopened.formProps}>
            <input type="hidden" name="meetingId" value={meetingId} />
            <button className={secondaryButtonClass} disabled={reopened.pending}>
              {reopened.pending ? "Reopening..." : "Reopen meeting"}
            </button>
          </form>
        ) : null}
      </div>
      {canComplete && confirming ? (
        <div
          role="alertdialog"
          aria-labelledby="complete-title"
          aria-describedby="complete-summary"
          className="rounded border border-amber-300 bg-amber-50 p-3"
        >
          <h3 id="complete-title" className="font-medium text-stone-900">
            Complete this meeting?
          </h3>
          <p id="complete-summary" className="mt-1 text-sm text-stone-800" data-testid="carry-over-summary">
            {plural(summary.undiscussedTopics, "topic not yet discussed", "topics not yet discussed")} and{" "}
            {plural(summary.openActionItems, "open action item", "open action items")} will carry over to the next meeting. After that, this meeting&apos;s
            agenda, topics and action items are read-only.
          </p>
          <form {...completed.formProps} className="mt-3 flex flex-wrap gap-3">
            <input type="hidden" name="meetingId" value={meetingId} />
            <button className={buttonClass} disabled={completed.pending}>
              {completed.pending ? "Completing..." : "Yes, complete the meeting"}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)} disabled={completed.pending}>
              Keep it open
            </button>
          </form>
        </div>
      ) : null}
      {status === "scheduled" && !canComplete ? (
        <p className="text-sm text-stone-600">You can complete this meeting once it has started or its time has come.</p>
      ) : null}
      {status === "completed" ? (
        <p role="status" className="text-sm text-stone-700">
          Open topics and action items were carried over to the next meeting.{" "}
          {next ? (
            <Link href={`/series/${seriesId}/meetings/${next}`} className="text-teal-800 underline">
              Open the next meeting
            </Link>
          ) : (
            <Link href={`/series/${seriesId}`} className="text-teal-800 underline">
              See the series
            </Link>
          )}
        </p>
      ) : null}
    </div>
  );
}
