import "server-only";
import { eq } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import type { Db, Tx } from "@/db/client";
import { agendaDocuments } from "@/db/schema";
import type { AuthorizedMeeting } from "./access";
import { recordCoveringRead } from "./access-log";

/** The shared agenda's stored document (an empty one before anybody wrote). */
export async function agendaOf(db: Db | Tx, meetingId: string) {
  const [row] = await db
    .select({ content: agendaDocuments.content, updatedAt: agendaDocuments.updatedAt })
    .from(agendaDocuments)
    .where(eq(agendaDocuments.meetingId, meetingId));
  return {
    content: (row?.content ?? { type: "doc", content: [{ type: "paragraph" }] }) as JSONContent,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** A covering manager's opening of a meeting (its page, or its agenda over the socket) goes into the report's access log. */
export async function recordMeetingOpened(db: Db | Tx, m: AuthorizedMeeting) {
  await recordCoveringRead(db, m, { action: "opened a meeting (covering)", subject: `meeting of ${m.scheduledAt.toISOString().slice(0, 10)}` });
}

/** What the page header shows of an authorized meeting. */
export function meetingHeader(m: AuthorizedMeeting) {
  return {
    id: m.meetingId,
    seriesId: m.seriesId,
    scheduledAt: m.scheduledAt,
    durationMinutes: m.durationMinutes,
    status: m.status,
    startedAt: m.startedAt,
    completedAt: m.completedAt,
    timeZone: m.timeZone,
    managerName: m.managerName,
    reportName: m.reportName,
  };
}
