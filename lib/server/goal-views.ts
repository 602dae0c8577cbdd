import "server-only";
import { asc, desc, eq, inArray, max, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db } from "@/db/client";
import { goalCheckIns, goalReviews, goals, goalVersions, reportingLines, series, users } from "@/db/schema";
import { elapsedRatio, progressRatio, suggestStatus, type GoalStatus } from "@/lib/goals/progress";
import { type Actor, goalCapabilities } from "@/lib/policy";
import { authorizeSeries } from "./access";
import { authorizeGoal, smartColumns } from "./goals";
import { lineOfSeries } from "./lines";

const REVIEW_WINDOW_MS = 30 * 86_400_000;
const num = (v: string | null) => (v === null ? null : Number(v));

const goalColumns = {
  id: goals.id,
  ...smartColumns,
  statusOverride: goals.statusOverride,
  version: goals.version,
  createdAt: goals.createdAt,
  updatedAt: goals.updatedAt,
};
type GoalRow = Pick<typeof goals.$inferSelect, keyof typeof goalColumns>;
type Pair = { managerId: string; reportId: string };

/**
 * The goals with progress, suggested and effective status, and the "reviewed together" facts;
 * with a meeting, also who marked which goal as reviewed in it (`markedIn`, "goalId userId"),
 * read in the same statement as the latest marks.
 */
async function summarize(db: Db, rows: GoalRow[], pair: Pair, now: Date, meetingId?: string) {
  const ids = rows.map((r) => r.id);
  const checkIns = ids.length
    ? await db
        .select({ goalId: goalCheckIns.goalId, value: goalCheckIns.value, percent: goalCheckIns.percent, checkedOn: goalCheckIns.checkedOn })
        .from(goalCheckIns)
        .where(inArray(goalCheckIns.goalId, ids))
        .orderBy(desc(goalCheckIns.checkedOn), desc(goalCheckIns.createdAt))
    : [];
  const marks = ids.length
    ? await db
        .select({
          goalId: goalReviews.goalId,
          userId: goalReviews.userId,
          at: max(goalReviews.reviewedAt),
          inMeeting: meetingId ? sql<boolean>`coalesce(bool_or(${goalReviews.meetingId} = ${meetingId}), false)` : sql<boolean>`false`,
        })
        .from(goalReviews)
        .where(inArray(goalReviews.goalId, ids))
        .groupBy(goalReviews.goalId, goalReviews.userId)
    : [];
  const markedIn = new Set(marks.filter((m) => m.inMeeting).map((m) => `${m.goalId} ${m.userId}`));
  const list = rows.map((g) => {
    const { baseline, target, ...rest } = g;
    const measure = { measureKind: g.measureKind, baseline: num(baseline), target: num(target) };
    const latest = checkIns.find((c) => c.goalId === g.id);
    const progress = latest ? progressRatio(measure, { value: num(latest.value), percent: num(latest.percent) }) : null;
    const suggested = suggestStatus(progress, elapsedRatio(g.createdAt, g.dueDate, now));
    const status: GoalStatus = g.statusOverride ?? suggested;
    const latestOf = (userId: string) => {
      const at = marks.find((m) => m.goalId === g.id && m.userId === userId)?.at;
      return at ? new Date(at) : null;
    };
    const byManager = latestOf(pair.managerId);
    const byReport = latestOf(pair.reportId);
    const anyMarks = marks.filter((m) => m.goalId === g.id && m.at).map((m) => new Date(m.at!).getTime());
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
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const [row] = await db
    .select({
      lineId: reportingLines.id,
      managerId: reportingLines.managerId,
      reportId: reportingLines.reportId,
      managerName: manager.name,
      reportName: report.name,
      format: series.format,
    })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(eq(series.id, seriesId));
  return row;
}

/** The goals page of a reporting line. */
export async function listGoals(actor: Actor, seriesId: string, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, seriesId, "goals", "read");
  const pair = await pairOf(db, seriesId);
  const rows = await db.select(goalColumns).from(goals).where(eq(goals.reportingLineId, pair.lineId)).orderBy(asc(goals.dueDate), asc(goals.createdAt));
  const { list } = await summarize(db, rows, pair, now);
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
  const rows = await db.select(goalColumns).from(goals).where(eq(goals.id, goalId));
  const {
    list: [goal],
  } = await summarize(db, rows, pair, now);
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
    .orderBy(asc(goalCheckIns.checkedOn), asc(goalCheckIns.createdAt));
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
  const rows = await db.select(goalColumns).from(goals).where(eq(goals.reportingLineId, pair.lineId)).orderBy(asc(goals.dueDate));
  const { list, markedIn } = await summarize(db, rows, pair, now, meetingId);
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
