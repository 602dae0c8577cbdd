import "server-only";
// The report's own record. Private notes are selected by `author_id = actor.id`: the export never
// holds anyone else's notes, whatever else changes.
import { and, asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import {
  actionItems,
  agendaDocuments,
  goalCheckIns,
  goals,
  meetings,
  privateNotes,
  reportingLines,
  series,
  shareRequests,
  termsAcknowledgements,
  termsVersions,
  topics,
  users,
} from "@/db/schema";
import { type Actor, assertSignedIn } from "@/lib/policy";
import { getMyAccessLog, recordAccess } from "./access-log";

export async function exportMyRecord(actor: Actor | null) {
  assertSignedIn(actor);
  const db = await getDb();
  const manager = alias(users, "manager");
  const lines = await db
    .select({
      seriesId: series.id,
      reportingLineId: reportingLines.id,
      managerName: manager.name,
      activeFrom: reportingLines.activeFrom,
      activeTo: reportingLines.activeTo,
      cadence: series.cadence,
      weekday: series.weekday,
      startMinutes: series.startMinutes,
      durationMinutes: series.durationMinutes,
      timeZone: series.timeZone,
      format: series.format,
    })
    .from(reportingLines)
    .innerJoin(series, eq(series.reportingLineId, reportingLines.id))
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .where(and(eq(reportingLines.reportId, actor.id), eq(reportingLines.orgId, actor.orgId)));
  const seriesIds = lines.map((l) => l.seriesId);
  const lineIds = lines.map((l) => l.reportingLineId);
  const any = <T>(ids: string[], run: () => Promise<T[]>) => (ids.length ? run() : Promise.resolve([] as T[]));
  const meetingRows = await any(seriesIds, () =>
    db
      .select({ id: meetings.id, seriesId: meetings.seriesId, scheduledAt: meetings.scheduledAt, status: meetings.status, agenda: agendaDocuments.content })
      .from(meetings)
      .leftJoin(agendaDocuments, eq(agendaDocuments.meetingId, meetings.id))
      .where(inArray(meetings.seriesId, seriesIds))
      .orderBy(asc(meetings.scheduledAt)),
  );
  const meetingIds = meetingRows.map((m) => m.id);
  const [topicRows, actionRows, goalRows, notes, terms, shares] = await Promise.all([
    any(seriesIds, () =>
      db
        .select({ meetingId: topics.meetingId, text: topics.text, kind: topics.kind, category: topics.category, status: topics.status, keepOutOfThemes: topics.keepOutOfThemes, createdAt: topics.createdAt })
        .from(topics)
        .where(inArray(topics.seriesId, seriesIds)),
    ),
    any(seriesIds, () =>
      db
        .select({ meetingId: actionItems.meetingId, text: actionItems.text, owner: actionItems.owner, dueDate: actionItems.dueDate, done: actionItems.done })
        .from(actionItems)
        .where(inArray(actionItems.seriesId, seriesIds)),
    ),
    any(lineIds, () =>
      db
        .select({ id: goals.id, title: goals.title, specific: goals.specific, achievable: goals.achievable, relevant: goals.relevant, dueDate: goals.dueDate, status: goals.status })
        .from(goals)
        .where(inArray(goals.reportingLineId, lineIds)),
    ),
    any(meetingIds, () =>
      db
        .select({ meetingId: privateNotes.meetingId, content: privateNotes.content, updatedAt: privateNotes.updatedAt })
        .from(privateNotes)
        .where(and(inArray(privateNotes.meetingId, meetingIds), eq(privateNotes.authorId, actor.id))),
    ),
    any(seriesIds, () =>
      db
        .select({ seriesId: termsVersions.seriesId, version: termsVersions.version, body: termsVersions.body, createdAt: termsVersions.createdAt })
        .from(termsVersions)
        .where(inArray(termsVersions.seriesId, seriesIds))
        .orderBy(asc(termsVersions.version)),
    ),
    db
      .select({ status: shareRequests.status, excerpt: shareRequests.excerpt, frozenExcerpt: shareRequests.frozenExcerpt, reason: shareRequests.reason, createdAt: shareRequests.createdAt, decidedAt: shareRequests.decidedAt })
      .from(shareRequests)
      .where(eq(shareRequests.reportId, actor.id)),
  ]);
  const goalIds = goalRows.map((g) => g.id);
  const checkIns = await any(goalIds, () =>
    db.select({ goalId: goalCheckIns.goalId, checkedOn: goalCheckIns.checkedOn, percent: goalCheckIns.percent, note: goalCheckIns.note }).from(goalCheckIns).where(inArray(goalCheckIns.goalId, goalIds)),
  );
  const myAcks = await db.select({ termsVersionId: termsAcknowledgements.termsVersionId, at: termsAcknowledgements.acknowledgedAt }).from(termsAcknowledgements).where(eq(termsAcknowledgements.userId, actor.id));
  await recordAccess(db, { orgId: actor.orgId, reportId: actor.id, actorId: actor.id, kind: "export", action: "exported your one-on-one record", subject: `${lines.length} series` });
  const accessLogRows = await getMyAccessLog(actor);
  return {
    exportedAt: new Date().toISOString(),
    person: { name: actor.name, email: actor.email },
    series: lines.map((l) => ({
      ...l,
      terms: terms.filter((t) => t.seriesId === l.seriesId),
      meetings: meetingRows
        .filter((m) => m.seriesId === l.seriesId)
        .map((m) => ({
          ...m,
          topics: topicRows.filter((t) => t.meetingId === m.id),
          actionItems: actionRows.filter((a) => a.meetingId === m.id),
          myPrivateNote: notes.find((n) => n.meetingId === m.id) ?? null,
        })),
    })),
    goals: goalRows.map((g) => ({ ...g, checkIns: checkIns.filter((c) => c.goalId === g.id) })),
    termsAcknowledgedByMe: myAcks,
    sharingRequests: shares,
    accessLog: accessLogRows,
  };
}
