import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { meetings, reportingLines, series } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { type Actor, type DataKind, type Need, type Relation, assertAllowed, seriesRelation } from "@/lib/policy";

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
  const [facts] = await db
    .select(factsColumns)
    .from(series)
    .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
    .where(eq(series.id, seriesId));
  if (!facts) throw notFound();
  const relation: Relation = seriesRelation(actor, facts);
  assertAllowed(kind, relation, need);
  return { ...facts, relation, actor: actor! };
}

export async function authorizeMeeting(db: Db | Tx, actor: Actor | null, meetingId: string, kind: DataKind, need: Need) {
  const [row] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!row) throw notFound();
  return authorizeSeries(db, actor, row.seriesId, kind, need);
}
