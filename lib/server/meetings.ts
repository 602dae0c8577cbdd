import "server-only";
import { and, asc, desc, eq, gt, inArray, max, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDb, type Db, type Tx } from "@/db/client";
import { actionItems, agendaDocuments, meetings, reportingLines, scheduleChanges, series, topics, type ScheduleUndo } from "@/db/schema";
import { documentText, EMPTY_DOCUMENT } from "@/lib/editor/document";
import { formatMeetingTime } from "@/lib/format";
import { AppError, invalid } from "@/lib/errors";
import { type Actor, assertMayComplete, assertMayReopen } from "@/lib/policy";
import { occurrencesAfter, type Cadence } from "@/lib/schedule";
import type { MoveMeetingInput } from "@/lib/validation/meetings";
import { authorizeMeeting } from "./access";
import { managerClashes } from "./clashes";
import { lineOfSeries, pairActive } from "./lines";
import { recordAccess } from "./access-log";
import { standingTopicsFor } from "./goals";
import { agendaForNewMeeting } from "./series-templates";
import { accessChanged } from "@/lib/collab/access-events";

/**
 * The series' first meeting: the earliest scheduled, and of two at the same moment the one
 * created first (then the smaller id, so the answer never depends on the query plan). The
 * terms and the working agreement both mean this one meeting.
 */
export async function firstMeetingOf(db: Db | Tx, seriesId: string) {
  const [first] = await db
    .select({ id: meetings.id, status: meetings.status })
    .from(meetings)
    .where(eq(meetings.seriesId, seriesId))
    .orderBy(asc(meetings.scheduledAt), asc(meetings.createdAt), asc(meetings.id))
    .limit(1);
  return first ?? null;
}

/**
 * Carry-over must happen exactly once per meeting, even when both people complete it at the
 * same moment: every state change of a meeting runs in one transaction that locks the series
 * row first and the meeting row second (always in that order, so two writers never deadlock),
 * then re-reads the status under the lock.
 */
export async function lockSeries(tx: Tx, seriesId: string) {
  const [row] = await tx
    .select({
      id: series.id,
      cadence: series.cadence,
      anchorAt: series.anchorAt,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      format: series.format,
    })
    .from(series)
    .where(eq(series.id, seriesId))
    .for("update");
  if (!row) throw new AppError("not_found");
  return row;
}

export async function lockMeeting(tx: Tx, meetingId: string) {
  const [row] = await tx
    .select({
      id: meetings.id,
      seriesId: meetings.seriesId,
      status: meetings.status,
      scheduledAt: meetings.scheduledAt,
      occurrenceAt: meetings.occurrenceAt,
      durationMinutes: meetings.durationMinutes,
      startedAt: meetings.startedAt,
      completedAt: meetings.completedAt,
    })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .for("update");
  if (!row) throw new AppError("not_found");
  return row;
}

/** Whether the series goes on: both people of its pair are active (a leaver's series gets no further meetings). */
export async function seriesGoesOn(db: Db | Tx, seriesId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: series.id })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .where(and(eq(series.id, seriesId), pairActive));
  return Boolean(row);
}

/**
 * The first open (scheduled or in progress) meeting of the series after `after`; when there is
 * none, creates one in the first cadence slot after `after` that no meeting (not even a
 * cancelled or moved one) already fills. Locks the series row, so two callers never create two.
 * Null when there is none and the series goes on no further (seriesGoesOn): nothing is created.
 */
export async function ensureNextMeeting(tx: Tx, seriesId: string, after: Date): Promise<{ id: string; scheduledAt: Date; created: boolean } | null> {
  const s = await lockSeries(tx, seriesId);
  const [existing] = await tx
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), inArray(meetings.status, ["scheduled", "in_progress"]), gt(meetings.scheduledAt, after)))
    .orderBy(asc(meetings.scheduledAt))
    .limit(1);
  if (existing) return { ...existing, created: false };
  if (!(await seriesGoesOn(tx, seriesId))) return null;
  const taken = new Set(
    (
      await tx
        .select({ at: meetings.occurrenceAt })
        .from(meetings)
        .where(and(eq(meetings.seriesId, seriesId), gt(meetings.occurrenceAt, after)))
    ).map((r) => r.at!.getTime()),
  );
  let anchor = s.anchorAt;
  if (!anchor) {
    const [first] = await tx
      .select({ at: sql<Date>`min(${meetings.scheduledAt})`.mapWith((v: string | Date) => new Date(v)) })
      .from(meetings)
      .where(eq(meetings.seriesId, seriesId));
    anchor = first?.at && !Number.isNaN(first.at.getTime()) ? first.at : after;
  }
  const slot = occurrencesAfter(s.cadence as Cadence, anchor, s.timeZone, after, taken.size + 1).find((at) => !taken.has(at.getTime()));
  if (!slot) throw new AppError("conflict", "No free slot was found for the next meeting.");
  const [created] = await tx
    .insert(meetings)
    .values({ seriesId, scheduledAt: slot, occurrenceAt: slot, durationMinutes: s.durationMinutes })
    .returning({ id: meetings.id, scheduledAt: meetings.scheduledAt });
  // The series' template for new meetings, else a blank agenda.
  const content = (await agendaForNewMeeting(tx, seriesId)) ?? EMPTY_DOCUMENT;
  await tx.insert(agendaDocuments).values({ meetingId: created.id, content, searchText: documentText(content) });
  await standingTopicsFor(tx, seriesId, created.id, s.format);
  return { ...created, created: true };
}

const itemKey = (a: { text: string; owner: string; dueDate: string | null; createdBy: string }) => JSON.stringify([a.text, a.owner, a.dueDate, a.createdBy]);

/**
 * The open action items of a meeting that completing it carries over. A meeting completed,
 * reopened and completed again: an item already carried from it is not carried twice.
 */
async function itemsToCarry(tx: Db | Tx, meetingId: string) {
  const columns = { text: actionItems.text, owner: actionItems.owner, dueDate: actionItems.dueDate, createdBy: actionItems.createdBy };
  // One statement: the meeting's open items, and the copies an earlier completion already carried.
  const rows = await tx
    .select({ ...columns, own: sql<boolean>`${actionItems.meetingId} = ${meetingId}` })
    .from(actionItems)
    .where(or(and(eq(actionItems.meetingId, meetingId), eq(actionItems.done, false)), eq(actionItems.carriedFromMeetingId, meetingId)))
    .orderBy(asc(actionItems.createdAt), asc(actionItems.id));
  const open = rows.filter((r) => r.own).map(({ own: _own, ...a }) => a);
  const copies = rows.filter((r) => !r.own).map(itemKey);
  return open.filter((a) => {
    const at = copies.indexOf(itemKey(a));
    if (at === -1) return true;
    copies.splice(at, 1);
    return false;
  });
}

/**
 * Copies the open topics and open action items of `from` to `toMeetingId`, marked as carried over.
 * A carried topic is marked carried_over in `from`, so a meeting that is reopened and completed
 * again carries each topic once; its action items keep their status, so copies are matched.
 */
export async function carryOver(tx: Tx, from: { id: string; seriesId: string; scheduledAt: Date }, toMeetingId: string, now: Date) {
  const open = await tx
    .select({
      authorId: topics.authorId,
      text: topics.text,
      kind: topics.kind,
      category: topics.category,
      keepOutOfThemes: topics.keepOutOfThemes,
    })
    .from(topics)
    .where(and(eq(topics.meetingId, from.id), eq(topics.status, "open")))
    .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.id));
  // A topic the target already holds (same author, same text, e.g. a standing one) is not copied twice.
  const present = await tx.select({ authorId: topics.authorId, text: topics.text }).from(topics).where(eq(topics.meetingId, toMeetingId));
  const fresh = open.filter((t) => !present.some((p) => p.authorId === t.authorId && p.text === t.text));
  const [{ top }] = await tx
    .select({ top: max(topics.position) })
    .from(topics)
    .where(eq(topics.meetingId, toMeetingId));
  const carried = { meetingId: toMeetingId, seriesId: from.seriesId, carriedFromMeetingId: from.id, carriedFromDate: from.scheduledAt };
  let topicIds: string[] = [];
  let originalTopicIds: string[] = [];
  if (open.length) {
    // The copy keeps the report's "keep out of team themes" choice: carrying a topic must not widen it.
    if (fresh.length)
      topicIds = (
        await tx
          .insert(topics)
          .values(fresh.map((t, i) => ({ ...t, ...carried, position: (top ?? -1) + 1 + i, createdAt: now, updatedAt: now })))
          .returning({ id: topics.id })
      ).map((r) => r.id);
    originalTopicIds = (
      await tx
        .update(topics)
        .set({ status: "carried_over", updatedAt: now })
        .where(and(eq(topics.meetingId, from.id), eq(topics.status, "open")))
        .returning({ id: topics.id })
    ).map((r) => r.id);
  }
  const items = await itemsToCarry(tx, from.id);
  const itemIds = items.length
    ? (
        await tx
          .insert(actionItems)
          // A millisecond apart, in the order they had: items are listed by when they were made, and
          // copies made in one statement at one time would otherwise come back in any order.
          .values(items.map((a, i) => ({ ...a, ...carried, createdAt: new Date(now.getTime() + i) })))
          .returning({ id: actionItems.id })
      ).map((r) => r.id)
    : [];
  return { topics: fresh.length, actionItems: items.length, ids: { topicIds, originalTopicIds, itemIds } };
}

/** Where the series continues after a meeting: its cadence slot (a move does not shift the cadence), not before now. */
const slotOf = (m: { occurrenceAt: Date | null; scheduledAt: Date }, now: Date) => {
  const slot = m.occurrenceAt ?? m.scheduledAt;
  return slot > now ? slot : now;
};

export async function startMeeting(actor: Actor, input: { meetingId: string }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    if (m.status === "in_progress") return { status: m.status };
    if (m.status !== "scheduled") throw new AppError("conflict", `This meeting is already ${m.status === "completed" ? "completed" : "cancelled"}.`);
    await tx.update(meetings).set({ status: "in_progress", startedAt: now }).where(eq(meetings.id, m.id));
    return { status: "in_progress" as const };
  });
}

/**
 * Completes a meeting and carries what is still open to the next one. A second completion,
 * even one running at the same moment, finds the meeting completed under the lock and does nothing.
 */
export async function completeMeeting(actor: Actor, input: { meetingId: string }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  const result = await db.transaction(async (tx) => {
    await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    if (m.status === "completed") {
      // Completed by the other person a moment ago: nothing changes; say where the series goes on.
      const [next] = await tx
        .select({ id: meetings.id })
        .from(meetings)
        .where(and(eq(meetings.seriesId, m.seriesId), inArray(meetings.status, ["scheduled", "in_progress"]), gt(meetings.scheduledAt, m.scheduledAt)))
        .orderBy(asc(meetings.scheduledAt))
        .limit(1);
      return { alreadyCompleted: true, nextMeetingId: next?.id ?? null, carried: { topics: 0, actionItems: 0 } };
    }
    assertMayComplete(m, now);
    await tx
      .update(meetings)
      .set({ status: "completed", startedAt: m.startedAt ?? now, completedAt: now, completedBy: actor.id })
      .where(eq(meetings.id, m.id));
    const next = await ensureNextMeeting(tx, m.seriesId, slotOf(m, now));
    // A series that goes on no further (one of the pair left) keeps what is open where it is.
    if (!next) return { alreadyCompleted: false, nextMeetingId: null, carried: { topics: 0, actionItems: 0 } };
    const { topics: carriedTopics, actionItems: carriedItems } = await carryOver(tx, m, next.id, now);
    return { alreadyCompleted: false, nextMeetingId: next.id, carried: { topics: carriedTopics, actionItems: carriedItems } };
  });
  // A completed meeting's documents: the collaboration server checks their connections now.
  if (!result.alreadyCompleted) accessChanged({ meetingId: input.meetingId });
  return result;
}

/**
 * The manager takes back a completion within 24 hours: the meeting is in progress again and its
 * record can be changed. What was carried over stays in the next meeting (and is not carried
 * again when this one is completed anew). The report sees who reopened it, on the meeting page
 * and in their access log.
 */
export async function reopenMeeting(actor: Actor, input: { meetingId: string }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    assertMayReopen(facts.relation, m, now);
    await tx
      .update(meetings)
      .set({ status: "in_progress", completedAt: null, completedBy: null, reopenedAt: now, reopenedBy: actor.id })
      .where(eq(meetings.id, m.id));
    await recordAccess(tx, {
      orgId: facts.orgId,
      reportId: facts.reportId,
      actorId: actor.id,
      kind: "reopened",
      action: "reopened a completed meeting",
      subject: `meeting of ${m.scheduledAt.toISOString().slice(0, 10)}`,
    });
    return { status: "in_progress" as const, reopenedAt: now };
  });
}

/** What completing would carry over, for the confirm step: topics not yet discussed and open action items. */
export async function completionSummary(tx: Db | Tx, meetingId: string, openTopics?: number) {
  let undiscussedTopics = openTopics;
  if (undiscussedTopics === undefined) {
    const [t] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(topics)
      .where(and(eq(topics.meetingId, meetingId), eq(topics.status, "open")));
    undiscussedTopics = t.n;
  }
  return { undiscussedTopics, openActionItems: (await itemsToCarry(tx, meetingId)).length };
}

/**
 * Cancels one scheduled meeting; its open topics and action items move on to the next meeting.
 * What it changed is kept for an undo (lib/server/schedule-changes.ts).
 */
export async function cancelMeeting(actor: Actor, input: { meetingId: string }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    const undo = await cancelLocked(tx, m, now);
    const changeId = await recordChange(tx, { orgId: facts.orgId, kind: "cancel", actorId: actor.id, undo, now });
    return { nextMeetingId: undo.nextMeetingId, carried: undo.carried, changeId };
  });
}

/**
 * Cancels a meeting already locked (with its series) and carries what is open to the next one
 * after `carryAfter`. In a series that goes on no further (seriesGoesOn) there is no next one:
 * the cancelled meeting keeps its topics and action items.
 */
export async function cancelLocked(
  tx: Tx,
  m: Awaited<ReturnType<typeof lockMeeting>>,
  now: Date,
  carryAfter: Date = slotOf(m, now),
): Promise<ScheduleUndo & { nextMeetingId: string | null; carried: { topics: number; actionItems: number } }> {
  await markCancelled(tx, m);
  const next = await ensureNextMeeting(tx, m.seriesId, carryAfter);
  const { ids, ...carried } = next
    ? await carryOver(tx, m, next.id, now)
    : { ids: { topicIds: [], originalTopicIds: [], itemIds: [] }, topics: 0, actionItems: 0 };
  const at = m.scheduledAt.toISOString();
  return {
    meetings: [{ id: m.id, seriesId: m.seriesId, before: { status: "scheduled", scheduledAt: at }, after: { status: "cancelled", scheduledAt: at } }],
    createdMeetingIds: [],
    carriedTopicIds: ids.topicIds,
    carriedActionItemIds: ids.itemIds,
    originalTopicIds: ids.originalTopicIds,
    coveringAssignmentIds: [],
    nextMeetingId: next?.id ?? null,
    carried,
  };
}

/** Marks a meeting already locked (with its series) cancelled, carrying nothing: what it holds stays with it. */
export async function markCancelled(tx: Tx, m: { id: string; status: string }) {
  if (m.status !== "scheduled") throw new AppError("conflict", "Only a meeting that has not started can be cancelled.");
  await tx.update(meetings).set({ status: "cancelled" }).where(eq(meetings.id, m.id));
}

/** Stores what a cancel, move or leave changed; the person who did it may undo it (lib/policy UNDO_WINDOW_MS). */
export async function recordChange(
  tx: Tx,
  change: {
    orgId: string;
    kind: "cancel" | "move" | "leave";
    actorId: string;
    undo: ScheduleUndo;
    now: Date;
    personId?: string;
    startsOn?: string;
    endsOn?: string;
  },
) {
  const { meetings: touched, createdMeetingIds, carriedTopicIds, carriedActionItemIds, originalTopicIds, coveringAssignmentIds } = change.undo;
  const [row] = await tx
    .insert(scheduleChanges)
    .values({
      orgId: change.orgId,
      kind: change.kind,
      actorId: change.actorId,
      personId: change.personId ?? null,
      startsOn: change.startsOn ?? null,
      endsOn: change.endsOn ?? null,
      undo: { meetings: touched, createdMeetingIds, carriedTopicIds, carriedActionItemIds, originalTopicIds, coveringAssignmentIds },
      createdAt: change.now,
    })
    .returning({ id: scheduleChanges.id });
  return row.id;
}

/**
 * Moves one scheduled meeting to another time; it keeps its cadence slot (occurrence_at). When
 * the new time overlaps another of the manager's meetings, nothing moves until the person
 * confirms, having seen the clash (confirmOverlap).
 */
export async function moveMeeting(actor: Actor, input: MoveMeetingInput, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    const s = await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    const at = DateTime.fromISO(`${input.date}T${input.time}`, { zone: s.timeZone });
    if (!at.isValid) throw invalid({ date: ["Enter a valid date."] });
    if (at.toJSDate() <= now) throw invalid({ date: ["Choose a time in the future."] });
    if (m.status !== "scheduled") throw new AppError("conflict", "Only a meeting that has not started can be moved.");
    const to = at.toJSDate();
    const clashes = await managerClashes(tx, { managerId: facts.managerId, excludeMeetingId: m.id, from: to, minutes: m.durationMinutes }, now);
    if (clashes.length && !input.confirmOverlap) {
      // The names of the manager's other reports are the manager's to see, not the report's.
      const named = facts.relation === "manager";
      return {
        moved: false as const,
        scheduledAt: to,
        changeId: null,
        clashes: clashes.map((c) => ({
          ...c,
          withName: named ? c.withName : null,
          // Written out here, so the form that shows it brings no date library to the browser.
          when: formatMeetingTime(c.at, c.timeZone),
        })),
      };
    }
    await tx.update(meetings).set({ scheduledAt: to }).where(eq(meetings.id, m.id));
    const undo: ScheduleUndo = {
      meetings: [
        {
          id: m.id,
          seriesId: m.seriesId,
          before: { status: m.status, scheduledAt: m.scheduledAt.toISOString() },
          after: { status: m.status, scheduledAt: to.toISOString() },
        },
      ],
      createdMeetingIds: [],
      carriedTopicIds: [],
      carriedActionItemIds: [],
      originalTopicIds: [],
      coveringAssignmentIds: [],
    };
    const changeId = await recordChange(tx, { orgId: facts.orgId, kind: "move", actorId: actor.id, undo, now });
    return { moved: true as const, scheduledAt: to, changeId, clashes: [] };
  });
}

/**
 * The meeting that topics go to now: one in progress, else the next scheduled one that has not
 * been over for two hours. One query, shared by adding a topic and by showing what is queued.
 */
export function currentMeetingQuery(db: Db | Tx, seriesId: string, now: Date) {
  return db
    .select({ id: meetings.id })
    .from(meetings)
    .where(
      and(
        eq(meetings.seriesId, seriesId),
        or(eq(meetings.status, "in_progress"), and(eq(meetings.status, "scheduled"), gt(meetings.scheduledAt, new Date(now.getTime() - 2 * 3600_000)))),
      ),
    )
    .orderBy(desc(sql`${meetings.status} = 'in_progress'`), asc(meetings.scheduledAt))
    .limit(1);
}

/**
 * The meeting that topics go to now (currentMeetingQuery), created from the cadence if there is
 * none; refused when there is none and the series goes on no further (one of the pair left).
 */
export async function currentMeeting(tx: Tx, seriesId: string, now: Date) {
  await lockSeries(tx, seriesId);
  const [row] = await currentMeetingQuery(tx, seriesId, now);
  const next = row ?? (await ensureNextMeeting(tx, seriesId, now));
  if (!next) throw new AppError("conflict", SERIES_STOPPED);
  return next;
}

/** What a series whose manager or report was deactivated answers when asked for a meeting it no longer has. */
export const SERIES_STOPPED = "This series has no upcoming meetings: the other person has left (their account was deactivated).";
