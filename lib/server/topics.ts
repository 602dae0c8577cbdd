import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { actionItems, meetings, topics, users } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { type Actor, type Need, assertMeetingWritable, assertTopicWithinLimits } from "@/lib/policy";
import { SHARE_WINDOW } from "@/lib/topics/constants";
import type { AddTopicInput, EditTopicInput } from "@/lib/validation/topics";
import { authorizeSeries } from "./access";
import { currentMeeting, currentMeetingQuery, lockMeeting, lockSeries } from "./meetings";
import { notifyTopicsAdded } from "./notifications";
import { ownRowsOnly } from "./scope";

/** Finds the topic's series, then asks the policy; nothing of the topic is returned before that. */
async function authorizeTopic(db: Db | Tx, actor: Actor, topicId: string, need: Need) {
  const [row] = await db.select({ seriesId: topics.seriesId, meetingId: topics.meetingId }).from(topics).where(eq(topics.id, topicId));
  if (!row) throw notFound();
  const facts = await authorizeSeries(db, actor, row.seriesId, "seriesContent", need);
  return { ...facts, meetingId: row.meetingId };
}

/** Topics and action items change only while their meeting is still ahead or under way (lib/policy). */
export async function lockOpenMeeting(tx: Tx, meetingId: string) {
  const m = await lockMeeting(tx, meetingId);
  assertMeetingWritable(m.status);
  return m;
}

async function nextPosition(tx: Tx, meetingId: string) {
  const [row] = await tx.select({ position: topics.position }).from(topics).where(eq(topics.meetingId, meetingId)).orderBy(desc(topics.position)).limit(1);
  return row ? row.position + 1 : 0;
}

/**
 * Adds a topic to the given meeting while it is open, or else to the series' current meeting
 * (created from the cadence when there is none). created_at and author_id say who added what
 * when, which is what a "topics added since" digest reads. A person adds a few a minute to a
 * meeting, and a meeting holds a bounded number of theirs (lib/policy limits): counted here, with the series row
 * locked, so that parallel requests cannot pass the limits.
 */
export async function addTopic(actor: Actor, input: AddTopicInput, now: Date = new Date()) {
  const db = await getDb();
  await authorizeSeries(db, actor, input.seriesId, "seriesContent", "write");
  const added = await db.transaction(async (tx) => {
    let meetingId: string;
    if (input.meetingId) {
      await lockSeries(tx, input.seriesId);
      const m = await lockOpenMeeting(tx, input.meetingId);
      if (m.seriesId !== input.seriesId) throw notFound();
      meetingId = m.id;
    } else {
      meetingId = (await currentMeeting(tx, input.seriesId, now)).id;
    }
    const [mine] = await tx
      .select({
        // Copies carried over by a completion were not added by the person: they take no allowance.
        lastMinute: sql<number>`(count(*) filter (where ${topics.carriedFromMeetingId} is null
          and ${topics.createdAt} > ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz))::int`,
        inMeeting: count(),
      })
      .from(topics)
      .where(and(eq(topics.meetingId, meetingId), ownRowsOnly(topics.authorId, actor)));
    assertTopicWithinLimits(mine);
    const [row] = await tx
      .insert(topics)
      .values({
        meetingId,
        seriesId: input.seriesId,
        authorId: actor.id,
        text: input.text,
        kind: input.kind,
        category: input.category,
        position: await nextPosition(tx, meetingId),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: topics.id, meetingId: topics.meetingId });
    return row;
  });
  await notifyTopicsAdded(input.seriesId, added.meetingId, actor.id);
  return added;
}

/** What a stale topic edit answers: the form shows it with the topic as it now is (AppError details.current). */
export const TOPIC_CHANGED = "This topic was changed in another tab or window since you opened it. Nothing was saved: its current text is shown below.";
export const TOPIC_CHANGED_FIELD = "Changed elsewhere since you opened it; see the current text.";

/**
 * Only the author edits a topic: the author condition sits in the WHERE clause. So does the
 * version the edit form was loaded from: an edit from an older version (the same person's other
 * tab saved in between) changes nothing and answers a conflict carrying the current text, kind,
 * category and version, instead of silently overwriting the newer text.
 */
export async function editTopic(actor: Actor, input: EditTopicInput) {
  const db = await getDb();
  const facts = await authorizeTopic(db, actor, input.topicId, "write");
  return db.transaction(async (tx) => {
    await lockOpenMeeting(tx, facts.meetingId);
    const mine = and(eq(topics.id, input.topicId), ownRowsOnly(topics.authorId, actor), inArray(topics.status, ["open", "discussed"]));
    const [updated] = await tx
      .update(topics)
      .set({ text: input.text, kind: input.kind, category: input.category, version: sql`${topics.version} + 1`, updatedAt: new Date() })
      .where(and(mine, eq(topics.version, input.baseVersion)))
      .returning({ id: topics.id, version: topics.version });
    if (updated) return updated;
    const [current] = await tx
      .select({ id: topics.id, text: topics.text, kind: topics.kind, category: topics.category, version: topics.version })
      .from(topics)
      .where(mine);
    if (!current) throw forbidden("You can edit only your own topics.");
    // The stale form asks for what the topic already says: nothing to overwrite.
    if (current.text === input.text && current.kind === input.kind && current.category === input.category) return { id: current.id, version: current.version };
    throw new AppError("conflict", TOPIC_CHANGED, { text: [TOPIC_CHANGED_FIELD] }, { current });
  });
}

export async function removeTopic(actor: Actor, input: { topicId: string }) {
  const db = await getDb();
  const facts = await authorizeTopic(db, actor, input.topicId, "write");
  return db.transaction(async (tx) => {
    await lockOpenMeeting(tx, facts.meetingId);
    const removed = await tx
      .delete(topics)
      .where(and(eq(topics.id, input.topicId), ownRowsOnly(topics.authorId, actor)))
      .returning({ id: topics.id });
    if (!removed.length) throw forbidden("You can remove only your own topics.");
    return removed[0];
  });
}

/** Moves one's own topic a place up or down in the meeting's list; positions are renumbered 0..n-1. */
export async function moveTopic(actor: Actor, input: { topicId: string; direction: "up" | "down" }) {
  const db = await getDb();
  const facts = await authorizeTopic(db, actor, input.topicId, "write");
  return db.transaction(async (tx) => {
    await lockOpenMeeting(tx, facts.meetingId);
    const list = await tx
      .select({ id: topics.id, authorId: topics.authorId, position: topics.position })
      .from(topics)
      .where(eq(topics.meetingId, facts.meetingId))
      .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.id));
    const at = list.findIndex((t) => t.id === input.topicId);
    if (list[at].authorId !== actor.id) throw forbidden("You can reorder only your own topics.");
    const to = input.direction === "up" ? at - 1 : at + 1;
    if (to >= 0 && to < list.length) [list[at], list[to]] = [list[to], list[at]];
    for (const [i, t] of list.entries()) {
      if (t.position !== i) await tx.update(topics).set({ position: i }).where(eq(topics.id, t.id));
    }
    return { order: list.map((t) => t.id) };
  });
}

/** Either person may tick any topic of the meeting as discussed, or untick it. */
export async function setTopicDiscussed(actor: Actor, input: { topicId: string; discussed: boolean }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeTopic(db, actor, input.topicId, "write");
  return db.transaction(async (tx) => {
    await lockOpenMeeting(tx, facts.meetingId);
    const change = input.discussed
      ? { status: "discussed" as const, discussedAt: now, discussedBy: actor.id }
      : { status: "open" as const, discussedAt: null, discussedBy: null };
    const [row] = await tx
      .update(topics)
      .set({ ...change, updatedAt: now })
      .where(and(eq(topics.id, input.topicId), inArray(topics.status, ["open", "discussed"])))
      .returning({ id: topics.id, status: topics.status });
    if (!row) throw new AppError("conflict", "This topic was carried over to the next meeting.");
    return row;
  });
}

/**
 * A meeting's topics and action items, once the actor is authorized to read the meeting. Which
 * topics the report keeps out of team themes is the report's own choice and is not here: the
 * report's page reads it with keptOutOfThemes.
 */
export async function meetingWorkOf(db: Db | Tx, actor: Actor, meetingId: string) {
  const list = await db
    .select({
      id: topics.id,
      text: topics.text,
      kind: topics.kind,
      category: topics.category,
      status: topics.status,
      // The edit form sends it back: editTopic refuses an edit made from an older version.
      version: topics.version,
      authorId: topics.authorId,
      authorName: users.name,
      carriedFromDate: topics.carriedFromDate,
      createdAt: topics.createdAt,
    })
    .from(topics)
    .innerJoin(users, eq(users.id, topics.authorId))
    .where(eq(topics.meetingId, meetingId))
    .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.id));
  const items = await db
    .select({
      id: actionItems.id,
      text: actionItems.text,
      owner: actionItems.owner,
      dueDate: actionItems.dueDate,
      done: actionItems.done,
      createdBy: actionItems.createdBy,
      carriedFromDate: actionItems.carriedFromDate,
    })
    .from(actionItems)
    .where(eq(actionItems.meetingId, meetingId))
    .orderBy(asc(actionItems.createdAt), asc(actionItems.id));
  return {
    topics: list.map(({ authorId, ...t }) => ({ ...t, mine: authorId === actor.id })),
    actionItems: items.map(({ createdBy, ...a }) => ({ ...a, mine: createdBy === actor.id })),
  };
}

/** Whether each topic of the meeting is kept out of team themes: for the report of the pair alone (lib/policy "keepOutOfThemes"). */
export async function keptOutOfThemes(db: Db | Tx, meetingId: string): Promise<Map<string, boolean>> {
  const rows = await db.select({ id: topics.id, keepOut: topics.keepOutOfThemes }).from(topics).where(eq(topics.meetingId, meetingId));
  return new Map(rows.map((r) => [r.id, r.keepOut]));
}

/**
 * What is already queued for the meeting a topic added now would go to (see currentMeeting), once
 * the actor is authorized to read the series' content: one statement, nothing created.
 */
export async function queuedTopicsOf(db: Db | Tx, actor: Actor, seriesId: string, now: Date = new Date()) {
  const rows = await db
    .select({
      id: topics.id,
      text: topics.text,
      kind: topics.kind,
      status: topics.status,
      authorId: topics.authorId,
      authorName: users.name,
      meetingId: meetings.id,
      scheduledAt: meetings.scheduledAt,
    })
    .from(topics)
    .innerJoin(users, eq(users.id, topics.authorId))
    .innerJoin(meetings, eq(meetings.id, topics.meetingId))
    .where(inArray(topics.meetingId, currentMeetingQuery(db, seriesId, now)))
    .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.id));
  return {
    meeting: rows[0] ? { id: rows[0].meetingId, scheduledAt: rows[0].scheduledAt } : null,
    topics: rows.map((t) => ({ id: t.id, text: t.text, kind: t.kind, status: t.status, authorName: t.authorName, mine: t.authorId === actor.id })),
  };
}

/** The strategic share of a series whose content the actor is authorized to read. */
export async function strategicShareOf(db: Db | Tx, seriesId: string) {
  const recent = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), eq(meetings.status, "completed")))
    .orderBy(desc(meetings.scheduledAt))
    .limit(SHARE_WINDOW);
  if (!recent.length) return { meetings: 0, strategic: 0, total: 0, percent: null };
  const rows = await db
    .select({ kind: topics.kind, n: count() })
    .from(topics)
    .where(
      and(
        inArray(
          topics.meetingId,
          recent.map((r) => r.id),
        ),
        isNull(topics.carriedFromMeetingId),
      ),
    )
    .groupBy(topics.kind);
  const strategic = Number(rows.find((r) => r.kind === "strategic")?.n ?? 0);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return { meetings: recent.length, strategic, total, percent: total ? Math.round((100 * strategic) / total) : null };
}
