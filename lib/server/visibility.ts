import "server-only";
// Who may see a series, as SQL. lib/policy seriesRelation is the rule; this file is its one SQL
// form, for the queries that list series by the person asking (the dashboard, the export) rather
// than check one series they were given. Nothing else in lib/server restates the rule in a WHERE
// clause, and lib/server/visibility.test.ts holds the two equal, for every kind of person (the
// manager of an ended line, a covering manager before, in and after the range, a deactivated or
// erased person, an admin, another org) on several days. Change one, and that test fails until
// the other says the same.
import { and, eq, exists, ne, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/pg-core";
import { coveringAssignments, reportingLines, scheduleChanges, series, users } from "@/db/schema";
import { COVERING_ADMIN_DELAY_MS, COVERING_ADMIN_MIN_MANAGING_DAYS, COVERING_MAX_DAYS, type Actor } from "@/lib/policy";
import { coveringOn, lineActiveOn, qualified, type LineColumns } from "./lines";

type Who = Pick<Actor, "id" | "orgId">;
const qb = new QueryBuilder();
// A line of the person's own, inside a query that already joins the series' line.
const ownLine = alias(reportingLines, "own_line");

/**
 * `line` is one the person manages, in their org, and it holds on `day`: the manager's relation,
 * and the covering rule's "manages reports of their own". `personId` and `orgId` may be columns.
 */
export const managingLineOn = (personId: SQLWrapper | string, orgId: SQLWrapper | string, day: string, line: LineColumns = reportingLines): SQL =>
  and(eq(line.managerId, personId), eq(line.orgId, orgId), lineActiveOn(day, line))!;

/** The person has a reporting line of their own, as manager, that holds on `day`, inside a query that may join another line. */
export const managesReportsOn = (personId: SQLWrapper | string, orgId: SQLWrapper | string, day: string): SQL =>
  exists(
    qb
      .select({ one: sql`1` })
      .from(ownLine)
      .where(managingLineOn(personId, orgId, day, ownLine)),
  );

/** The series' report: theirs for good, whatever became of the line (seriesRelation "report"). */
export const reportOfLine = (actor: Who): SQL => and(eq(reportingLines.reportId, actor.id), eq(reportingLines.orgId, actor.orgId))!;

/** The manager of the series' line, while it holds on `day` (seriesRelation "manager"); the manager of an ended line is nobody here. */
export const managesLineOn = (actor: Who, day: string): SQL => managingLineOn(actor.id, actor.orgId, day);

// The series' manager (the manager of the series' line) and the manager's leave records.
const seriesManager = alias(users, "series_manager");

/**
 * An assignment anyone but the series' manager made (an org admin) grants something only under
 * the stricter rule (lib/policy/covering.ts personErrors, awayErrors, coveringAccessFrom): its
 * access began COVERING_ADMIN_DELAY_MS after the naming; the manager is deactivated or one leave
 * record of theirs, not undone, covers every day of the range; and the person has held a line of
 * their own, not with the pair, for COVERING_ADMIN_MIN_MANAGING_DAYS, counted from the later of
 * its first day and its creation (lib/server/covering-facts.ts heldSince).
 */
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

const adminCoveringHolds = (actor: Who, day: string, now: Date): SQL =>
  or(
    eq(coveringAssignments.createdBy, reportingLines.managerId),
    and(
      sql`${coveringAssignments.createdAt} <= ${new Date(now.getTime() - COVERING_ADMIN_DELAY_MS).toISOString()}::timestamptz`,
      or(
        exists(
          qb
            .select({ one: sql`1` })
            .from(seriesManager)
            .where(and(eq(seriesManager.id, reportingLines.managerId), eq(seriesManager.active, false))),
        ),
        exists(
          qb
            .select({ one: sql`1` })
            .from(scheduleChanges)
            .where(
              and(
                eq(scheduleChanges.orgId, reportingLines.orgId),
                eq(scheduleChanges.kind, "leave"),
                eq(scheduleChanges.personId, reportingLines.managerId),
                sql`${scheduleChanges.undoneAt} is null`,
                sql`${scheduleChanges.startsOn} <= ${coveringAssignments.startsOn}`,
                sql`${scheduleChanges.endsOn} >= ${coveringAssignments.endsOn}`,
              ),
            ),
        ),
      ),
      exists(
        qb
          .select({ one: sql`1` })
          .from(ownLine)
          .where(
            and(
              managingLineOn(actor.id, actor.orgId, day, ownLine),
              ne(ownLine.reportId, reportingLines.managerId),
              ne(ownLine.reportId, reportingLines.reportId),
              sql`greatest(${ownLine.activeFrom}, (${ownLine.createdAt} at time zone 'UTC')::date) <= ${daysBefore(day, COVERING_ADMIN_MIN_MANAGING_DAYS)}::date`,
            ),
          ),
      ),
    ),
  )!;

/**
 * A covering manager of the series on `day` (seriesRelation "covering"): the line holds, an
 * assignment's range holds, and the assignment keeps the covering rule with that day's facts
 * (lib/policy/covering.ts coveringStillValid): not the pair, not named by themselves, at most
 * COVERING_MAX_DAYS long, the person manages reports of their own on that day, and for one an
 * admin made, the stricter rule above at `now` (a moment of `day`).
 */
export const coversSeriesOn = (actor: Who, day: string, now: Date = new Date()): SQL =>
  and(
    eq(reportingLines.orgId, actor.orgId),
    lineActiveOn(day),
    ne(reportingLines.reportId, actor.id),
    ne(reportingLines.managerId, actor.id),
    exists(
      qb
        .select({ one: sql`1` })
        .from(coveringAssignments)
        .where(
          and(
            eq(coveringAssignments.seriesId, qualified(series.id)),
            eq(coveringAssignments.coveringManagerId, actor.id),
            coveringOn(day),
            ne(coveringAssignments.createdBy, actor.id),
            sql`${coveringAssignments.endsOn} - ${coveringAssignments.startsOn} < ${COVERING_MAX_DAYS}`,
            adminCoveringHolds(actor, day, now),
          ),
        ),
    ),
    managesReportsOn(actor.id, actor.orgId, day),
  )!;

/** One of the pair on `day`: the report, or the manager of a line that holds (the export's "own record"). */
export const seriesOfPairOn = (actor: Who, day: string): SQL => or(reportOfLine(actor), managesLineOn(actor, day))!;

/**
 * The person may open the series' content on `day`: seriesRelation is manager, report or
 * covering. For a query that joins `series` and its reporting line (lib/server/lines.ts lineOfSeries).
 */
export const seriesVisibleTo = (actor: Who, day: string, now: Date = new Date()): SQL => or(seriesOfPairOn(actor, day), coversSeriesOn(actor, day, now))!;

/** Which of the three the person is, for a row seriesVisibleTo let through. */
export function visibleAs(actor: Who, row: { managerId: string; reportId: string }): "report" | "manager" | "covering" {
  return row.reportId === actor.id ? "report" : row.managerId === actor.id ? "manager" : "covering";
}
