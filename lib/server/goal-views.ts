import "server-only";
import { asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db } from "@/db/client";
import { goalCheckIns, goalReviews, goals, goalVersions, reportingLines, series, users } from "@/db/schema";
import { elapsedRatio, progressRatio, suggestStatus, type GoalStatus } from "@/lib/goals/progress";
import { type Actor, goalCapabilities } from "@/lib/policy";
import { authorizeSeries } from "./access";
import { recordCoveringRead } from "./access-log";
import { authorizeGoal, smartColumns } from "./goals";
import { lineOfSeries, nameOf, qualified } from "./lines";

const REVIEW_WINDOW_MS = 30 * 86_400_000;
const num = (v: string | null) => (v === null ? null : Number(v));
/** One order for a pair's goals wherever they are listed: by due date, then as they were made. */
export const GOAL_ORDER = [asc(goals.dueDate), asc(goals.createdAt), asc(goals.id)] as const;

const goalColumns = {
  id: goals.id,
  ...smartColumns,
  statusOverride: goals.statusOverride,
  version: goals.version,
  createdAt: goals.createdAt,
  updatedAt: goals.updatedAt,
};
type Pair = { managerId: string; reportId: string };

/**
 * What the summary needs besides a goal's own columns, read with each goal rather than in
 * statements of their own: its latest check-in (value, percent and day as text, newest first as
 * on the goal's page) and each person's latest review mark, with whether they made one in
 * `meetingId`.
 */
type LatestCheckIn = [value: string | null, percent: string | null, checkedOn: string] | null;
type Marks = [userId: string, at: string, inMeeting: boolean][];
const summaryColumns = (meetingId?: string) => ({
  latestCheckIn: sql<LatestCheckIn>`(select array[c.value::text, c.percent::text, c.checked_on::text]
    from ${goalCheckIns} c where c.goal_id = ${qualified(goals.id)} order by c.checked_on desc, c.created_at desc limit 1)`,
  marks: sql<Marks>`(select coalesce(json_agg(json_build_array(r.user_id, r.at, r.in_meeting)), '[]'::json)
    from (select m.user_id, max(m.reviewed_at) as at, ${meetingId ? sql`coalesce(bool_or(m.meeting_id = ${meetingId}), false)` : sql`false`} as in_meeting
      from ${goalReviews} m where m.goal_id = ${qualified(goals.id)} group by m.user_id) r)`,
});
const summarizedColumns = (meetingId?: string) => ({ ...goalColumns, ...summaryColumns(meetingId) });
type GoalRow = Pick<typeof goals.$inferSelect, keyof typeof goalColumns> & { latestCheckIn: LatestCheckIn; marks: Marks };

/**
 * The goals with progress, suggested and effective status, and the "reviewed together" facts;
 * with rows read for a meeting, also who marked which goal as reviewed in it (`markedIn`,
 * "goalId userId").
 */
function summarize(rows: GoalRow[], pair: Pair, now: Date) {
  const markedIn = new Set(rows.flatMap((g) => g.marks.filter(([, , inMeeting]) => inMeeting).map(([userId]) => `${g.id} ${userId}`)));
  const list = rows.map((g) => {
    const { baseline, target, latestCheckIn, marks, ...rest } = g;
    const measure = { measureKind: g.measureKind, baseline: num(baseline), target: num(target) };
    const latest = latestCheckIn ? { value: latestCheckIn[0], percent: latestCheckIn[1], checkedOn: latestCheckIn[2] } : null;
    const progress = latest ? progressRatio(measure, { value: num(latest.value), percent: num(latest.percent) }) : null;
    const suggested = suggestStatus(progress, elapsedRatio(g.createdAt, g.dueDate, now));
    const status: GoalStatus = g.statusOverride ?? suggested;
    const latestOf = (userId: string) => {
      const at = marks.find(([markedBy]) => markedBy === userId)?.[1];
      return at ? new Date(at) : null;
    };
    const byManager = latestOf(pair.managerId);
    const byReport = latestOf(pair.reportId);
    const anyMarks = marks.map(([, at]) => new Date(at).getTime());
    const lastReviewedAt = anyMarks.length ? new Date(Math.max(...anyMarks)) : null;
    const active = status !== "done" && status !== "dropped";
    return {
      ...rest,
      baseline: measure.baseline,
      target: measure.target,
      progress,
      lastCheckInOn: latest?.checkedOn ?? null,
      suggested,
      status,
      active,
      reviewedByManagerAt: byManager,
      reviewedByReportAt: byReport,
      lastReviewedTogetherAt: byManager && byReport ? new Date(Math.max(byManager.getTime(), byReport.getTime())) : null,
      // A goal nobody reviewed yet counts from the day it was made: a new goal is not overdue.
      needsReview: active && now.getTime() - (lastReviewedAt ?? g.createdAt).getTime() > REVIEW_WINDOW_MS,
    };
  });
  return { list, markedIn };
}

async function pairOf(db: Db, seriesId: string) {
  const [row] = await db
    .select({
      lineId: reportingLines.id,
      managerId: reportingLines.managerId,
      reportId: reportingLines.reportId,
      managerName: nameOf(reportingLines.managerId),
      reportName: nameOf(reportingLines.reportId),
      format: series.format,
    })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .where(eq(series.id, seriesId));
  return row;
}

/** The goals page of a reporting line. */
export async function listGoals(actor: Actor, seriesId: string, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, seriesId, "goals", "read");
  await recordCoveringRead(db, facts, { action: "read the goals (covering)", subject: "the goals page" });
  const pair = await pairOf(db, seriesId);
  const rows = await db
    .select(summarizedColumns())
    .from(goals)
    .where(eq(goals.reportingLineId, pair.lineId))
    .orderBy(...GOAL_ORDER);
  const { list } = summarize(rows, pair, now);
  return {
    seriesId,
    relation: facts.relation,
    capabilities: goalCapabilities(facts.relation),
    managerName: pair.managerName,
    reportName: pair.reportName,
    goals: [...list.filter((g) => g.active), ...list.filter((g) => !g.active)],
  };
}

/** One goal with its check-ins, review marks and previous versions. */
export async function getGoal(actor: Actor, goalId: string, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeGoal(db, actor, goalId, "read");
  const pair = await pairOf(db, facts.seriesId);
  const rows = await db.select(summarizedColumns()).from(goals).where(eq(goals.id, goalId));
  const {
    list: [goal],
  } = summarize(rows, pair, now);
  await recordCoveringRead(db, facts, { action: "read a goal (covering)", subject: `goal "${goal.title}"` });
  const author = alias(users, "author");
  const checkIns = await db
    .select({
      id: goalCheckIns.id,
      checkedOn: goalCheckIns.checkedOn,
      value: goalCheckIns.value,
      percent: goalCheckIns.percent,
      note: goalCheckIns.note,
      authorName: author.name,
      createdAt: goalCheckIns.createdAt,
    })
    .from(goalCheckIns)
    .innerJoin(author, eq(author.id, goalCheckIns.authorId))
    .where(eq(goalCheckIns.goalId, goalId))
    .orderBy(asc(goalCheckIns.checkedOn), asc(goalCheckIns.createdAt), asc(goalCheckIns.id));
  const reviews = await db
    .select({ id: goalReviews.id, reviewedAt: goalReviews.reviewedAt, meetingId: goalReviews.meetingId, name: author.name })
    .from(goalReviews)
    .innerJoin(author, eq(author.id, goalReviews.userId))
    .where(eq(goalReviews.goalId, goalId))
    .orderBy(desc(goalReviews.reviewedAt))
    .limit(20);
  const versions = await db
    .select({ version: goalVersions.version, previous: goalVersions.previous, changedAt: goalVersions.changedAt, changedByName: author.name })
    .from(goalVersions)
    .innerJoin(author, eq(author.id, goalVersions.changedBy))
    .where(eq(goalVersions.goalId, goalId))
    .orderBy(desc(goalVersions.version));
  return {
    seriesId: facts.seriesId,
    relation: facts.relation,
    capabilities: goalCapabilities(facts.relation),
    managerName: pair.managerName,
    reportName: pair.reportName,
    goal: {
      ...goal,
      checkIns: checkIns.map((c) => ({
        ...c,
        value: num(c.value),
        percent: num(c.percent),
        progress: progressRatio(goal, { value: num(c.value), percent: num(c.percent) }),
      })),
    },
    reviews,
    versions: versions.map((v) => ({ ...v, previous: v.previous as Record<string, string | null> })),
  };
}

/** The meeting's goals section, once the actor is authorized to read the pair's goals. */
export async function meetingGoalsOf(
  db: Db,
  actor: Actor,
  pair: Pair & { lineId: string; managerName: string; reportName: string },
  meetingId: string,
  now: Date = new Date(),
) {
  const rows = await db
    .select(summarizedColumns(meetingId))
    .from(goals)
    .where(eq(goals.reportingLineId, pair.lineId))
    .orderBy(...GOAL_ORDER);
  const { list, markedIn } = summarize(rows, pair, now);
  const active = list.filter((g) => g.active);
  const marked = (goalId: string, userId: string) => markedIn.has(`${goalId} ${userId}`);
  return {
    managerName: pair.managerName,
    reportName: pair.reportName,
    goals: active.map((g) => ({
      id: g.id,
      title: g.title,
      status: g.status,
      dueDate: g.dueDate,
      progress: g.progress,
      managerMarked: marked(g.id, pair.managerId),
      reportMarked: marked(g.id, pair.reportId),
      markedByMe: marked(g.id, actor.id),
      lastReviewedTogetherAt: g.lastReviewedTogetherAt,
    })),
  };
}
