import Link from "next/link";
import { markReviewedAction } from "@/app/(app)/series/[seriesId]/goals/actions";
import { formatDate } from "@/lib/format";
import type { MeetingWorkspace } from "@/lib/server/meeting-page";
import { Card } from "@/components/ui/Card";
import { ReviewButton } from "./ReviewButton";
import { progressText, StatusBadge } from "./StatusBadge";

/** The meeting page's "Goals" section: the active goals, each marked reviewed by each person. */
export function MeetingGoals({
  meetingId,
  seriesId,
  goals: page,
  canReview,
}: {
  meetingId: string;
  seriesId: string;
  goals: NonNullable<MeetingWorkspace["goals"]>;
  canReview: boolean;
}) {
  const goalsHref = `/series/${seriesId}/goals`;
  return (
    <Card
      title="Goals"
      actions={
        <Link href={goalsHref} className="text-sm text-teal-800 underline">
          All goals
        </Link>
      }
    >
      {page.goals.length === 0 ? (
        <p className="text-sm text-stone-600">
          No active goals.{" "}
          <Link href={goalsHref} className="text-teal-800 underline">
            Set a SMART goal together
          </Link>
          .
        </p>
      ) : (
        <ul className="divide-y divide-stone-100">
          {page.goals.map((g) => (
            <li key={g.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0 wrap-anywhere">
                <Link href={`${goalsHref}/${g.id}`} dir="auto" className="font-medium text-stone-900 underline">
                  {g.title}
                </Link>{" "}
                <StatusBadge status={g.status} />
                <p className="text-sm text-stone-600">
                  Due {formatDate(g.dueDate)} · {progressText(g.progress)} · in this meeting: {page.managerName} {g.managerMarked ? "reviewed" : "not yet"},{" "}
                  {page.reportName} {g.reportMarked ? "reviewed" : "not yet"}
                </p>
              </div>
              {canReview ? (
                g.markedByMe ? (
                  <span className="text-sm text-teal-800">You marked it reviewed</span>
                ) : (
                  <ReviewButton action={markReviewedAction} goalId={g.id} goalTitle={g.title} meetingId={meetingId} />
                )
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
