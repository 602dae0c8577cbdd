import "server-only";
// The facts lib/policy's covering rule needs beyond the assignment itself, read for this request:
// whether the person manages reports today, and, for an assignment anyone but the series' manager
// makes (an org admin), since when they have managed a report of their own and whether the
// manager is away. Read at naming and again on every request, by the same functions.
import { and, eq, gte, isNull, lte, notInArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { reportingLines, scheduleChanges, users } from "@/db/schema";
import { namedByManager, today as todayOf } from "@/lib/policy";
import { lineActiveOn } from "./lines";

/** Whether the person has a reporting line of their own (as manager) that holds on `day`. */
export async function managesReports(db: Db | Tx, personId: string, orgId: string, day = todayOf()): Promise<boolean> {
  const [row] = await db
    .select({ id: reportingLines.id })
    .from(reportingLines)
    .where(and(eq(reportingLines.managerId, personId), eq(reportingLines.orgId, orgId), lineActiveOn(day)))
    .limit(1);
  return Boolean(row);
}

/** A line counts from its first day, but never from before it was recorded: an admin can backdate `active_from`, not `created_at`. */
export const heldSince = sql<string>`greatest(${reportingLines.activeFrom}, (${reportingLines.createdAt} at time zone 'UTC')::date)`;

/**
 * The first day of the longest-held line the person manages that holds on `day` and is not with
 * the series' pair (its manager or report), or null.
 */
export async function managingSince(db: Db | Tx, personId: string, series: { orgId: string; managerId: string; reportId: string }, day: string) {
  const [row] = await db
    .select({ since: sql<string | null>`min(${heldSince})::text` })
    .from(reportingLines)
    .where(
      and(
        eq(reportingLines.managerId, personId),
        eq(reportingLines.orgId, series.orgId),
        lineActiveOn(day),
        notInArray(reportingLines.reportId, [series.managerId, series.reportId]),
      ),
    );
  return row?.since ?? null;
}

/** The series' manager is deactivated, or one leave record of theirs (not undone) covers every day of the range. */
export async function managerAway(db: Db | Tx, series: { orgId: string; managerId: string }, range: { startsOn: string; endsOn: string }) {
  const [manager] = await db.select({ active: users.active }).from(users).where(eq(users.id, series.managerId));
  if (manager && !manager.active) return true;
  const [leave] = await db
    .select({ id: scheduleChanges.id })
    .from(scheduleChanges)
    .where(
      and(
        eq(scheduleChanges.orgId, series.orgId),
        eq(scheduleChanges.kind, "leave"),
        eq(scheduleChanges.personId, series.managerId),
        isNull(scheduleChanges.undoneAt),
        lte(scheduleChanges.startsOn, range.startsOn),
        gte(scheduleChanges.endsOn, range.endsOn),
      ),
    )
    .limit(1);
  return Boolean(leave);
}

/**
 * What lib/policy asks about a covering assignment (proposed or stored) on `day`: the person's
 * standing, and for one made by anyone but the manager, the stricter rule's facts.
 */
export async function coveringFacts(
  db: Db | Tx,
  series: { orgId: string; managerId: string; reportId: string },
  assignment: { personId: string; namedBy: string; startsOn: string; endsOn: string },
  day: string,
) {
  const managesReportsToday = await managesReports(db, assignment.personId, series.orgId, day);
  if (namedByManager({ series, namedBy: assignment.namedBy })) return { managesReports: managesReportsToday };
  return {
    managesReports: managesReportsToday,
    managingSince: await managingSince(db, assignment.personId, series, day),
    managerAway: await managerAway(db, series, assignment),
  };
}
