import "server-only";
// A person's own one-on-one record: every series they are the report of, and every series they
// manage today (a manager's reach ends with the line, as everywhere else). Private notes are
// selected by `author_id = actor.id`: the export never holds anyone else's notes, whatever else changes.
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
import { type Actor, assertSignedIn, today } from "@/lib/policy";
import { getMyAccessLog, recordAccess } from "./access-log";
import { openOwnNote } from "./private-notes";
import { ownRowsOnly } from "./scope";
import { lineOfSeries } from "./lines";
import { seriesOfPairOn } from "./visibility";
import { GOAL_ORDER } from "./goal-views";
import { seriesSettingsColumns } from "./series-columns";

export async function exportMyRecord(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const lines = await db
    .select({
      seriesId: series.id,
      reportingLineId: reportingLines.id,
      reportId: reportingLines.reportId,
      managerName: manager.name,
      reportName: report.name,
      activeFrom: reportingLines.activeFrom,
      activeTo: reportingLines.activeTo,
      ...seriesSettingsColumns,
    })
    .from(reportingLines)
    .innerJoin(series, lineOfSeries)
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(seriesOfPairOn(actor, today()));
  const seriesIds = lines.map((l) => l.seriesId);
  const lineIds = lines.map((l) => l.reportingLineId);
  const any = <T>(ids: string[], run: () => Promise<T[]>) => (ids.length ? run() : Promise.resolve([] as T[]));
  const meetingRows = await any(seriesIds, () =>
    db
      .select({
        id: meetings.id,
        seriesId: meetings.seriesId,
        scheduledAt: meetings.scheduledAt,
        durationMinutes: meetings.durationMinutes,
        status: meetings.status,
        agenda: agendaDocuments.content,
      })
      .from(meetings)
      .leftJoin(agendaDocuments, eq(agendaDocuments.meetingId, meetings.id))
      .where(inArray(meetings.seriesId, seriesIds))
      .orderBy(asc(meetings.scheduledAt)),
  );
  const meetingIds = meetingRows.map((m) => m.id);
  const [topicRows, actionRows, goalRows, noteRows, terms, shares] = await Promise.all([
    any(seriesIds, () =>
      db
        .select({
          meetingId: topics.meetingId,
          text: topics.text,
          kind: topics.kind,
          category: topics.category,
          status: topics.status,
          keepOutOfThemes: topics.keepOutOfThemes,
          createdAt: topics.createdAt,
        })
        .from(topics)
        .where(inArray(topics.seriesId, seriesIds))
        .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.id)),
    ),
    any(seriesIds, () =>
      db
        .select({ meetingId: actionItems.meetingId, text: actionItems.text, owner: actionItems.owner, dueDate: actionItems.dueDate, done: actionItems.done })
        .from(actionItems)
        .where(inArray(actionItems.seriesId, seriesIds))
        .orderBy(asc(actionItems.createdAt), asc(actionItems.id)),
    ),
    any(lineIds, () =>
      db
        .select({
          id: goals.id,
          reportingLineId: goals.reportingLineId,
          title: goals.title,
          specific: goals.specific,
          achievable: goals.achievable,
          relevant: goals.relevant,
          dueDate: goals.dueDate,
          status: goals.status,
        })
        .from(goals)
        .where(inArray(goals.reportingLineId, lineIds))
        .orderBy(...GOAL_ORDER),
    ),
    any(meetingIds, () =>
      db
        .select({ meetingId: privateNotes.meetingId, content: privateNotes.content, updatedAt: privateNotes.updatedAt })
        .from(privateNotes)
        .where(and(inArray(privateNotes.meetingId, meetingIds), ownRowsOnly(privateNotes.authorId, actor))),
    ),
    any(seriesIds, () =>
      db
        .select({ seriesId: termsVersions.seriesId, version: termsVersions.version, body: termsVersions.body, createdAt: termsVersions.createdAt })
        .from(termsVersions)
        .where(inArray(termsVersions.seriesId, seriesIds))
        .orderBy(asc(termsVersions.version)),
    ),
    db
      .select({
        status: shareRequests.status,
        excerpt: shareRequests.excerpt,
        frozenExcerpt: shareRequests.frozenExcerpt,
        reason: shareRequests.reason,
        createdAt: shareRequests.createdAt,
        decidedAt: shareRequests.decidedAt,
      })
      .from(shareRequests)
      .where(ownRowsOnly(shareRequests.reportId, actor)),
  ]);
  // Stored sealed: opened here, as the author's own (openOwnNote).
  const notes = await Promise.all(noteRows.map(async (n) => ({ ...n, content: await openOwnNote(actor, n.meetingId, n.content) })));
  const goalIds = goalRows.map((g) => g.id);
  const checkIns = await any(goalIds, () =>
    db
      .select({ goalId: goalCheckIns.goalId, checkedOn: goalCheckIns.checkedOn, percent: goalCheckIns.percent, note: goalCheckIns.note })
      .from(goalCheckIns)
      .where(inArray(goalCheckIns.goalId, goalIds)),
  );
  const myAcks = await db
    .select({ termsVersionId: termsAcknowledgements.termsVersionId, at: termsAcknowledgements.acknowledgedAt })
    .from(termsAcknowledgements)
    .where(ownRowsOnly(termsAcknowledgements.userId, actor));
  await recordAccess(db, [
    { orgId: actor.orgId, reportId: actor.id, actorId: actor.id, kind: "export", action: "exported your one-on-one record", subject: `${lines.length} series` },
    // A manager's export carries each report's shared record too: each report sees it in their log.
    ...[...new Set(lines.filter((l) => l.reportId !== actor.id).map((l) => l.reportId))].map((reportId) => ({
      orgId: actor.orgId,
      reportId,
      actorId: actor.id,
      kind: "export" as const,
      action: "exported the one-on-one record you share",
      subject: "1 series",
    })),
  ]);
  const accessLogRows = await getMyAccessLog(actor);
  return {
    exportedAt: new Date().toISOString(),
    person: { name: actor.name, email: actor.email },
    series: lines.map(({ reportId, ...l }) => ({
      ...l,
      myRole: reportId === actor.id ? ("report" as const) : ("manager" as const),
      terms: terms.filter((t) => t.seriesId === l.seriesId),
      meetings: meetingRows
        .filter((m) => m.seriesId === l.seriesId)
        .map((m) => ({
          ...m,
          // Which topics the report keeps out of team themes is the report's choice: only their own export holds it.
          topics: topicRows.filter((t) => t.meetingId === m.id).map(({ keepOutOfThemes, ...t }) => (reportId === actor.id ? { ...t, keepOutOfThemes } : t)),
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
