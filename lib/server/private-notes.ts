import "server-only";
// Rule kept here: a private note is read and written by its author alone. Every query carries
// `author_id = actor.id` in its WHERE clause; no function takes an author as a parameter.
// The real-time note document (lib/server/collab.ts, collab-store.ts) is named by its author and opens only
// for that author (assertMayKeepOwnNote below, checked on every connection).
import { and, eq } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { meetings, privateNotes } from "@/db/schema";
import { checkDocument, documentText, EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, invalid, notFound } from "@/lib/errors";
import { type Actor, assertMayKeepOwnNotes, assertSignedIn } from "@/lib/policy";
import type { savePrivateNoteSchema } from "@/lib/validation/confidentiality";
import { noteDocumentName } from "@/lib/collab/names";
import { relationTo } from "./access";
import { recordWholeDocument } from "./collab-store";

async function ownNotesRelation(actor: Actor | null, meetingId: string) {
  assertSignedIn(actor);
  const db = await getDb();
  const [meeting] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw notFound();
  const facts = await relationTo(db, actor, meeting.seriesId);
  assertMayKeepOwnNotes(facts.relation);
  return { db, actor, facts };
}

/** The actor may keep their own private note on this meeting (the note token and the collaboration server ask this). */
export async function assertMayKeepOwnNote(actor: Actor | null, meetingId: string): Promise<void> {
  await ownNotesRelation(actor, meetingId);
}

/** The actor's own private note on a meeting (an empty one if they have not written yet). */
export async function getMyPrivateNote(actor: Actor | null, meetingId: string) {
  const { db } = await ownNotesRelation(actor, meetingId);
  const [row] = await db
    .select({ content: privateNotes.content, version: privateNotes.version, updatedAt: privateNotes.updatedAt })
    .from(privateNotes)
    .where(and(eq(privateNotes.meetingId, meetingId), eq(privateNotes.authorId, actor!.id)));
  return {
    meetingId,
    content: (row?.content ?? EMPTY_DOCUMENT) as JSONContent,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** Saves the actor's own note if their stored copy is still `baseVersion` (another tab may have saved). */
export async function savePrivateNote(actor: Actor | null, input: z.infer<typeof savePrivateNoteSchema>) {
  const { db } = await ownNotesRelation(actor, input.meetingId);
  const checked = checkDocument(input.content);
  if (!checked.ok) throw invalid({ content: [checked.error] }, checked.error);
  const own = and(eq(privateNotes.meetingId, input.meetingId), eq(privateNotes.authorId, actor!.id));
  const savedAt = new Date();
  const values = { content: checked.doc, searchText: documentText(checked.doc), updatedAt: savedAt };
  return db.transaction(async (tx) => {
    if (input.baseVersion === 0) {
      const inserted = await tx
        .insert(privateNotes)
        .values({ meetingId: input.meetingId, authorId: actor!.id, ...values })
        .onConflictDoNothing()
        .returning({ version: privateNotes.version });
      if (inserted.length) {
        await recordWholeDocument(tx, noteDocumentName(input.meetingId, actor!.id), checked.doc);
        return { version: inserted[0].version, savedAt };
      }
    } else {
      const updated = await tx
        .update(privateNotes)
        .set({ ...values, version: input.baseVersion + 1 })
        .where(and(own, eq(privateNotes.version, input.baseVersion)))
        .returning({ version: privateNotes.version });
      if (updated.length) {
        await recordWholeDocument(tx, noteDocumentName(input.meetingId, actor!.id), checked.doc);
        return { version: updated[0].version, savedAt };
      }
    }
    const [current] = await tx.select({ content: privateNotes.content, version: privateNotes.version }).from(privateNotes).where(own);
    throw new AppError("conflict", "You saved a newer version of these notes in another window.", undefined, {
      content: current?.content ?? EMPTY_DOCUMENT,
      version: current?.version ?? 0,
    });
  });
}
