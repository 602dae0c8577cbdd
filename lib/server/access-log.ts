import "server-only";
// The report's access log. Entries of the important kinds (covering, excerpts, escalations, an
// export by someone else) are read apart from the rest, so no volume of ordinary entries can push
// them out of sight; team-theme counts are merged into one entry per viewer and day.
import { and, count, desc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { accessLog, users } from "@/db/schema";
import type { AccessKind } from "@/lib/confidentiality/access-kinds";
import { type Actor, type Relation, assertCan, assertSignedIn, today } from "@/lib/policy";
import { ownRowsOnly } from "./scope";

export type AccessEntry = { orgId: string; reportId: string; actorId: string | null; kind: AccessKind; action: string; subject: string };

/** The page size of /privacy/access-log. */
export const ACCESS_LOG_PAGE_SIZE = 50;

/** The reader's name as the account says it now, written into the entry so that it stays what it was. */
const nameNow = (actorId: string | null) => (actorId ? sql<string>`(select u.name from ${users} u where u.id = ${actorId})` : null);

/**
 * Writes to the report's access log. Called by lib/server wherever someone other than the report
 * and their current manager at ordinary work reads, exports, or uses an exception.
 */
export async function recordAccess(db: Db | Tx, entry: AccessEntry | AccessEntry[]): Promise<void> {
  const rows = Array.isArray(entry) ? entry : [entry];
  if (rows.length) await db.insert(accessLog).values(rows.map((e) => ({ ...e, actorName: nameNow(e.actorId) })));
}

/** A covering manager's same read again within this time adds no entry (a page reload, the agenda's socket after the page). */
export const COVERING_READ_DEDUPE_MS = 10 * 60_000;

/**
 * A covering manager's read of the pair's record (a meeting, its agenda over the socket, history,
 * search, goals): one entry in the report's access log, the same read again within
 * COVERING_READ_DEDUPE_MS adding none. Anyone but a covering manager is not logged here.
 */
export async function recordCoveringRead(
  db: Db | Tx,
  facts: { relation: Relation; orgId: string; reportId: string; actor: Actor },
  what: { action: string; subject: string },
  now: Date = new Date(),
): Promise<void> {
  if (facts.relation !== "covering") return;
  const [recent] = await db
    .select({ id: accessLog.id })
    .from(accessLog)
    .where(
      and(
        eq(accessLog.reportId, facts.reportId),
        eq(accessLog.actorId, facts.actor.id),
        eq(accessLog.kind, "covering"),
        eq(accessLog.action, what.action),
        eq(accessLog.subject, what.subject),
        gt(accessLog.createdAt, new Date(now.getTime() - COVERING_READ_DEDUPE_MS)),
      ),
    )
    .limit(1);
  if (recent) return;
  await recordAccess(db, { orgId: facts.orgId, reportId: facts.reportId, actorId: facts.actor.id, kind: "covering", ...what });
}

/**
 * One entry per report, viewer, kind and UTC day, however often the viewer looks: a repeat
 * updates the entry (newest subject and time, one more in `times`) instead of adding a row.
 */
export async function recordDailyAccess(db: Db | Tx, entries: AccessEntry[], now: Date = new Date()): Promise<void> {
  if (!entries.length) return;
  const day = today(now);
  await db
    .insert(accessLog)
    .values(entries.map((e) => ({ ...e, actorName: nameNow(e.actorId), day, createdAt: now })))
    .onConflictDoUpdate({
      target: [accessLog.reportId, accessLog.actorId, accessLog.kind, accessLog.day],
      set: { times: sql`${accessLog.times} + 1`, subject: sql`excluded.subject`, createdAt: sql`excluded.created_at` },
    });
}

const columns = {
  id: accessLog.id,
  kind: accessLog.kind,
  action: accessLog.action,
  subject: accessLog.subject,
  times: accessLog.times,
  createdAt: accessLog.createdAt,
  // The name written with the entry; an entry from before names were kept (none after the backfill) falls back to the account.
  actorName: sql<string | null>`coalesce(${accessLog.actorName}, ${users.name})`,
};

/** Covering, excerpts, escalations, account recovery, and an export of the record by anyone but the report. */
const important = or(
  inArray(accessLog.kind, ["covering", "excerpt", "escalation", "recovery"]),
  and(eq(accessLog.kind, "export"), sql`${accessLog.actorId} is distinct from ${accessLog.reportId}`),
);

function mine(actor: Actor): asserts actor is Actor {
  assertSignedIn(actor);
  assertCan("accessLog", "report", "read");
}

/** The report's whole access log, newest first (the export). There is no parameter for whose. */
export async function getMyAccessLog(actor: Actor) {
  mine(actor);
  const db = await getDb();
  return db
    .select(columns)
    .from(accessLog)
    .leftJoin(users, eq(users.id, accessLog.actorId))
    .where(ownRowsOnly(accessLog.reportId, actor))
    .orderBy(desc(accessLog.createdAt), desc(accessLog.id));
}

/**
 * The log page: every important entry, then one page of all entries (of one kind when asked),
 * newest first. Pages count from 1; a page past the end is empty.
 */
export async function getAccessLogPage(actor: Actor, query: { page: number; kind?: AccessKind }) {
  mine(actor);
  const db = await getDb();
  const pageSize = ACCESS_LOG_PAGE_SIZE;
  const own = ownRowsOnly(accessLog.reportId, actor);
  const filtered = query.kind ? and(own, eq(accessLog.kind, query.kind)) : own;
  const [importantRows, rows, [{ total }]] = await Promise.all([
    db
      .select(columns)
      .from(accessLog)
      .leftJoin(users, eq(users.id, accessLog.actorId))
      .where(and(own, important))
      .orderBy(desc(accessLog.createdAt), desc(accessLog.id)),
    db
      .select(columns)
      .from(accessLog)
      .leftJoin(users, eq(users.id, accessLog.actorId))
      .where(filtered)
      .orderBy(desc(accessLog.createdAt), desc(accessLog.id))
      .limit(pageSize)
      .offset((query.page - 1) * pageSize),
    db.select({ total: count() }).from(accessLog).where(filtered),
  ]);
  return {
    important: importantRows,
    entries: rows,
    page: query.page,
    pageSize,
    total,
    kind: query.kind ?? null,
    hasPrevious: query.page > 1,
    hasNext: query.page * pageSize < total,
  };
}
