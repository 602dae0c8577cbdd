import { STATUS_LABELS, type GoalStatus } from "@/lib/goals/progress";

const TONE: Record<GoalStatus, string> = {
  on_track: "bg-teal-50 text-teal-900 border-teal-200",
  at_risk: "bg-amber-50 text-amber-900 border-amber-200",
  off_track: "bg-red-50 text-red-900 border-red-200",
  done: "bg-stone-100 text-stone-900 border-stone-300",
  dropped: "bg-stone-100 text-stone-700 border-stone-300",
};

export function StatusBadge({ status }: { status: GoalStatus }) {
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium ${TONE[status]}`}>{STATUS_LABELS[status]}</span>;
}

export const percentOf = (progress: number | null) => (progress === null ? "–" : `${Math.round(progress * 100)} %`);
/** "progress 40 %", or "no check-in yet" for a goal nobody has checked in on. */
export const progressText = (progress: number | null) => (progress === null ? "no check-in yet" : `progress ${percentOf(progress)}`);
