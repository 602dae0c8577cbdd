import "server-only";
import { and, asc, desc, eq, gt, inArray, max, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDb, type Db, type Tx } from "@/db/client";
import { actionItems, agendaDocuments, meetings, series, topics, users } from "@/db/schema";
import { EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, invalid } from "@/lib/errors";
import { type Actor, assertMayComplete, assertMayReopen } from "@/lib/policy";
import { occurrencesAfter, type Cadence } from "@/lib/schedule";
import type { MoveMeetingInput } from "@/lib/validation/topics";
import { authorizeMeeting } from "./access";
import { recordAccess } from "./access-log";
import { standingTopicsFor } from "./goals";
import { accessChanged } from "@/lib/collab/access-events";

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
      startedAt: meetings.startedAt,
      completedAt: meetings.completedAt,
    })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .for("update");
  if (!row) throw new AppError("not_found");
  return row;
}

/**
 * The first open (scheduled or in progress) meeting of the series after `after`; when there is
 * none, creates one in the first cadence slot after `after` that no meeting (not even a
 * cancelled or moved one) already fills. Locks the series row, so two callers never create two.
 */
export async function ensureNextMeeting(tx: Tx, seriesId: string, after: Date): Promise<{ id: string; scheduledAt: Date; created: boolean }> {
  const s = await lockSeries(tx, seriesId);
  const [existing] = await tx
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), inArray(meetings.status, ["scheduled", "in_progress"]), gt(meetings.scheduledAt, after)))
    .orderBy(asc(meetings.scheduledAt))
    .limit(1);
  if (existing) return { ...existing, created: false };
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
    const [first] = await tx.select({ at: sql<Date>`min(${meetings.scheduledAt})`.mapWith((v: string | Date) => new Date(v)) }).from(meetings).where(eq(meetings.seriesId, seriesId));
    anchor = first?.at && !Number.isNaN(first.at.getTime()) ? first.at : after;
  }
  const slot = occurrencesAfter(s.cadence as Cadence, anchor, s.timeZone, after, taken.size + 1).find((at) => !taken.has(at.getTime()));
  if (!slot) throw new AppError("conflict", "No free slot was found for the next meeting.");
  const [created] = await tx
    .insert(meetings)
    .values({ seriesId, scheduledAt: slot, occurrenceAt: slot, durationMinutes: s.durationMinutes })
    .returning({ id: meetings.id, scheduledAt: meetings.scheduledAt });
  await tx.insert(agendaDocuments).values({ meetingId: created.id, content: EMPTY_DOCUMENT, searchText: "" });
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
  const open = await tx
    .select(columns)
    .from(actionItems)
    .where(and(eq(actionItems.meetingId, meetingId), eq(actionItems.done, false)))
    .orderBy(asc(actionItems.createdAt));
  const copies = (await tx.select(columns).from(actionItems).where(eq(actionItems.carriedFromMeetingId, meetingId))).map(itemKey);
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
async function carryOver(tx: Tx, from: { id: string; seriesId: string; scheduledAt: Date }, toMeetingId: string, now: Date) {
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
    .orderBy(asc(topics.position), asc(topics.createdAt));
  // A topic the target already holds (same author, same text, e.g. a standing one) is not copied twice.
  const present = await tx.select({ authorId: topics.authorId, text: topics.text }).from(topics).where(eq(topics.meetingId, toMeetingId));
  const fresh = open.filter((t) => !present.some((p) => p.authorId === t.authorId && p.text === t.text));
  const [{ top }] = await tx.select({ top: max(topics.position) }).from(topics).where(eq(topics.meetingId, toMeetingId));
  const carried = { meetingId: toMeetingId, seriesId: from.seriesId, carriedFromMeetingId: from.id, carriedFromDate: from.scheduledAt };
  if (open.length) {
    // The copy keeps the report's "keep out of team themes" choice: carrying a topic must not widen it.
    if (fresh.length) await tx.insert(topics).values(fresh.map((t, i) => ({ ...t, ...carried, position: (top ?? -1) + 1 + i, createdAt: now, updatedAt: now })));
    await tx.update(topics).set({ status: "carried_over", updatedAt: now }).where(and(eq(topics.meetingId, from.id), eq(topics.status, "open")));
  }
  const items = await itemsToCarry(tx, from.id);
  if (items.length) await tx.insert(actionItems).values(items.map((a) => ({ ...a, ...carried, createdAt: now })));
  return { topics: fresh.length, actionItems: items.length };
}

/** Where the series continues after a meeting: its cadence slot (a move does not shift the cadence), not before now. */
const slotOf = (m: { occurrenceAt: Date | null; scheduledAt: Date }, now: Date) => {
  const slot = m.occurrenceAt ?? m.scheduledAt;
  return slot > now ? slot : now;
};

export async function startMeeting(actor: Actor | null, input: { meetingId: string }, now: Date = new Date()) {
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
export async function completeMeeting(actor: Actor | null, input: { meetingId: string }, now: Date = new Date()) {
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
      .set({ status: "completed", startedAt: m.startedAt ?? now, completedAt: now, completedBy: actor!.id })
      .where(eq(meetings.id, m.id));
    const next = await ensureNextMeeting(tx, m.seriesId, slotOf(m, now));
    const carried = await carryOver(tx, m, next.id, now);
    return { alreadyCompleted: false, nextMeetingId: next.id, carried };
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
export async function reopenMeeting(actor: Actor | null, input: { meetingId: string }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    assertMayReopen(facts.relation, m, now);
    await tx
      .update(meetings)
      .set({ status: "in_progress", completedAt: null, completedBy: null, reopenedAt: now, reopenedBy: actor!.id })
      .where(eq(meetings.id, m.id));
    await recordAccess(tx, {
      orgId: facts.orgId,
      reportId: facts.reportId,
      actorId: actor!.id,
      kind: "reopened",
      action: "reopened a completed meeting",
      subject: `meeting of ${m.scheduledAt.toISOString().slice(0, 10)}`,
    });
    return { status: "in_progress" as const, reopenedAt: now };
  });
}

/** What completing would carry over, for the confirm step: topics not yet discussed and open action items. */
export async function completionSummary(tx: Db | Tx, meetingId: string) {
  const [t] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(topics).where(and(eq(topics.meetingId, meetingId), eq(topics.status, "open")));
  return { undiscussedTopics: t.n, openActionItems: (await itemsToCarry(tx, meetingId)).length };
}

/** Who reopened a meeting last, and when, for the page both people see. */
export async function reopenedBy(tx: Db | Tx, meetingId: string) {
  const [row] = await tx
    .select({ at: meetings.reopenedAt, name: users.name })
    .from(meetings)
    .innerJoin(users, eq(users.id, meetings.reopenedBy))
    .where(eq(meetings.id, meetingId));
  return row?.at ? { at: row.at, name: row.name } : null;
}

/** Cancels one scheduled meeting; its open topics and action items move on to the next meeting. */
export async function cancelMeeting(actor: Actor | null, input: { meetingId: string }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    if (m.status !== "scheduled") throw new AppError("conflict", "Only a meeting that has not started can be cancelled.");
    await tx.update(meetings).set({ status: "cancelled" }).where(eq(meetings.id, m.id));
    const next = await ensureNextMeeting(tx, m.seriesId, slotOf(m, now));
    const carried = await carryOver(tx, m, next.id, now);
    return { nextMeetingId: next.id, carried };
  });
}

/** Moves one scheduled meeting to another time; it keeps its cadence slot (occurrence_at). */
export async function moveMeeting(actor: Actor | null, input: MoveMeetingInput, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    const s = await lockSeries(tx, facts.seriesId);
    const m = await lockMeeting(tx, input.meetingId);
    const at = DateTime.fromISO(`${input.date}T${input.time}`, { zone: s.timeZone });
    if (!at.isValid) throw invalid({ date: ["Enter a valid date."] });
    if (at.toJSDate() <= now) throw invalid({ date: ["Choose a time in the future."] });
    if (m.status !== "scheduled") throw new AppError("conflict", "Only a meeting that has not started can be moved.");
    await tx.update(meetings).set({ scheduledAt: at.toJSDate() }).where(eq(meetings.id, m.id));
    return { scheduledAt: at.toJSDate() };
  });
}

/** The meeting that topics go to now: one in progress, else the next scheduled one (created if needed). */
export async function currentMeeting(tx: Tx, seriesId: string, now: Date) {
  await lockSeries(tx, seriesId);
  const [row] = await tx
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
  return row ?? (await ensureNextMeeting(tx, seriesId, now));
}
