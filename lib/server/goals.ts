import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { goalCheckIns, goalReviews, goals, goalVersions, meetings, reportingLines, series, topics } from "@/db/schema";
import { AppError, invalid, notFound } from "@/lib/errors";
import { elapsedRatio, progressRatio, suggestStatus } from "@/lib/goals/progress";
import type { GoalParts } from "@/lib/goals/smart";
import type { Actor, Need } from "@/lib/policy";
import type { CheckInInput, CreateGoalInput, UpdateGoalInput } from "@/lib/validation/goals";
import type { GoalStatus } from "@/lib/goals/progress";
import { authorizeSeries } from "./access";
import { isUuid } from "@/lib/validation/uuid";
import { lineOfSeries } from "./lines";

const num = (v: string | null) => (v === null ? null : Number(v));
const str = (v: number | null) => (v === null ? null : String(v));

/** The goal's series (goals belong to the reporting line, which has one series), then lib/policy. */
export async function authorizeGoal(db: Db | Tx, actor: Actor, goalId: string, need: Need) {
  if (!isUuid(goalId)) throw notFound();
  const [row] = await db
    .select({ seriesId: series.id })
    .from(goals)
    .innerJoin(series, eq(series.reportingLineId, goals.reportingLineId))
    .where(eq(goals.id, goalId));
  if (!row) throw notFound();
  return authorizeSeries(db, actor, row.seriesId, "goals", need);
}

const partsOf = (p: GoalParts) => ({
  title: p.title,
  specific: p.specific,
  measureKind: p.measureKind,
  metric: p.metric,
  baseline: str(p.baseline),
  target: str(p.target),
  unit: p.unit,
  doneCondition: p.doneCondition,
  achievable: p.achievable,
  relevant: p.relevant,
  dueDate: p.dueDate,
});

export async function createGoal(actor: Actor, input: CreateGoalInput) {
  const db = await getDb();
  await authorizeSeries(db, actor, input.seriesId, "goals", "write");
  const [s] = await db.select({ lineId: series.reportingLineId }).from(series).where(eq(series.id, input.seriesId));
  const [row] = await db
    .insert(goals)
    .values({ reportingLineId: s.lineId, ...partsOf(input), status: "on_track", createdBy: actor.id })
    .returning({ id: goals.id });
  return { id: row.id, seriesId: input.seriesId };
}

/** A goal's SMART parts as columns: what an edit changes and keeps a version of, and what the pages show. */
export const smartColumns = {
  title: goals.title,
  specific: goals.specific,
  measureKind: goals.measureKind,
  metric: goals.metric,
  baseline: goals.baseline,
  target: goals.target,
  unit: goals.unit,
  doneCondition: goals.doneCondition,
  achievable: goals.achievable,
  relevant: goals.relevant,
  dueDate: goals.dueDate,
};

/** Changes the SMART parts if nobody changed them since `baseVersion`, keeping the previous version. */
export async function updateGoal(actor: Actor, input: UpdateGoalInput) {
  const db = await getDb();
  const facts = await authorizeGoal(db, actor, input.goalId, "write");
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ version: goals.version, ...smartColumns })
      .from(goals)
      .where(eq(goals.id, input.goalId))
      .for("update");
    if (current.version !== input.baseVersion) {
      throw new AppError("conflict", "Someone changed this goal in the meantime. Reload the page to see their version, then edit again.");
    }
    const { version, ...previous } = current;
    const next = partsOf(input);
    const same = (Object.keys(next) as (keyof typeof next)[]).every((k) =>
      k === "baseline" || k === "target" ? num(previous[k]) === num(next[k]) : previous[k] === next[k],
    );
    if (same) return { id: input.goalId, seriesId: facts.seriesId, version };
    await tx.insert(goalVersions).values({ goalId: input.goalId, version, previous, changedBy: actor.id });
    await tx
      .update(goals)
      .set({ ...next, version: version + 1, updatedAt: new Date() })
      .where(and(eq(goals.id, input.goalId), eq(goals.version, version)));
    return { id: input.goalId, seriesId: facts.seriesId, version: version + 1 };
  });
}

/** The suggestion from the latest check-in against elapsed time. */
export async function suggestedStatusOf(db: Db | Tx, goalId: string, now: Date = new Date()) {
  const [goal] = await db
    .select({ measureKind: goals.measureKind, baseline: goals.baseline, target: goals.target, createdAt: goals.createdAt, dueDate: goals.dueDate })
    .from(goals)
    .where(eq(goals.id, goalId));
  const [latest] = await db
    .select({ value: goalCheckIns.value, percent: goalCheckIns.percent })
    .from(goalCheckIns)
    .where(eq(goalCheckIns.goalId, goalId))
    .orderBy(desc(goalCheckIns.checkedOn), desc(goalCheckIns.createdAt), desc(goalCheckIns.id))
    .limit(1);
  const measure = { measureKind: goal.measureKind, baseline: num(goal.baseline), target: num(goal.target) };
  const progress = latest ? progressRatio(measure, { value: num(latest.value), percent: num(latest.percent) }) : null;
  return suggestStatus(progress, elapsedRatio(goal.createdAt, goal.dueDate, now));
}

export async function addCheckIn(actor: Actor, input: CheckInInput) {
  const db = await getDb();
  const facts = await authorizeGoal(db, actor, input.goalId, "write");
  const [goal] = await db.select({ measureKind: goals.measureKind, override: goals.statusOverride }).from(goals).where(eq(goals.id, input.goalId));
  if (goal.measureKind === "numeric" && input.value === null) throw invalid({ value: ["Enter the current value toward the target."] });
  if (goal.measureKind === "done_condition" && input.percent === null) throw invalid({ percent: ["Enter how far along you are, from 0 to 100."] });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(goalCheckIns)
      .values({
        goalId: input.goalId,
        authorId: actor.id,
        checkedOn: input.checkedOn,
        value: goal.measureKind === "numeric" ? str(input.value) : null,
        percent: goal.measureKind === "numeric" ? null : str(input.percent),
        note: input.note,
      })
      .returning({ id: goalCheckIns.id });
    const status = goal.override ?? (await suggestedStatusOf(tx, input.goalId));
    await tx.update(goals).set({ status }).where(eq(goals.id, input.goalId));
    return { id: row.id, seriesId: facts.seriesId, status };
  });
}

/** The person's own status, or "auto" to follow the suggestion again. */
export async function setGoalStatus(actor: Actor, input: { goalId: string; status: GoalStatus | "auto" }) {
  const db = await getDb();
  const facts = await authorizeGoal(db, actor, input.goalId, "write");
  return db.transaction(async (tx) => {
    const override = input.status === "auto" ? null : input.status;
    const status = override ?? (await suggestedStatusOf(tx, input.goalId));
    await tx.update(goals).set({ statusOverride: override, status, updatedAt: new Date() }).where(eq(goals.id, input.goalId));
    return { id: input.goalId, seriesId: facts.seriesId, status, override };
  });
}

/** One "reviewed" mark by the actor, optionally in a meeting of the same series. */
export async function markGoalReviewed(actor: Actor, input: { goalId: string; meetingId: string | null }) {
  const db = await getDb();
  const facts = await authorizeGoal(db, actor, input.goalId, "write");
  if (input.meetingId) {
    const [m] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, input.meetingId));
    if (!m || m.seriesId !== facts.seriesId) throw invalid({ meetingId: ["This meeting is not part of this series."] });
  }
  const [row] = await db
    .insert(goalReviews)
    .values({ goalId: input.goalId, meetingId: input.meetingId, userId: actor.id })
    .returning({ id: goalReviews.id, reviewedAt: goalReviews.reviewedAt });
  return { ...row, seriesId: facts.seriesId, meetingId: input.meetingId };
}

export const STANDING_GOALS_TOPIC = "Review our SMART goals";

/**
 * In a structured series, every new meeting gets goal review as a standing agenda topic,
 * added by the manager. Called by whoever creates a meeting, inside their transaction.
 */
export async function standingTopicsFor(tx: Db | Tx, seriesId: string, meetingId: string, format: "structured" | "unstructured") {
  if (format !== "structured") return [];
  const [s] = await tx.select({ managerId: reportingLines.managerId }).from(series).innerJoin(reportingLines, lineOfSeries).where(eq(series.id, seriesId));
  if (!s) throw notFound();
  const [existing] = await tx
    .select({ id: topics.id })
    .from(topics)
    .where(and(eq(topics.meetingId, meetingId), eq(topics.text, STANDING_GOALS_TOPIC)));
  if (existing) return [];
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${topics.position}), -1) + 1`.mapWith(Number) })
    .from(topics)
    .where(eq(topics.meetingId, meetingId));
  return tx
    .insert(topics)
    .values({ meetingId, seriesId, authorId: s.managerId, text: STANDING_GOALS_TOPIC, kind: "strategic", category: "career_growth", position: next })
    .returning({ id: topics.id, text: topics.text });
}
