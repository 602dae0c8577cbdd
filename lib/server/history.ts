import "server-only";
import { and, asc, desc, eq, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import { getDb } from "@/db/client";
import { actionItems, agendaDocuments, meetings, series, topics, users } from "@/db/schema";
import { invalid } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { HISTORY_PAGE_SIZE } from "@/lib/topics/constants";
import { authorizeSeries } from "./access";
import { recordCoveringRead } from "./access-log";
import { sliceWhole } from "@/lib/text";

/** Past meetings of a series, newest first, one page at a time, with agenda, topics and action items. */
export async function listHistory(actor: Actor, input: { seriesId: string; page: number }, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "read");
  await recordCoveringRead(db, facts, { action: "read past meetings (covering)", subject: `page ${input.page}` });
  const [{ timeZone }] = await db.select({ timeZone: series.timeZone }).from(series).where(eq(series.id, input.seriesId));
  // A meeting held ahead of its slot is listed at the time it was held, never at a date to come.
  const heldAt = sql<Date>`case when ${meetings.scheduledAt} > ${now.toISOString()}::timestamptz
      then coalesce(${meetings.startedAt}, ${meetings.completedAt}, ${meetings.scheduledAt}) else ${meetings.scheduledAt} end`.mapWith(
    (v: string | Date) => new Date(v),
  );
  const rows = await db
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt, heldAt, status: meetings.status, completedAt: meetings.completedAt })
    .from(meetings)
    .where(and(eq(meetings.seriesId, input.seriesId), or(and(eq(meetings.status, "completed"), lte(meetings.completedAt, now)), lt(meetings.scheduledAt, now))))
    .orderBy(desc(heldAt), desc(meetings.id))
    .limit(HISTORY_PAGE_SIZE + 1)
    .offset((input.page - 1) * HISTORY_PAGE_SIZE);
  const page = rows.slice(0, HISTORY_PAGE_SIZE);
  const ids = page.map((m) => m.id);
  if (!ids.length) return { page: input.page, hasMore: false, timeZone, meetings: [] };
  const agendas = await db
    .select({ meetingId: agendaDocuments.meetingId, content: agendaDocuments.content })
    .from(agendaDocuments)
    .where(inArray(agendaDocuments.meetingId, ids));
  const topicRows = await db
    .select({
      id: topics.id,
      meetingId: topics.meetingId,
      text: topics.text,
      kind: topics.kind,
      category: topics.category,
      status: topics.status,
      authorName: users.name,
      carriedFromDate: topics.carriedFromDate,
    })
    .from(topics)
    .innerJoin(users, eq(users.id, topics.authorId))
    .where(inArray(topics.meetingId, ids))
    .orderBy(asc(topics.position), asc(topics.createdAt), asc(topics.id));
  const itemRows = await db
    .select({
      id: actionItems.id,
      meetingId: actionItems.meetingId,
      text: actionItems.text,
      owner: actionItems.owner,
      dueDate: actionItems.dueDate,
      done: actionItems.done,
      carriedFromDate: actionItems.carriedFromDate,
    })
    .from(actionItems)
    .where(inArray(actionItems.meetingId, ids))
    .orderBy(asc(actionItems.createdAt), asc(actionItems.id));
  return {
    page: input.page,
    hasMore: rows.length > HISTORY_PAGE_SIZE,
    timeZone,
    meetings: page.map((m) => ({
      ...m,
      content: (agendas.find((a) => a.meetingId === m.id)?.content ?? null) as JSONContent | null,
      topics: topicRows.filter((t) => t.meetingId === m.id),
      actionItems: itemRows.filter((a) => a.meetingId === m.id),
    })),
  };
}

export type SearchHit = { meetingId: string; scheduledAt: Date; source: "agenda" | "topic" | "action item"; excerpt: string };

/** Where `word` or, for a match by word form ("engineers" in "engineer"), its longest prefix of three or more letters first occurs. */
function indexOfForm(lower: string, word: string): number {
  for (let n = word.length; n >= Math.min(3, word.length); n--) {
    const at = lower.indexOf(word.slice(0, n));
    if (at >= 0) return at;
  }
  return -1;
}

function excerptOf(text: string, words: string[]): string {
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...words.map((w) => indexOfForm(lower, w)).filter((i) => i >= 0), text.length));
  const start = Math.max(0, at - 60);
  const out = sliceWhole(text, start, start + 180)
    .replace(/\s+/g, " ")
    .trim();
  return (start > 0 ? "..." : "") + out + (start + 180 < text.length ? "..." : "");
}

/**
 * Full-text search over the shared content of one series: agendas, topics and action items. Every
 * word is required, and a word matches as a prefix in the 'simple' configuration (names, "zeppel"
 * for "Zeppelin") or by its English word form ("engineers" finds "engineer"). Private notes are
 * not searched here, ever: search must not widen who sees what.
 */
export async function searchSeries(actor: Actor, input: { seriesId: string; q: string }) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "read");
  const words = [...new Set(input.q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 8);
  if (!words.length) throw invalid({ q: ["Enter words to search for."] });
  await recordCoveringRead(db, facts, { action: "searched the history (covering)", subject: `for "${words.join(" ")}"` });
  // Per word, either form; the words joined by "and". An English stop word ("the") has no English
  // form, and plainto_tsquery's empty query then leaves the simple prefix alone.
  const query = sql.join(
    words.map((w) => sql`(to_tsquery('simple', ${`${w}:*`}) || plainto_tsquery('english', ${w}))`),
    sql` && `,
  );
  // Rows are narrowed to the one series first; only its history is parsed into the two vectors.
  const matches = (column: SQL) => sql`(to_tsvector('simple', ${column}) || to_tsvector('english', ${column})) @@ (${query})`;
  const base = { meetingId: meetings.id, scheduledAt: meetings.scheduledAt };
  const [agendaHits, topicHits, itemHits] = await Promise.all([
    db
      .select({ ...base, text: agendaDocuments.searchText })
      .from(agendaDocuments)
      .innerJoin(meetings, eq(meetings.id, agendaDocuments.meetingId))
      .where(and(eq(meetings.seriesId, input.seriesId), matches(sql`${agendaDocuments.searchText}`)))
      .orderBy(desc(meetings.scheduledAt))
      .limit(50),
    db
      .select({ ...base, text: topics.text })
      .from(topics)
      .innerJoin(meetings, eq(meetings.id, topics.meetingId))
      .where(and(eq(topics.seriesId, input.seriesId), matches(sql`${topics.text}`)))
      .orderBy(desc(meetings.scheduledAt))
      .limit(50),
    db
      .select({ ...base, text: actionItems.text })
      .from(actionItems)
      .innerJoin(meetings, eq(meetings.id, actionItems.meetingId))
      .where(and(eq(actionItems.seriesId, input.seriesId), matches(sql`${actionItems.text}`)))
      .orderBy(desc(meetings.scheduledAt))
      .limit(50),
  ]);
  const hits: SearchHit[] = [
    ...agendaHits.map((h) => ({ ...h, source: "agenda" as const })),
    ...topicHits.map((h) => ({ ...h, source: "topic" as const })),
    ...itemHits.map((h) => ({ ...h, source: "action item" as const })),
  ].map(({ text, ...h }) => ({ ...h, excerpt: excerptOf(text, words) }));
  return hits.sort((a, b) => b.scheduledAt.getTime() - a.scheduledAt.getTime()).slice(0, 50);
}
