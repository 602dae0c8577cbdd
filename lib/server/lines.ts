import "server-only";
// The date rules of reporting lines and covering ranges as SQL conditions, the twins of the
// pure rules in lib/policy (lineIsActive, coveringInRange): queries narrow rows with these,
// and lib/policy decides on the facts read. Both say the same thing, so they live side by side.
import { and, eq, gt, gte, isNull, lte, or, sql, getTableName, type AnyColumn, type Column, type SQL } from "drizzle-orm";
import { coveringAssignments, reportingLines, series, users } from "@/db/schema";

/** The reporting line holds on `day` (YYYY-MM-DD): from its first day up to, not including, its end date. */
/** Columns of reporting_lines, or of an alias of it. */
export type LineColumns = { activeFrom: AnyColumn; activeTo: AnyColumn; managerId: AnyColumn; orgId: AnyColumn };

export const lineActiveOn = (day: string, line: LineColumns = reportingLines) =>
  and(lte(line.activeFrom, day), or(isNull(line.activeTo), gt(line.activeTo, day)));

/** The covering assignment holds on `day`: its range includes both its first and its last day. */
export const coveringOn = (day: string) => and(lte(coveringAssignments.startsOn, day), gte(coveringAssignments.endsOn, day));

/** A series joined to its reporting line (who manages whom, and since when), from either side: `.innerJoin(reportingLines, lineOfSeries)`. */
export const lineOfSeries = eq(reportingLines.id, series.reportingLineId);

/**
 * Both people of the series' pair are active (the query joins reporting_lines). A series whose
 * manager or report was deactivated goes on no further: no meeting is generated or planned for it
 * until both are active again (lib/server/accounts.ts cancels the ones already stored).
 */
export const pairActive = sql<boolean>`not exists (select 1 from ${users} u
  where u.id in (${reportingLines.managerId}, ${reportingLines.reportId}) and not u.active)`;

/**
 * A person's name by their id, as a column of the outer query: cheaper for PostgreSQL to plan than
 * one more join of users per person (each join widens the planner's search of join orders).
 */
export const nameOf = (personId: Column): SQL<string> => sql`(select u.name from ${users} u where u.id = ${qualified(personId)})`;

/**
 * A column of the outer query, named with its table, for use inside a subquery: drizzle writes a
 * single-table select's columns without their table, and inside a subquery an unqualified "id"
 * would name the subquery's own.
 */
export const qualified = (column: Column): SQL => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
