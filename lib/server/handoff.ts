import "server-only";
import { and, asc, desc, eq, isNotNull, lt, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { JSONContent } from "@tiptap/core";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { agendaDocuments, handoffGrants, meetings, reportingLines, series, users } from "@/db/schema";
import { EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, notFound } from "@/lib/errors";
import { type Actor, assertMayReadHandoff, assertSignedIn, today } from "@/lib/policy";
import type { handoffSchema } from "@/lib/validation/confidentiality";
import { recordAccess } from "./access-log";
import { lineActiveOn, lineOfSeries } from "./lines";

async function currentManagerOf(db: Db, reportId: string) {
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(reportingLines)
    .innerJoin(users, eq(users.id, reportingLines.managerId))
    .where(and(eq(reportingLines.reportId, reportId), lineActiveOn(today())));
  return row ?? null;
}

/** For the report: their ended lines' past meetings, each with whether the current manager may read its agenda. */
export async function getHandoffOptions(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const manager = await currentManagerOf(db, actor.id);
  const oldManager = alias(users, "old_manager");
  const rows = await db
    .select({
      meetingId: meetings.id,
      scheduledAt: meetings.scheduledAt,
      status: meetings.status,
      managerName: oldManager.name,
      managerId: reportingLines.managerId,
      timeZone: series.timeZone,
    })
    .from(reportingLines)
    .innerJoin(series, lineOfSeries)
    .innerJoin(meetings, eq(meetings.seriesId, series.id))
    .innerJoin(oldManager, eq(oldManager.id, reportingLines.managerId))
    .where(
      and(
        eq(reportingLines.reportId, actor.id),
        isNotNull(reportingLines.activeTo),
        lte(reportingLines.activeTo, today()),
        lt(meetings.scheduledAt, new Date()),
      ),
    )
    .orderBy(desc(meetings.scheduledAt));
  const grants = manager
    ? await db
        .select({ meetingId: handoffGrants.meetingId })
        .from(handoffGrants)
        .where(and(eq(handoffGrants.granteeId, manager.id), eq(handoffGrants.grantedBy, actor.id)))
    : [];
  const granted = new Set(grants.map((g) => g.meetingId));
  return {
    currentManager: manager,
    meetings: rows.filter((r) => r.managerId !== manager?.id).map((r) => ({ ...r, granted: granted.has(r.meetingId) })),
  };
}

async function ownPastMeeting(db: Db, actor: Actor, meetingId: string) {
  const [row] = await db
    .select({
      orgId: reportingLines.orgId,
      reportId: reportingLines.reportId,
      managerId: reportingLines.managerId,
      activeTo: reportingLines.activeTo,
      scheduledAt: meetings.scheduledAt,
    })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .where(eq(meetings.id, meetingId));
  if (!row || row.reportId !== actor.id) throw notFound();
  if (!row.activeTo || row.activeTo > today() || row.scheduledAt >= new Date()) {
    throw new AppError("forbidden", "Only past meetings of a reporting line that has ended can be handed over.");
  }
  return row;
}

/** The report lets their current manager read one past meeting's shared agenda. */
export async function grantHandoff(actor: Actor, input: z.infer<typeof handoffSchema>) {
  assertSignedIn(actor);
  const db = await getDb();
  const meeting = await ownPastMeeting(db, actor, input.meetingId);
  const manager = await currentManagerOf(db, actor.id);
  if (!manager || manager.id === meeting.managerId) throw new AppError("forbidden", "You have no new manager to hand this meeting to.");
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(handoffGrants)
      .values({ meetingId: input.meetingId, granteeId: manager.id, grantedBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: handoffGrants.id });
    if (inserted.length) {
      await recordAccess(tx, {
        orgId: meeting.orgId,
        reportId: actor.id,
        actorId: actor.id,
        kind: "handoff",
        action: "let your new manager read a past agenda",
        subject: `${manager.name}, meeting of ${meeting.scheduledAt.toISOString().slice(0, 10)}`,
      });
    }
  });
  return { meetingId: input.meetingId, granteeName: manager.name };
}

export async function revokeHandoff(actor: Actor, input: z.infer<typeof handoffSchema>) {
  assertSignedIn(actor);
  const db = await getDb();
  const deleted = await db
    .delete(handoffGrants)
    .where(and(eq(handoffGrants.meetingId, input.meetingId), eq(handoffGrants.grantedBy, actor.id)))
    .returning({ id: handoffGrants.id });
  if (!deleted.length) throw notFound();
  return { meetingId: input.meetingId };
}

/** For a manager: past meetings of their current reports that those reports handed to them. */
export async function listHandedToMe(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const report = alias(users, "report");
  const rows = await db
    .select({
      meetingId: handoffGrants.meetingId,
      scheduledAt: meetings.scheduledAt,
      timeZone: series.timeZone,
      reportId: handoffGrants.grantedBy,
      reportName: report.name,
    })
    .from(handoffGrants)
    .innerJoin(meetings, eq(meetings.id, handoffGrants.meetingId))
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(report, eq(report.id, handoffGrants.grantedBy))
    .where(eq(handoffGrants.granteeId, actor.id))
    .orderBy(asc(report.name), desc(meetings.scheduledAt));
  const out = [];
  for (const r of rows) if ((await currentManagerOf(db, r.reportId))?.id === actor.id) out.push(r);
  return out;
}

/** A handed-over meeting's shared agenda, read-only; never anyone's private notes. Logged for the report. */
export async function getHandoffMeeting(actor: Actor, meetingId: string) {
  assertSignedIn(actor);
  const db = await getDb();
  const oldManager = alias(users, "old_manager");
  const report = alias(users, "report");
  const [row] = await db
    .select({
      orgId: reportingLines.orgId,
      reportId: reportingLines.reportId,
      reportName: report.name,
      oldManagerName: oldManager.name,
      scheduledAt: meetings.scheduledAt,
      timeZone: series.timeZone,
      content: agendaDocuments.content,
      granteeId: handoffGrants.granteeId,
    })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .innerJoin(oldManager, eq(oldManager.id, reportingLines.managerId))
    .leftJoin(agendaDocuments, eq(agendaDocuments.meetingId, meetings.id))
    .leftJoin(
      handoffGrants,
      and(eq(handoffGrants.meetingId, meetings.id), eq(handoffGrants.granteeId, actor.id), eq(handoffGrants.grantedBy, reportingLines.reportId)),
    )
    .where(eq(meetings.id, meetingId));
  if (!row) throw notFound();
  const current = await currentManagerOf(db, row.reportId);
  assertMayReadHandoff(actor, { granteeId: row.granteeId, currentManagerId: current?.id ?? null });
  await recordAccess(db, {
    orgId: row.orgId,
    reportId: row.reportId,
    actorId: actor.id,
    kind: "handoff",
    action: "read a handed-over agenda",
    subject: `meeting of ${row.scheduledAt.toISOString().slice(0, 10)}`,
  });
  return {
    meetingId,
    reportName: row.reportName,
    oldManagerName: row.oldManagerName,
    scheduledAt: row.scheduledAt,
    timeZone: row.timeZone,
    content: (row.content ?? EMPTY_DOCUMENT) as JSONContent,
  };
}
