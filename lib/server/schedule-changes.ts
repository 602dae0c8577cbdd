import "server-only";
// Leave, and the undo of a cancel, a move or a leave. Who may do either is lib/policy's
// (assertMayMarkLeave, assertMayUndo, and the covering rules of assertMayNameCovering); every
// change runs in one transaction that locks the series rows first (in id order), then meetings.
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DateTime } from "luxon";
import { getDb, type Db, type Tx } from "@/db/client";
import {
  actionItems,
  agendaDocuments,
  coveringAssignments,
  meetings,
  reportingLines,
  scheduleChanges,
  series,
  topics,
  users,
  type ScheduleUndo,
} from "@/db/schema";
import { EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, invalid, notFound } from "@/lib/errors";
import {
  type Actor,
  type Relation,
  COVERING_MAX_LEAD_DAYS,
  UNDO_WINDOW_MS,
  assertCan,
  assertLeaveRange,
  assertMayMarkLeave,
  assertMayNameCovering,
  assertMayNameCoveringForLeave,
  assertMayUndo,
  assertSignedIn,
  today,
} from "@/lib/policy";
import { occurrencesAfter, type Cadence } from "@/lib/schedule";
import type { MarkLeaveInput, UndoChangeInput } from "@/lib/validation/leave";
import { accessChanged } from "@/lib/collab/access-events";
import { managesReports, relationTo } from "./access";
import { nameCoveringIn } from "./covering";
import { lineActiveOn, lineOfSeries, pairActive } from "./lines";
import { managesLineOn } from "./visibility";
import { SERIES_STOPPED, cancelLocked, lockMeeting, lockSeries, recordChange, seriesGoesOn } from "./meetings";
import { deliver } from "./outbox";
import { orgMembersByName } from "./member-search";

type LeaveMeeting = { seriesId: string; withName: string; at: Date; timeZone: string; meetingId: string | null };

/** The series a leave touches: the pair's one, or for one's own leave every current series one is part of. */
async function seriesOfLeave(db: Db | Tx, actor: Actor, personId: string, day: string) {
  const other = alias(users, "other");
  const own = personId === actor.id;
  return (
    db
      .select({
        id: series.id,
        cadence: series.cadence,
        timeZone: series.timeZone,
        anchorAt: series.anchorAt,
        managerId: reportingLines.managerId,
        withName: other.name,
      })
      .from(series)
      .innerJoin(reportingLines, lineOfSeries)
      // The other person of each pair: for one's own leave, whoever of the two is not the actor.
      .innerJoin(
        other,
        sql`${other.id} = case when ${reportingLines.managerId} = ${actor.id} then ${reportingLines.reportId} else ${reportingLines.managerId} end`,
      )
      .where(
        and(
          eq(reportingLines.orgId, actor.orgId),
          lineActiveOn(day),
          // A series one of whose pair left has nothing ahead to cancel (lib/server/lines.ts pairActive).
          pairActive,
          own
            ? or(eq(reportingLines.managerId, actor.id), eq(reportingLines.reportId, actor.id))
            : and(eq(reportingLines.managerId, actor.id), eq(reportingLines.reportId, personId)),
        ),
      )
      .orderBy(asc(series.id))
  );
}

/** The instants a leave covers in a zone: from the first day's start to the end of the last day. */
const rangeIn = (startsOn: string, endsOn: string, zone: string) => ({
  from: DateTime.fromISO(startsOn, { zone }).startOf("day").toJSDate(),
  to: DateTime.fromISO(endsOn, { zone }).plus({ days: 1 }).startOf("day").toJSDate(),
});

/** The meetings a leave would cancel in one series: the stored ones not started, and the cadence slots no meeting fills yet. */
async function meetingsInLeave(db: Db | Tx, s: Awaited<ReturnType<typeof seriesOfLeave>>[number], startsOn: string, endsOn: string, now: Date) {
  const { from, to } = rangeIn(startsOn, endsOn, s.timeZone);
  const stored = await db
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt, status: meetings.status })
    .from(meetings)
    .where(and(eq(meetings.seriesId, s.id), gte(meetings.scheduledAt, from), lte(meetings.scheduledAt, to)))
    .orderBy(asc(meetings.scheduledAt));
  const taken = new Set(
    (
      await db
        .select({ at: meetings.occurrenceAt })
        .from(meetings)
        .where(and(eq(meetings.seriesId, s.id), gte(meetings.occurrenceAt, from), lte(meetings.occurrenceAt, to)))
    ).map((r) => r.at!.getTime()),
  );
  const [first] = s.anchorAt
    ? [{ at: s.anchorAt }]
    : await db.select({ at: meetings.scheduledAt }).from(meetings).where(eq(meetings.seriesId, s.id)).orderBy(asc(meetings.scheduledAt)).limit(1);
  const slots = first
    ? occurrencesAfter(s.cadence as Cadence, first.at, s.timeZone, new Date(Math.max(from.getTime(), now.getTime()) - 1), 20).filter(
        (at) => at < to && !taken.has(at.getTime()),
      )
    : [];
  const out: LeaveMeeting[] = [
    ...stored.filter((m) => m.status === "scheduled" && m.scheduledAt > now).map((m) => ({ meetingId: m.id, at: m.scheduledAt })),
    ...slots.map((at) => ({ meetingId: null, at })),
  ].map((m) => ({ ...m, seriesId: s.id, withName: s.withName, timeZone: s.timeZone }));
  return { list: out.sort((a, b) => a.at.getTime() - b.at.getTime()), end: to };
}

/**
 * Marks a person as on leave for a date range. Without `confirm` it only answers which meetings
 * it would cancel (the confirm step); with it, it cancels them in one transaction (their open
 * topics and action items go to the first meeting after the leave, where the series resumes),
 * names the covering manager if one was chosen, and keeps what it did for an undo.
 */
export async function markLeave(actor: Actor, input: MarkLeaveInput, now: Date = new Date()) {
  assertSignedIn(actor);
  const db = await getDb();
  const day = today(now);
  const [person] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, input.personId), eq(users.orgId, actor.orgId), eq(users.active, true)));
  if (!person) throw new AppError("forbidden", "You can mark leave only for yourself or one of your current reports.");
  const [line] = await db
    .select({ id: reportingLines.id })
    .from(reportingLines)
    .where(and(managesLineOn(actor, day), eq(reportingLines.reportId, person.id)));
  assertMayMarkLeave(actor, { id: person.id, managesPerson: Boolean(line), actorManagesAnyone: await managesReports(db, actor.id, actor.orgId, day) });
  assertLeaveRange(input.startsOn, input.endsOn, day, DateTime.fromISO(day, { zone: "UTC" }).plus({ days: COVERING_MAX_LEAD_DAYS }).toISODate()!);
  if (input.keepMeetings && !input.coveringManagerId)
    throw invalid({ keepMeetings: ["Meetings go ahead only with someone covering; choose who, or cancel them."] });

  const all = await seriesOfLeave(db, actor, person.id, day);
  const relations = new Map<string, Awaited<ReturnType<typeof relationTo>>>();
  for (const s of all) {
    const facts = await relationTo(db, actor, s.id);
    assertCan("seriesContent", facts.relation, "write");
    relations.set(s.id, facts);
  }
  // The covering manager: the same rule as naming one on the series page, for each series the actor manages.
  let covering: { id: string; name: string; email: string } | null = null;
  const covered = all.filter((s) => s.managerId === actor.id);
  if (input.coveringManagerId) {
    if (!covered.length) throw invalid({ coveringManagerId: ["You manage no series to be covered."] });
    const [row] = await db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.id, input.coveringManagerId), eq(users.orgId, actor.orgId), eq(users.active, true)));
    for (const s of covered) {
      const facts = relations.get(s.id)!;
      assertMayNameCoveringForLeave(actor.id, person.id, facts.relation);
      assertMayNameCovering(
        {
          series: facts,
          namedBy: actor.id,
          person: row ? { id: row.id, managesReports: await managesReports(db, row.id, actor.orgId, day) } : null,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
        },
        day,
      );
    }
    covering = row;
  }
  // Meetings held by a covering manager go ahead; the rest are cancelled.
  const cancelled = all.filter((s) => !(input.keepMeetings && covering && s.managerId === actor.id));
  const preview = (await Promise.all(cancelled.map((s) => meetingsInLeave(db, s, input.startsOn, input.endsOn, now)))).flatMap((r) => r.list);
  if (!input.confirm) return { confirmed: false as const, changeId: null, personName: person.name, meetings: preview, coveringName: covering?.name ?? null };

  const outcome = await db.transaction(async (tx) => {
    const undo: ScheduleUndo = {
      meetings: [],
      createdMeetingIds: [],
      carriedTopicIds: [],
      carriedActionItemIds: [],
      originalTopicIds: [],
      coveringAssignmentIds: [],
    };
    for (const s of all) await lockSeries(tx, s.id);
    for (const s of cancelled) {
      const { list, end } = await meetingsInLeave(tx, s, input.startsOn, input.endsOn, now);
      // A slot no meeting fills yet is stored as cancelled, so that the cadence skips it.
      const slots = list.filter((m) => !m.meetingId);
      if (slots.length) {
        const [{ durationMinutes }] = await tx.select({ durationMinutes: series.durationMinutes }).from(series).where(eq(series.id, s.id));
        const made = await tx
          .insert(meetings)
          .values(slots.map((m) => ({ seriesId: s.id, scheduledAt: m.at, occurrenceAt: m.at, durationMinutes, status: "cancelled" as const })))
          .returning({ id: meetings.id, scheduledAt: meetings.scheduledAt });
        await tx.insert(agendaDocuments).values(made.map((m) => ({ meetingId: m.id, content: EMPTY_DOCUMENT, searchText: "" })));
        for (const m of made) {
          const at = m.scheduledAt.toISOString();
          undo.createdMeetingIds.push(m.id);
          undo.meetings.push({ id: m.id, seriesId: s.id, before: { status: "scheduled", scheduledAt: at }, after: { status: "cancelled", scheduledAt: at } });
        }
      }
      for (const m of list.filter((x) => x.meetingId)) {
        const locked = await lockMeeting(tx, m.meetingId!);
        const one = await cancelLocked(tx, locked, now, end);
        undo.meetings.push(...one.meetings);
        undo.carriedTopicIds.push(...one.carriedTopicIds);
        undo.carriedActionItemIds.push(...one.carriedActionItemIds);
        undo.originalTopicIds.push(...one.originalTopicIds);
      }
    }
    const mails = [];
    if (covering) {
      for (const s of covered) {
        const named = await nameCoveringIn(tx, actor, relations.get(s.id)!, covering, input, now);
        undo.coveringAssignmentIds.push(named.row.id);
        mails.push(...named.mails);
      }
    }
    const changeId = await recordChange(tx, {
      orgId: actor.orgId,
      kind: "leave",
      actorId: actor.id,
      personId: person.id,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      undo,
      now,
    });
    return { changeId, mails };
  });
  await deliver(db, outcome.mails);
  if (covering) accessChanged();
  return { confirmed: true as const, changeId: outcome.changeId, personName: person.name, meetings: preview, coveringName: covering?.name ?? null };
}

/**
 * Undoes a cancel, a move or a leave: each meeting back as it was, the topics and action items
 * it carried over taken back (the originals open again), the covering it named withdrawn. Refused
 * when anything it touched has changed since (a carried topic edited, the meeting moved again),
 * when a restored meeting's time has passed, and after the window.
 */
export async function undoScheduleChange(actor: Actor, input: UndoChangeInput, now: Date = new Date()) {
  assertSignedIn(actor);
  const db = await getDb();
  const [change] = await db
    .select()
    .from(scheduleChanges)
    .where(and(eq(scheduleChanges.id, input.changeId), eq(scheduleChanges.orgId, actor.orgId)));
  if (!change) throw notFound();
  const seriesIds = [...new Set(change.undo.meetings.map((m) => m.seriesId))].sort();
  const relations: Relation[] = [];
  for (const id of seriesIds) relations.push((await relationTo(db, actor, id)).relation);
  assertMayUndo(actor.id, change, relations, now);
  const stale = () => new AppError("conflict", "This can no longer be undone: something it changed has changed since.");
  await db.transaction(async (tx) => {
    for (const id of seriesIds) await lockSeries(tx, id);
    // A leaver's meetings stay cancelled: nothing brings one back into a series that goes on no further.
    for (const id of seriesIds) if (!(await seriesGoesOn(tx, id))) throw new AppError("conflict", `This can no longer be undone. ${SERIES_STOPPED}`);
    const [fresh] = await tx.select({ undoneAt: scheduleChanges.undoneAt }).from(scheduleChanges).where(eq(scheduleChanges.id, change.id)).for("update");
    if (fresh.undoneAt) throw new AppError("conflict", "This change was already undone.");
    const u = change.undo;
    for (const m of u.meetings) {
      const row = await lockMeeting(tx, m.id);
      if (row.status !== m.after.status || row.scheduledAt.toISOString() !== m.after.scheduledAt) throw stale();
      if (new Date(m.before.scheduledAt) <= now) throw new AppError("conflict", "This can no longer be undone: a meeting it changed would now be in the past.");
    }
    if (u.carriedTopicIds.length) {
      const copies = await tx.select({ status: topics.status, updatedAt: topics.updatedAt }).from(topics).where(inArray(topics.id, u.carriedTopicIds));
      if (copies.length !== u.carriedTopicIds.length || copies.some((c) => c.status !== "open" || c.updatedAt > change.createdAt)) throw stale();
      await tx.delete(topics).where(inArray(topics.id, u.carriedTopicIds));
    }
    if (u.carriedActionItemIds.length) {
      const copies = await tx.select({ done: actionItems.done }).from(actionItems).where(inArray(actionItems.id, u.carriedActionItemIds));
      if (copies.length !== u.carriedActionItemIds.length || copies.some((c) => c.done)) throw stale();
      await tx.delete(actionItems).where(inArray(actionItems.id, u.carriedActionItemIds));
    }
    if (u.originalTopicIds.length) {
      await tx
        .update(topics)
        .set({ status: "open", updatedAt: now })
        .where(and(inArray(topics.id, u.originalTopicIds), eq(topics.status, "carried_over")));
    }
    for (const m of u.meetings) {
      await tx
        .update(meetings)
        .set({ status: m.before.status as "scheduled", scheduledAt: new Date(m.before.scheduledAt) })
        .where(eq(meetings.id, m.id));
    }
    if (u.coveringAssignmentIds.length) await tx.delete(coveringAssignments).where(inArray(coveringAssignments.id, u.coveringAssignmentIds));
    await tx.update(scheduleChanges).set({ undoneAt: now }).where(eq(scheduleChanges.id, change.id));
  });
  if (change.undo.coveringAssignmentIds.length) accessChanged();
  return { changeId: change.id, kind: change.kind };
}

/** The leaves still ahead or under way of the people the actor manages and of the actor, with whether the actor may still undo each. */
export async function leavesFor(actor: Actor, now: Date = new Date()) {
  assertSignedIn(actor);
  const db = await getDb();
  const day = today(now);
  const person = alias(users, "person");
  const rows = await db
    .select({
      id: scheduleChanges.id,
      personId: scheduleChanges.personId,
      personName: person.name,
      startsOn: scheduleChanges.startsOn,
      endsOn: scheduleChanges.endsOn,
      actorId: scheduleChanges.actorId,
      createdAt: scheduleChanges.createdAt,
    })
    .from(scheduleChanges)
    .innerJoin(person, eq(person.id, scheduleChanges.personId))
    .where(
      and(
        eq(scheduleChanges.orgId, actor.orgId),
        eq(scheduleChanges.kind, "leave"),
        isNull(scheduleChanges.undoneAt),
        gte(scheduleChanges.endsOn, day),
        or(
          eq(scheduleChanges.personId, actor.id),
          inArray(scheduleChanges.personId, db.select({ id: reportingLines.reportId }).from(reportingLines).where(managesLineOn(actor, day))),
        ),
      ),
    )
    .orderBy(asc(scheduleChanges.startsOn));
  return rows.map(({ actorId, createdAt, ...r }) => ({ ...r, mayUndo: actorId === actor.id && now.getTime() - createdAt.getTime() <= UNDO_WINDOW_MS }));
}

/** The actor's own cancels, moves and leaves on this series that they may still undo, newest first. */
export async function undoableChangesOf(db: Db | Tx, actor: Actor, seriesId: string, now: Date = new Date()) {
  const rows = await db
    .select({
      id: scheduleChanges.id,
      kind: scheduleChanges.kind,
      undo: scheduleChanges.undo,
      startsOn: scheduleChanges.startsOn,
      endsOn: scheduleChanges.endsOn,
    })
    .from(scheduleChanges)
    .where(
      and(
        eq(scheduleChanges.orgId, actor.orgId),
        eq(scheduleChanges.actorId, actor.id),
        isNull(scheduleChanges.undoneAt),
        gte(scheduleChanges.createdAt, new Date(now.getTime() - UNDO_WINDOW_MS)),
        sql`exists (select 1 from jsonb_array_elements(${scheduleChanges.undo}->'meetings') m where m->>'seriesId' = ${seriesId})`,
      ),
    )
    .orderBy(desc(scheduleChanges.createdAt))
    .limit(5);
  return rows.map(({ undo, ...r }) => {
    const first = undo.meetings.find((m) => m.seriesId === seriesId)!;
    return { ...r, before: new Date(first.before.scheduledAt), after: new Date(first.after.scheduledAt) };
  });
}

/** Who the actor may name to cover their own leave: active people who manage reports of their own (the rule is checked again on submit). */
export async function leaveCoveringCandidates(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  return orgMembersByName(db, { orgId: actor.orgId, exclude: [actor.id], managingOn: today(), limit: 50 });
}
