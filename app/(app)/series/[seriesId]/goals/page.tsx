import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { formatDate, formatDateFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { listGoals } from "@/lib/server/goal-views";
import { GoalForm } from "@/components/goals/GoalForm";
import { progressText, StatusBadge } from "@/components/goals/StatusBadge";
import { Card, PageHeader } from "@/components/ui/Card";
import { createGoalAction } from "./actions";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "Goals" };

export default async function GoalsPage({ params }: { params: Promise<{ seriesId: string }> }) {
  const { seriesId } = await params;
  if (!isUuid(seriesId)) notFound();
  const actor = await requireUser();
  const page = await listGoals(actor, seriesId).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const viewer = await viewerTimeZone(actor);
  return (
    <>
      <PageHeader
        title={`Goals: ${page.managerName} & ${page.reportName}`}
        subtitle={
          <>
            SMART goals you set and review together ·{" "}
            <Link href={`/series/${seriesId}`} className="text-teal-800 underline">
              Back to the series
            </Link>
          </>
        }
      />
      <div className="flex flex-col gap-6">
        <Card title="Your goals">
          {page.capabilities.read && !page.capabilities.write ? (
            <p className="mb-3 text-sm text-stone-600">While covering, you can read these goals but not change them.</p>
          ) : null}
          {page.goals.length === 0 ? (
            <p className="text-sm text-stone-600">No goals yet.</p>
          ) : (
            <ul className="divide-y divide-stone-100">
              {page.goals.map((g) => (
                <li key={g.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="goal-row">
                  <div className="min-w-0 wrap-anywhere">
                    <Link href={`/series/${seriesId}/goals/${g.id}`} dir="auto" className="font-medium text-stone-900 underline">
                      {g.title}
                    </Link>
                    <p className="text-sm text-stone-600">
                      Due {formatDate(g.dueDate)} · {progressText(g.progress)}
                    </p>
                    <p className="text-sm text-stone-700">
                      {g.lastReviewedTogetherAt ? `Reviewed together on ${formatDateFor(g.lastReviewedTogetherAt, viewer)}` : "Not yet reviewed together"}
                    </p>
                    {g.needsReview ? <p className="text-sm font-medium text-amber-800">⚠ Nobody reviewed this goal in the last 30 days</p> : null}
                  </div>
                  <StatusBadge status={g.status} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        {page.capabilities.write ? (
          <Card title="New goal">
            <GoalForm action={createGoalAction} hidden={{ seriesId }} submitLabel="Create goal" idPrefix="new" />
          </Card>
        ) : null}
      </div>
    </>
  );
}
