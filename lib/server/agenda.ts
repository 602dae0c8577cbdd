import "server-only";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { JSONContent } from "@tiptap/core";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { agendaDocuments, meetings, reportingLines, series, users } from "@/db/schema";
import { checkDocument, documentText } from "@/lib/editor/document";
import { AppError, invalid } from "@/lib/errors";
import { type Actor, assertMeetingWritable, meetingIsWritable } from "@/lib/policy";
import type { saveAgendaSchema } from "@/lib/validation/agenda";
import { agendaDocumentName } from "@/lib/collab/names";
import { authorizeMeeting } from "./access";
import { recordWholeDocument } from "./collab-store";
import { recordAccess } from "./access-log";
import { lockMeeting } from "./meetings";

export async function getMeetingPage(actor: Actor | null, meetingId: string) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, meetingId, "seriesContent", "read");
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const editor = alias(users, "editor");
  const [row] = await db
    .select({
      id: meetings.id,
      seriesId: meetings.seriesId,
      scheduledAt: meetings.scheduledAt,
      durationMinutes: meetings.durationMinutes,
      status: meetings.status,
      completedAt: meetings.completedAt,
      timeZone: series.timeZone,
      managerName: manager.name,
      reportName: report.name,
      content: agendaDocuments.content,
      version: agendaDocuments.version,
      updatedAt: agendaDocuments.updatedAt,
      updatedByName: editor.name,
    })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .leftJoin(agendaDocuments, eq(agendaDocuments.meetingId, meetings.id))
    .leftJoin(editor, eq(editor.id, agendaDocuments.updatedBy))
    .where(eq(meetings.id, meetingId));
  if (facts.relation === "covering") {
    await recordAccess(db, { orgId: facts.orgId, reportId: facts.reportId, actorId: actor!.id, kind: "covering", action: "opened a meeting (covering)", subject: `meeting of ${row.scheduledAt.toISOString().slice(0, 10)}` });
  }
  return {
    ...row,
    content: (row.content ?? { type: "doc", content: [{ type: "paragraph" }] }) as JSONContent,
    version: row.version ?? 0,
    relation: facts.relation,
    // A completed (or cancelled) meeting's agenda is read-only for everyone.
    canEdit: facts.relation !== "admin" && meetingIsWritable(row.status),
  };
}

export type SaveAgendaResult = { version: number; savedAt: Date };

/**
 * A whole-document save outside the real-time editor (the editor itself syncs through the
 * collaboration server): the text also goes into the agenda's Yjs document, so both agree.
 * Saves the shared agenda if nobody saved since `baseVersion`; otherwise refuses with the
 * newer stored text so that the person can compare and choose, and nothing is lost.
 */
export async function saveAgenda(actor: Actor | null, input: z.infer<typeof saveAgendaSchema>): Promise<SaveAgendaResult> {
  const db = await getDb();
  await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  const checked = checkDocument(input.content);
  if (!checked.ok) throw invalid({ content: [checked.error] }, checked.error);
  return db.transaction(async (tx) => {
    // Under the meeting's lock, so a completion at the same moment comes either before (refused) or after.
    assertMeetingWritable((await lockMeeting(tx, input.meetingId)).status);
    const savedAt = new Date();
    const updated = await tx
      .update(agendaDocuments)
      .set({ content: checked.doc, searchText: documentText(checked.doc), version: input.baseVersion + 1, updatedBy: actor!.id, updatedAt: savedAt })
      .where(and(eq(agendaDocuments.meetingId, input.meetingId), eq(agendaDocuments.version, input.baseVersion)))
      .returning({ version: agendaDocuments.version });
    if (updated.length) {
      await recordWholeDocument(tx, agendaDocumentName(input.meetingId), checked.doc);
      return { version: updated[0].version, savedAt };
    }
    const editor = alias(users, "editor");
    const [current] = await tx
      .select({ content: agendaDocuments.content, version: agendaDocuments.version, updatedByName: editor.name })
      .from(agendaDocuments)
      .leftJoin(editor, eq(editor.id, agendaDocuments.updatedBy))
      .where(eq(agendaDocuments.meetingId, input.meetingId));
    if (!current && input.baseVersion === 0) {
      await tx
        .insert(agendaDocuments)
        .values({ meetingId: input.meetingId, content: checked.doc, searchText: documentText(checked.doc), updatedBy: actor!.id });
      await recordWholeDocument(tx, agendaDocumentName(input.meetingId), checked.doc);
      return { version: 1, savedAt };
    }
    throw new AppError("conflict", `${current?.updatedByName ?? "Someone"} saved a newer version of this agenda.`, undefined, {
      content: current?.content,
      version: current?.version,
    });
  });
}
