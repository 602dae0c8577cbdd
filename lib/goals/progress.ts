/** Progress and status of a goal: pure, shared by the server and the pages. */
export const GOAL_STATUSES = ["on_track", "at_risk", "off_track", "done", "dropped"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const STATUS_LABELS: Record<GoalStatus, string> = {
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  done: "Done",
  dropped: "Dropped",
};

type Measure = { measureKind: "numeric" | "done_condition"; baseline: number | null; target: number | null };

/** How far a check-in is toward the target: 0 at the baseline, 1 at the target (not clamped). */
export function progressRatio(goal: Measure, checkIn: { value: number | null; percent: number | null }): number | null {
  if (goal.measureKind === "done_condition") return checkIn.percent === null ? null : checkIn.percent / 100;
  if (checkIn.value === null || goal.target === null) return null;
  const base = goal.baseline ?? 0;
  return goal.target === base ? null : (checkIn.value - base) / (goal.target - base);
}

const DAY = 86_400_000;
export const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** How much of the time from the goal's start to its due date has passed, 0..1. */
export function elapsedRatio(start: Date, dueDate: string, now: Date): number {
  const span = dayStart(dueDate) + DAY - start.getTime();
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (now.getTime() - start.getTime()) / span));
}

/**
 * The status that progress suggests: done once the target is reached, on track while progress
 * keeps up with elapsed time (within 10 points), at risk within 30 points, else off track.
 */
export function suggestStatus(progress: number | null, elapsed: number): Exclude<GoalStatus, "dropped"> {
  const p = progress ?? 0;
  if (p >= 1) return "done";
  if (p >= elapsed - 0.1) return "on_track";
  if (p >= elapsed - 0.3) return "at_risk";
  return "off_track";
}
