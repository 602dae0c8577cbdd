import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { formatDate, formatDateFor, formatTimeFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { STATUS_LABELS } from "@/lib/goals/progress";
import { todayUtc } from "@/lib/goals/smart";
import { getGoal } from "@/lib/server/goal-views";
import { CheckInForm } from "@/components/goals/CheckInForm";
import { GoalChart } from "@/components/goals/GoalChart";
import { GoalForm } from "@/components/goals/GoalForm";
import { GoalHistory } from "@/components/goals/GoalHistory";
import { ReviewButton } from "@/components/goals/ReviewButton";
import { percentOf, StatusBadge } from "@/components/goals/StatusBadge";
import { StatusForm } from "@/components/goals/StatusForm";
import { Card, PageHeader } from "@/components/ui/Card";
import { addCheckInAction, markReviewedAction, setGoalStatusAction, updateGoalAction } from "../actions";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "Goal" };

export default async function GoalPage({ params }: { params: Promise<{ seriesId: string; goalId: string }> }) {
  const { seriesId, goalId } = await params;
  if (!isUuid(goalId)) notFound();
  const actor = await requireUser();
  const viewer = await viewerTimeZone(actor);
  const page = await getGoal(actor, goalId).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  if (page.seriesId !== seriesId) notFound();
  const { goal } = page;
  const measure =
    goal.measureKind === "numeric"
      ? `${goal.metric}: from ${goal.baseline ?? 0} to ${goal.target}${goal.unit ? ` ${goal.unit}` : ""}`
      : `Done when: ${goal.doneCondition}`;
  const asText = (n: number | null) => (n === null ? "" : String(n));
  return (
    <>
      <PageHeader
        title={goal.title}
        subtitle={
          <>
            Goal of {page.managerName} & {page.reportName} · due {formatDate(goal.dueDate)} ·{" "}
            <Link href={`/series/${seriesId}/goals`} className="text-teal-800 underline">
              All goals
            </Link>
          </>
        }
        actions={<StatusBadge status={goal.status} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <Card title="The goal">
            <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
              <dt className="font-medium text-stone-700">Specific</dt>
              <dd dir="auto" className="whitespace-pre-wrap wrap-anywhere">
                {goal.specific}
              </dd>
              <dt className="font-medium text-stone-700">Measurable</dt>
              <dd dir="auto" className="whitespace-pre-wrap wrap-anywhere">
                {measure}
              </dd>
              <dt className="font-medium text-stone-700">Achievable</dt>
              <dd dir="auto" className="whitespace-pre-wrap wrap-anywhere">
                {goal.achievable}
              </dd>
              <dt className="font-medium text-stone-700">Relevant</dt>
              <dd dir="auto" className="whitespace-pre-wrap wrap-anywhere">
                {goal.relevant}
              </dd>
              <dt className="font-medium text-stone-700">Time-bound</dt>
              <dd>Due {formatDate(goal.dueDate)}</dd>
            </dl>
          </Card>
          <Card title="Progress">
            <GoalChart createdAt={goal.createdAt} dueDate={goal.dueDate} checkIns={goal.checkIns} />
            <h3 className="mt-4 mb-2 font-semibold text-stone-900">Check-ins</h3>
            {goal.checkIns.length === 0 ? (
              <p className="text-sm text-stone-600">No check-ins yet.</p>
            ) : (
              <ul className="mb-4 divide-y divide-stone-100 text-sm" aria-label="Check-ins">
                {[...goal.checkIns].reverse().map((c) => (
                  <li key={c.id} className="py-2">
                    <span className="font-medium">{formatDate(c.checkedOn)}</span> · {c.authorName} ·{" "}
                    {c.value !== null ? `${c.value}${goal.unit ? ` ${goal.unit}` : ""} (${percentOf(c.progress)})` : `${c.percent} %`}
                    {c.note ? (
                      <span dir="auto" className="block whitespace-pre-wrap wrap-anywhere text-stone-700">
                        {c.note}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {page.capabilities.checkIn ? (
              <CheckInForm action={addCheckInAction} goalId={goal.id} measureKind={goal.measureKind} target={goal.target} unit={goal.unit} today={todayUtc()} />
            ) : null}
          </Card>
          {page.capabilities.write ? (
            <Card title="Edit the goal">
              <details>
                <summary className="cursor-pointer text-sm font-medium text-teal-800">Change the SMART parts (the previous version is kept)</summary>
                <div className="mt-4">
                  <GoalForm
                    action={updateGoalAction}
                    hidden={{ goalId: goal.id, baseVersion: String(goal.version) }}
                    initial={{
                      title: goal.title,
                      specific: goal.specific,
                      measureKind: goal.measureKind,
                      metric: goal.metric ?? "",
                      baseline: asText(goal.baseline),
                      target: asText(goal.target),
                      unit: goal.unit ?? "",
                      doneCondition: goal.doneCondition ?? "",
                      achievable: goal.achievable,
                      relevant: goal.relevant,
                      dueDate: goal.dueDate,
                    }}
                    submitLabel="Save changes"
                    idPrefix="edit"
                    key={goal.version}
                  />
                </div>
              </details>
            </Card>
          ) : null}
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Status">
            <p className="mb-3 text-sm text-stone-700">
              Suggested from progress against time: <strong>{STATUS_LABELS[goal.suggested]}</strong>.{" "}
              {goal.statusOverride ? `You set it to ${STATUS_LABELS[goal.statusOverride]}.` : "Following the suggestion."}
            </p>
            {page.capabilities.setStatus ? (
              <StatusForm action={setGoalStatusAction} goalId={goal.id} override={goal.statusOverride} suggested={goal.suggested} />
            ) : null}
          </Card>
          <Card title="Reviewed together">
            <p className="mb-3 text-sm text-stone-700">
              {goal.lastReviewedTogetherAt ? `Reviewed together on ${formatDateFor(goal.lastReviewedTogetherAt, viewer)}.` : "Not yet reviewed by both of you."}
            </p>
            {page.capabilities.review ? <ReviewButton action={markReviewedAction} goalId={goal.id} goalTitle={goal.title} /> : null}
            {page.reviews.length ? (
              <ul className="mt-3 text-sm text-stone-700" aria-label="Review marks">
                {page.reviews.map((r) => (
                  <li key={r.id}>
                    {r.name}: {formatTimeFor(r.reviewedAt, viewer)}
                  </li>
                ))}
              </ul>
            ) : null}
          </Card>
          <GoalHistory versions={page.versions} viewerZone={viewer} />
        </div>
      </div>
    </>
  );
}
