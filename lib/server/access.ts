import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import { coveringAssignments, meetings, reportingLines, series, users } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { MeetingStatus } from "@/lib/labels";
import { coveringFacts, managesReports } from "./covering-facts";
import { coveringOn, lineOfSeries, nameOf } from "./lines";
import { type Actor, type DataKind, type Need, type Relation, type SeriesFacts, assertCan, relationBeforeCovering, seriesRelation, today } from "@/lib/policy";

const factsColumns = {
  seriesId: series.id,
  orgId: reportingLines.orgId,
  managerId: reportingLines.managerId,
  reportId: reportingLines.reportId,
  lineActiveFrom: reportingLines.activeFrom,
  lineActiveTo: reportingLines.activeTo,
};

/** Reads, for this request, who stands where in a series, then asks lib/policy. */
export async function authorizeSeries(db: Db | Tx, actor: Actor, seriesId: string, kind: DataKind, need: Need) {
  const facts = await relationTo(db, actor, seriesId);
  assertCan(kind, facts.relation, need);
  return { ...facts, actor: actor };
}

/** The facts and the actor's relation to a series (on the day of `now`), for checks with more standing than a relation. */
export async function relationTo(db: Db | Tx, actor: Actor, seriesId: string, now: Date = new Date()) {
  const [facts] = await db.select(factsColumns).from(series).innerJoin(reportingLines, lineOfSeries).where(eq(series.id, seriesId));
  if (!facts) throw notFound();
  return { ...facts, relation: await relationOf(db, actor, facts, now) };
}

/** The actor's relation to a series whose facts (series, reporting line) were already read. */
async function relationOf(db: Db | Tx, actor: Actor, facts: SeriesFacts & { seriesId: string }, now: Date = new Date()): Promise<Relation> {
  const decided = relationBeforeCovering(actor, facts, now);
  if (decided) return decided;
  const covering = await coveringFor(db, actor, facts, now);
  return seriesRelation(actor, { ...facts, ...covering }, now);
}

/**
 * The actor's covering assignment for this series that holds today, if any, with the facts the
 * covering rule needs (who named them and when; whether they manage reports of their own today;
 * for an admin's assignment, since when they manage and whether the manager is away); read per
 * request, so an assignment whose facts changed grants nothing.
 */
export async function coveringFor(db: Db | Tx, actor: Actor, facts: SeriesFacts & { seriesId: string }, now: Date = new Date()) {
  if (!actor) return {};
  const day = today(now);
  const [row] = await db
    .select({
      coveringManagerId: coveringAssignments.coveringManagerId,
      coveringFrom: coveringAssignments.startsOn,
      coveringTo: coveringAssignments.endsOn,
      coveringNamedBy: coveringAssignments.createdBy,
      coveringNamedAt: coveringAssignments.createdAt,
    })
    .from(coveringAssignments)
    .where(and(eq(coveringAssignments.seriesId, facts.seriesId), eq(coveringAssignments.coveringManagerId, actor.id), coveringOn(day)))
    .limit(1);
  if (!row) return {};
  const more = await coveringFacts(db, facts, { personId: actor.id, namedBy: row.coveringNamedBy, startsOn: row.coveringFrom, endsOn: row.coveringTo }, day);
  return {
    ...row,
    coveringManagesReports: more.managesReports,
    coveringManagingSince: more.managingSince ?? null,
    coveringManagerAway: more.managerAway ?? false,
  };
}

export { managesReports };

export async function authorizeMeeting(db: Db | Tx, actor: Actor, meetingId: string, kind: DataKind, need: Need) {
  const [row] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!row) throw notFound();
  return authorizeSeries(db, actor, row.seriesId, kind, need);
}

/**
 * A meeting page's authorization, once per request: the meeting with its series, reporting line
 * and the pair's names in one statement, then the actor's covering assignment, then lib/policy.
 * What it returns is what the page's sections need to load without asking again.
 */
export async function authorizeMeetingView(db: Db | Tx, actor: Actor, meetingId: string, kind: DataKind, need: Need) {
  const [row] = await db
    .select({
      ...factsColumns,
      meetingId: meetings.id,
      status: meetings.status,
      scheduledAt: meetings.scheduledAt,
      startedAt: meetings.startedAt,
      completedAt: meetings.completedAt,
      durationMinutes: meetings.durationMinutes,
      timeZone: series.timeZone,
      format: series.format,
      lineId: reportingLines.id,
      // Names as subqueries, not joins: the page's first statement plans in half the time.
      managerName: nameOf(reportingLines.managerId),
      reportName: nameOf(reportingLines.reportId),
      reopenedAt: meetings.reopenedAt,
      // No one, until the meeting is reopened.
      reopenedByName: sql<string | null>`${nameOf(meetings.reopenedBy)}`,
      // The series' first meeting (the same order as firstMeetingOf): the page walks through the
      // working agreement and the terms there, and it is read here rather than in a statement of its own.
      firstMeetingId: sql<string>`(select f.id from ${meetings} f where f.series_id = ${meetings.seriesId} order by f.scheduled_at, f.created_at, f.id limit 1)`,
      firstMeetingStatus: sql<MeetingStatus>`(select f.status from ${meetings} f where f.series_id = ${meetings.seriesId} order by f.scheduled_at, f.created_at, f.id limit 1)`,
    })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .where(eq(meetings.id, meetingId));
  if (!row) throw notFound();
  const relation = await relationOf(db, actor, row);
  assertCan(kind, relation, need);
  return { ...row, relation, actor };
}

export type AuthorizedMeeting = Awaited<ReturnType<typeof authorizeMeetingView>>;

/**
 * A meeting with its series' facts (the columns above) and the pair's names: who stands where
 * and when, never what anyone wrote. Background mail decides with it who gets what.
 */
export async function meetingFacts(db: Db | Tx, meetingId: string) {
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const [row] = await db
    .select({
      ...factsColumns,
      meetingId: meetings.id,
      status: meetings.status,
      scheduledAt: meetings.scheduledAt,
      durationMinutes: meetings.durationMinutes,
      timeZone: series.timeZone,
      managerName: manager.name,
      reportName: report.name,
    })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(eq(meetings.id, meetingId));
  return row ?? null;
}
export type MeetingFacts = NonNullable<Awaited<ReturnType<typeof meetingFacts>>>;
