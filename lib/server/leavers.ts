import "server-only";
// People who leave (PRODUCT.md: the promise holds after someone goes). A leaver's private notes
// stay theirs until an admin deactivates them; the org's retention period later, the sweep
// below deletes them with their collaboration documents and update logs. Nothing here reads
// what a note says: only who wrote how many, and when they go.
import { and, asc, eq, gt, inArray, isNotNull, isNull, like, lte, ne, or, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { collabDocuments, collabUpdates, meetings, organizations, privateNotes, reportingLines, series, users } from "@/db/schema";
import { type Actor, assertMayManageLeavers, assertSignedIn, assertSystemMayRead, type SystemActor } from "@/lib/policy";
import type { z } from "zod";
import type { noteRetentionSchema } from "@/lib/validation/leavers";
import { lineOfSeries } from "./lines";
import { lockSeries, markCancelled } from "./meetings";

/**
 * Ends, on `day`, every reporting line this person manages that holds on or after it (a line that
 * had not started yet ends before it starts). Returns the ids of the lines ended.
 */
export async function endLinesManagedBy(tx: Tx, userId: string, day: string): Promise<string[]> {
  const ended = await tx
    .update(reportingLines)
    .set({ activeTo: sql`greatest(${reportingLines.activeFrom}, ${day}::date)` })
    .where(and(eq(reportingLines.managerId, userId), or(isNull(reportingLines.activeTo), gt(reportingLines.activeTo, day))))
    .returning({ id: reportingLines.id });
  return ended.map((l) => l.id);
}

/** A meeting of a one-on-one that has not started and is still ahead: what deactivating either of the pair cancels. */
const upcoming = (now: Date) => and(eq(meetings.status, "scheduled"), gt(meetings.scheduledAt, now));

/**
 * Cancels every meeting still ahead (scheduled, not started) of every series this person is part
 * of, as manager or as report, in the caller's transaction, after the person was marked inactive:
 * their series then go on no further (lib/server/lines.ts pairActive), so nothing is carried over
 * and no next meeting is made. The other person sees each as cancelled; a reminder due for one is
 * not sent (lib/server/reminders.ts sends only for scheduled meetings). Series first, in id order,
 * then meetings, as every change of a meeting locks them. Returns what it cancelled.
 */
export async function cancelUpcomingMeetingsOf(tx: Tx, userId: string, now: Date) {
  const theirs = await tx
    .select({ id: series.id })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .where(or(eq(reportingLines.managerId, userId), eq(reportingLines.reportId, userId)))
    .orderBy(asc(series.id));
  if (!theirs.length) return [];
  for (const s of theirs) await lockSeries(tx, s.id);
  const due = await tx
    .select({ id: meetings.id, seriesId: meetings.seriesId, status: meetings.status, scheduledAt: meetings.scheduledAt })
    .from(meetings)
    .where(
      and(
        inArray(
          meetings.seriesId,
          theirs.map((s) => s.id),
        ),
        upcoming(now),
      ),
    )
    .orderBy(asc(meetings.id))
    .for("update");
  for (const m of due) await markCancelled(tx, m);
  return due.map(({ id, seriesId, scheduledAt }) => ({ id, seriesId, scheduledAt }));
}

/**
 * For the deactivate confirmation: how many meetings still ahead each member of the admin's org
 * has in their one-on-ones (as manager or report), the number deactivating them would cancel.
 * Counts and person ids, never a name of the other person or a time.
 */
export async function upcomingMeetingCounts(actor: Actor, now: Date = new Date()): Promise<Record<string, number>> {
  assertSignedIn(actor);
  assertMayManageLeavers(actor, "deactivate");
  const db = await getDb();
  const rows = await db
    .select({ managerId: reportingLines.managerId, reportId: reportingLines.reportId })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .where(and(eq(reportingLines.orgId, actor.orgId), upcoming(now)));
  const counts: Record<string, number> = {};
  for (const r of rows) for (const id of [r.managerId, r.reportId]) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

/** The names of one author's note documents (lib/collab/names.ts: `note.<meetingId>.<authorId>`), as a LIKE pattern. */
export const noteDocumentsOf = (authorId: string) => `note.%.${authorId.toLowerCase()}`;

const deletesAt = sql<Date>`${users.deactivatedAt} + make_interval(days => ${organizations.noteRetentionDays})`.mapWith((v: string | Date) => new Date(v));
const noteCount = sql<number>`(select count(*) from ${privateNotes} where ${privateNotes.authorId} = ${users.id})`.mapWith(Number);
// A document may exist as logged updates only (not yet compacted), so both tables are counted.
const documentCount = sql<number>`(select count(*) from (
    select ${collabDocuments.name} from ${collabDocuments} where ${collabDocuments.name} like 'note.%.' || ${users.id}::text
    union select ${collabUpdates.name} from ${collabUpdates} where ${collabUpdates.name} like 'note.%.' || ${users.id}::text) d)`.mapWith(Number);

/** Deactivated, not erased people with when their notes go: of one org, or those due by `dueBy` in every org. */
async function leavers(db: Db | Tx, where: { orgId?: string; dueBy?: Date }) {
  const query = db
    .select({
      id: users.id,
      orgId: users.orgId,
      name: users.name,
      deactivatedAt: users.deactivatedAt,
      retentionDays: organizations.noteRetentionDays,
      deletesAt,
      notes: noteCount,
      documents: documentCount,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(
      and(
        eq(users.active, false),
        isNotNull(users.deactivatedAt),
        isNull(users.erasedAt),
        where.orgId ? eq(users.orgId, where.orgId) : undefined,
        // An SQL expression carries no column type, so the driver is given the time as text (postgres.js cannot bind a Date there).
        where.dueBy ? lte(deletesAt, sql`${where.dueBy.toISOString()}::timestamptz`) : undefined,
      ),
    )
    .orderBy(asc(deletesAt), asc(users.name));
  return query;
}

/** Deletes every private note this person wrote, with their collaboration documents and update logs. */
export async function deleteNotesOf(tx: Tx, authorId: string) {
  const pattern = noteDocumentsOf(authorId);
  const notes = await tx.delete(privateNotes).where(eq(privateNotes.authorId, authorId)).returning({ id: privateNotes.id });
  const updates = await tx.delete(collabUpdates).where(like(collabUpdates.name, pattern)).returning({ id: collabUpdates.id });
  const documents = await tx.delete(collabDocuments).where(like(collabDocuments.name, pattern)).returning({ name: collabDocuments.name });
  return { notes: notes.length, documents: documents.length, updates: updates.length };
}

export async function getNoteRetention(actor: Actor) {
  assertSignedIn(actor);
  assertMayManageLeavers(actor, "previewNoteRetention");
  const db = await getDb();
  const [org] = await db.select({ days: organizations.noteRetentionDays }).from(organizations).where(eq(organizations.id, actor.orgId));
  return { days: org?.days ?? 90 };
}

/** The org admin sets how many days a leaver's private notes are kept; it applies to everyone already deactivated too. */
export async function setNoteRetention(actor: Actor, input: z.infer<typeof noteRetentionSchema>) {
  assertSignedIn(actor);
  assertMayManageLeavers(actor, "setNoteRetention");
  const db = await getDb();
  await db.update(organizations).set({ noteRetentionDays: input.days }).where(eq(organizations.id, actor.orgId));
  return { days: input.days };
}

/**
 * The dry-run listing for the org admin: every deactivated person of the org, how many private
 * notes and note documents they left, and from when the sweep deletes them. Counts, never content.
 */
export async function noteRetentionPreview(actor: Actor, now: Date = new Date()) {
  assertSignedIn(actor);
  assertMayManageLeavers(actor, "previewNoteRetention");
  const db = await getDb();
  const rows = await leavers(db, { orgId: actor.orgId });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    deactivatedAt: r.deactivatedAt as Date,
    deletesAt: r.deletesAt,
    due: r.deletesAt.getTime() <= now.getTime(),
    notes: r.notes,
    documents: r.documents,
  }));
}

export type RetentionSweep = {
  dryRun: boolean;
  people: { id: string; orgId: string; deletesAt: Date; notes: number; documents: number; updates?: number }[];
};

/**
 * The retention sweep (daily, lib/jobs/worker.ts; or `npm run notes:retention`): deletes the
 * private notes, note documents and update logs of everyone deactivated longer than their org's
 * retention period. With `dryRun` it lists the same people and counts and deletes nothing. The
 * people are locked first, so a reactivation either comes before (and keeps the notes) or waits.
 */
export async function sweepNoteRetention(system: SystemActor, options: { dryRun?: boolean; now?: Date } = {}): Promise<RetentionSweep> {
  assertSystemMayRead(system, "leaverNotes");
  const now = options.now ?? new Date();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const due = await leavers(tx, { dueBy: now });
    if (options.dryRun || !due.length) {
      return {
        dryRun: options.dryRun === true,
        people: due.map((p) => ({ id: p.id, orgId: p.orgId, deletesAt: p.deletesAt, notes: p.notes, documents: p.documents })),
      };
    }
    const locked = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          inArray(
            users.id,
            due.map((p) => p.id),
          ),
          eq(users.active, false),
          isNotNull(users.deactivatedAt),
        ),
      )
      .for("update");
    const still = new Set(locked.map((r) => r.id));
    const people: RetentionSweep["people"] = [];
    for (const p of due) {
      if (!still.has(p.id)) continue;
      const deleted = await deleteNotesOf(tx, p.id);
      people.push({ id: p.id, orgId: p.orgId, deletesAt: p.deletesAt, ...deleted });
    }
    return { dryRun: false, people };
  });
}

/** The people an erasure request may name on the admin's page: everyone of the org not erased yet, but the admin. */
export async function erasureCandidates(actor: Actor) {
  assertSignedIn(actor);
  assertMayManageLeavers(actor, "erase");
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), isNull(users.erasedAt), ne(users.id, actor.id)))
    .orderBy(asc(users.name));
}
