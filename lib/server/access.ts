import "server-only";
import { and, eq, gt, gte, isNull, lte, or } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { coveringAssignments, meetings, reportingLines, series } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { type Actor, type DataKind, type Need, type Relation, assertAllowed, seriesRelation, today } from "@/lib/policy";

const factsColumns = {
  seriesId: series.id,
  orgId: reportingLines.orgId,
  managerId: reportingLines.managerId,
  reportId: reportingLines.reportId,
  lineActiveFrom: reportingLines.activeFrom,
  lineActiveTo: reportingLines.activeTo,
};

/** Reads, for this request, who stands where in a series, then asks lib/policy. */
export async function authorizeSeries(db: Db | Tx, actor: Actor | null, seriesId: string, kind: DataKind, need: Need) {
  const facts = await relationTo(db, actor, seriesId);
  assertAllowed(kind, facts.relation, need);
  return { ...facts, actor: actor! };
}

/** The facts and the actor's relation to a series, for checks with more standing than a relation. */
export async function relationTo(db: Db | Tx, actor: Actor | null, seriesId: string) {
  const [facts] = await db
    .select(factsColumns)
    .from(series)
    .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
    .where(eq(series.id, seriesId));
  if (!facts) throw notFound();
  const covering = await coveringFor(db, actor, seriesId);
  const relation: Relation = seriesRelation(actor, { ...facts, ...covering });
  return { ...facts, relation };
}

/**
 * The actor's covering assignment for this series that holds today, if any, with the facts the
 * covering rule needs (who named them; whether they manage reports of their own today); read per
 * request, so an assignment whose person no longer manages anyone grants nothing.
 */
export async function coveringFor(db: Db | Tx, actor: Actor | null, seriesId: string, now: Date = new Date()) {
  if (!actor) return {};
  const day = today(now);
  const [row] = await db
    .select({
      coveringManagerId: coveringAssignments.coveringManagerId,
      coveringFrom: coveringAssignments.startsOn,
      coveringTo: coveringAssignments.endsOn,
      coveringNamedBy: coveringAssignments.createdBy,
    })
    .from(coveringAssignments)
    .where(
      and(
        eq(coveringAssignments.seriesId, seriesId),
        eq(coveringAssignments.coveringManagerId, actor.id),
        lte(coveringAssignments.startsOn, day),
        gte(coveringAssignments.endsOn, day),
      ),
    )
    .limit(1);
  return row ? { ...row, coveringManagesReports: await managesReports(db, actor.id, actor.orgId, day) } : {};
}

/** Whether the person has a reporting line of their own (as manager) that holds on `day`. */
export async function managesReports(db: Db | Tx, personId: string, orgId: string, day = today()): Promise<boolean> {
  const [row] = await db
    .select({ id: reportingLines.id })
    .from(reportingLines)
    .where(
      and(
        eq(reportingLines.managerId, personId),
        eq(reportingLines.orgId, orgId),
        lte(reportingLines.activeFrom, day),
        or(isNull(reportingLines.activeTo), gt(reportingLines.activeTo, day)),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export async function authorizeMeeting(db: Db | Tx, actor: Actor | null, meetingId: string, kind: DataKind, need: Need) {
  const [row] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!row) throw notFound();
  return authorizeSeries(db, actor, row.seriesId, kind, need);
}
