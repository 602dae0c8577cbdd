import "server-only";
// One meeting as Markdown, authorized exactly as the meeting page is (authorizeMeetingView:
// manager, report or covering manager may read the series' content). The private note in it is
// read by ownNoteOf, whose WHERE clause names the caller as author: it is only ever the caller's own.
import { getDb } from "@/db/client";
import { notFound } from "@/lib/errors";
import { meetingMarkdown } from "@/lib/markdown/record";
import { type Actor, assertSignedIn, may } from "@/lib/policy";
import { isUuid } from "@/lib/validation/uuid";
import { authorizeMeetingView } from "./access";
import { agendaOf } from "./agenda";
import { recordAccess } from "./access-log";
import { ownNoteOf } from "./private-notes";
import { meetingWorkOf } from "./topics";

/**
 * The meeting's agenda, topics, action items and the caller's own private note as a Markdown page.
 * With `seriesId`, a meeting of another series is not found (as on the page). Logged in the
 * report's access log: as their own export, or as one of the record they share.
 */
export async function exportMeetingMarkdown(actor: Actor, meetingId: string, seriesId?: string) {
  assertSignedIn(actor);
  if (!isUuid(meetingId)) throw notFound();
  const db = await getDb();
  const m = await authorizeMeetingView(db, actor, meetingId, "seriesContent", "read");
  if (seriesId !== undefined && m.seriesId !== seriesId) throw notFound();
  const [agenda, work, note] = await Promise.all([
    agendaOf(db, meetingId),
    meetingWorkOf(db, actor, meetingId),
    may("keepOwnNotes", m.relation) ? ownNoteOf(db, actor, meetingId) : null,
  ]);
  const day = m.scheduledAt.toISOString().slice(0, 10);
  await recordAccess(db, {
    orgId: m.orgId,
    reportId: m.reportId,
    actorId: actor.id,
    kind: "export",
    action: actor.id === m.reportId ? "exported a meeting as Markdown" : "exported a meeting you share as Markdown",
    subject: `meeting of ${day}`,
  });
  const markdown = meetingMarkdown({
    managerName: m.managerName,
    reportName: m.reportName,
    scheduledAt: m.scheduledAt,
    timeZone: m.timeZone,
    durationMinutes: m.durationMinutes,
    status: m.status,
    agenda: agenda.updatedAt ? agenda.content : null,
    topics: work.topics,
    actionItems: work.actionItems,
    myNote: note ? note.content : null,
  });
  return { filename: `meeting-${day}-${meetingId.slice(0, 8)}.md`, markdown };
}
