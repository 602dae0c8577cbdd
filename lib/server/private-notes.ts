import "server-only";
// Rule kept here: a private note is read and written by its author alone. Every query carries
// `author_id = actor.id` in its WHERE clause; no function takes an author as a parameter.
// The real-time note document (lib/server/collab.ts, collab-store.ts) is named by its author and opens only
// for that author (assertMayKeepOwnNote below, checked on every connection).
// A note is stored sealed (lib/crypto/notes-cipher.ts) and bound to its author: openOwnNote opens
// a row only as the actor's own, so a row of anyone else's that reached it would not open.
import { and, eq } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import { getDb, notesCipher, type Db } from "@/db/client";
import { meetings, privateNotes } from "@/db/schema";
import { noteContext } from "@/lib/crypto/notes-cipher";
import { EMPTY_DOCUMENT } from "@/lib/editor/document";
import { notFound } from "@/lib/errors";
import { type Actor, assertMay, assertSignedIn } from "@/lib/policy";
import { relationTo } from "./access";
import { ownRowsOnly } from "./scope";

async function ownNotesRelation(actor: Actor, meetingId: string) {
  assertSignedIn(actor);
  const db = await getDb();
  const [meeting] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw notFound();
  const facts = await relationTo(db, actor, meeting.seriesId);
  assertMay("keepOwnNotes", facts.relation);
  return { db, actor, facts };
}

/** The actor may keep their own private note on this meeting (the note token and the collaboration server ask this). */
export async function assertMayKeepOwnNote(actor: Actor, meetingId: string): Promise<void> {
  await ownNotesRelation(actor, meetingId);
}

/** The JSON of the actor's own note as stored (sealed); for rows selected with `ownRowsOnly` only. */
export async function openOwnNote(actor: Actor, meetingId: string, stored: unknown): Promise<JSONContent> {
  return (await notesCipher()).openJSON<JSONContent>(stored, noteContext(meetingId, actor.id, "content"));
}

/** The actor's own note, once lib/policy said they keep notes on this meeting (assertMayKeepOwnNotes). */
export async function ownNoteOf(db: Db, actor: Actor, meetingId: string) {
  const [row] = await db
    .select({ content: privateNotes.content, version: privateNotes.version, updatedAt: privateNotes.updatedAt })
    .from(privateNotes)
    .where(and(eq(privateNotes.meetingId, meetingId), ownRowsOnly(privateNotes.authorId, actor)));
  return {
    meetingId,
    content: row ? await openOwnNote(actor, meetingId, row.content) : EMPTY_DOCUMENT,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
  };
}
