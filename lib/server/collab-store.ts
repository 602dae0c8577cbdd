import "server-only";
// The store of the real-time documents. These functions take no actor: they run only inside
// the collaboration server for a connection that authorizeCollabDocument (./collab.ts) let in.
// No server action or route calls them.
// A note's Yjs state and update log, and its derived JSON, are stored sealed under the notes
// data key (lib/crypto/notes-cipher.ts): every read and write of them here goes through
// sealFor / openFor below. An agenda's are stored as they are.
import { isDeepStrictEqual } from "node:util";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import { getDb, notesCipher, type Db, type Tx } from "@/db/client";
import { agendaDocuments, collabDocuments, collabUpdates, meetings, privateNotes } from "@/db/schema";
import { type CollabDocument, parseDocumentName } from "@/lib/collab/names";
import { noteContext, SealedDataError } from "@/lib/crypto/notes-cipher";
import { MAX_DEPTH } from "@/lib/collab/limits";
import { CompactionWorkerFailed, mergeUpdatesOffThread } from "@/lib/collab/compact";
import { checkDerived, type DerivedDocument, updateFromJSON } from "@/lib/collab/yjs";
import { documentText, EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, notFound } from "@/lib/errors";
import { logFailure } from "@/lib/log";
import { meetingIsWritable } from "@/lib/policy";

/** A note's bytes as stored: sealed. An agenda's as they are. */
async function sealFor(doc: CollabDocument, bytes: Uint8Array): Promise<Uint8Array> {
  return doc.kind === "note" ? (await notesCipher()).seal(bytes, noteContext(doc.meetingId, doc.authorId, "collab")) : bytes;
}

/** Stored bytes opened for use (a note's row from before encryption opens as it is). */
async function openFor(doc: CollabDocument, stored: Uint8Array): Promise<Uint8Array> {
  return doc.kind === "note" ? (await notesCipher()).open(stored, noteContext(doc.meetingId, doc.authorId, "collab")) : stored;
}

/** The stored JSON a document starts from the first time it is opened (existing agendas migrate so). */
async function seedJSON(db: Db | Tx, doc: CollabDocument): Promise<JSONContent> {
  if (doc.kind === "agenda") {
    const [row] = await db.select({ content: agendaDocuments.content }).from(agendaDocuments).where(eq(agendaDocuments.meetingId, doc.meetingId));
    return (row?.content as JSONContent | undefined) ?? EMPTY_DOCUMENT;
  }
  const [row] = await db
    .select({ content: privateNotes.content })
    .from(privateNotes)
    .where(and(eq(privateNotes.meetingId, doc.meetingId), eq(privateNotes.authorId, doc.authorId)));
  if (!row) return EMPTY_DOCUMENT;
  return (await notesCipher()).openJSON<JSONContent>(row.content, noteContext(doc.meetingId, doc.authorId, "content"));
}

/**
 * The document's state row, created once from its stored JSON if it has none. The insert is
 * "on conflict do nothing" and read back, so two servers opening it at once share one seed
 * (two seeds of the same text would merge into the text twice).
 */
async function ensureState(db: Db | Tx, name: string, doc: CollabDocument): Promise<void> {
  const [existing] = await db.select({ name: collabDocuments.name }).from(collabDocuments).where(eq(collabDocuments.name, name));
  if (existing) return;
  await db
    .insert(collabDocuments)
    .values({ name, state: await sealFor(doc, updateFromJSON(await seedJSON(db, doc))) })
    .onConflictDoNothing();
}

/** Thrown when a document cannot be opened for editing; the page shows its last derived JSON. */
export class QuarantinedDocument extends AppError {
  readonly reason = "quarantined";
  constructor(name: string) {
    super("conflict", `The document ${name} is quarantined: it could not be loaded.`);
  }
}

/** Marks a document that cannot be loaded, so nothing tries again and again (one log line). */
export async function quarantineCollabDocument(name: string, why: string): Promise<void> {
  const db = await getDb();
  console.error(`collab: quarantined ${name}: ${why.slice(0, 200)}`);
  await db
    .update(collabDocuments)
    .set({ quarantinedAt: new Date(), quarantineReason: why.slice(0, 500) })
    .where(eq(collabDocuments.name, name));
}

/** Whether a document was quarantined. */
export async function isQuarantined(name: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ at: collabDocuments.quarantinedAt }).from(collabDocuments).where(eq(collabDocuments.name, name));
  return Boolean(row?.at);
}

/**
 * Everything stored for a document: its state row and the updates logged since the last
 * compaction, decoded in full. A document whose stored data cannot be decoded, or that nests
 * deeper than the editor can open, is quarantined rather than handed to anyone.
 */
export async function loadCollabState(name: string): Promise<Uint8Array> {
  const doc = parseDocumentName(name);
  if (!doc) throw notFound();
  const db = await getDb();
  await ensureState(db, name, doc);
  // The log first, the state after it: a compaction that commits between the two reads has folded
  // those log rows into the state (and deleted them), and the state read after it has them. Read
  // the other way round, a load racing a compaction (a reload while the server stores the
  // document) gets the old state and an emptied log, and loses every acknowledged edit in between.
  // Applying an update twice changes nothing in Yjs, so overlap is harmless.
  const log = await db.select({ update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.name, name)).orderBy(asc(collabUpdates.id));
  const [row] = await db
    .select({ state: collabDocuments.state, at: collabDocuments.quarantinedAt })
    .from(collabDocuments)
    .where(eq(collabDocuments.name, name));
  if (row.at) throw new QuarantinedDocument(name);
  let merged: Uint8Array;
  try {
    // A note's rows open here (a key that does not open them quarantines nothing: it throws).
    const updates = await Promise.all([row.state, ...log.map((r) => r.update)].map((bytes) => openFor(doc, bytes)));
    // Loaded in a worker thread (./compact.ts): a document at the limits takes tens of ms.
    const loaded = await mergeUpdatesOffThread(updates, { json: false });
    merged = loaded.state;
    const depth = loaded.depth;
    if (depth > MAX_DEPTH) throw new Error(depth === Infinity ? "content the editor does not write" : `nested deeper than ${MAX_DEPTH} levels`);
  } catch (error) {
    // A failed worker says nothing about the document: it is not quarantined for that; nor is a
    // note that does not decrypt (that is the key's fault or tampering, and must stay loud).
    if (error instanceof CompactionWorkerFailed || error instanceof SealedDataError) throw error;
    await quarantineCollabDocument(name, error instanceof Error ? error.message : String(error));
    throw new QuarantinedDocument(name);
  }
  return merged;
}

/**
 * Stores one client update durably; the server acknowledges it to the client only after this.
 * An agenda update is stored only while its meeting is open, read under a share lock of the
 * meeting row, so a completion (which locks it for update) comes wholly before or after it.
 * Returns false, storing nothing, when the meeting is completed or cancelled.
 */
export async function appendCollabUpdate(name: string, update: Uint8Array): Promise<boolean> {
  const doc = parseDocumentName(name);
  if (!doc) throw notFound();
  const db = await getDb();
  if (doc.kind !== "agenda") {
    await db.insert(collabUpdates).values({ name, update: await sealFor(doc, update) });
    return true;
  }
  return db.transaction(async (tx) => {
    const [m] = await tx.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, doc.meetingId)).for("share");
    if (!m || !meetingIsWritable(m.status)) return false;
    await tx.insert(collabUpdates).values({ name, update });
    return true;
  });
}

/** Whether a document may still change: a note always (its author's own), an agenda while its meeting is open. */
export async function collabDocumentWritable(doc: CollabDocument): Promise<boolean> {
  if (doc.kind !== "agenda") return true;
  const db = await getDb();
  const [m] = await db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, doc.meetingId));
  return !!m && meetingIsWritable(m.status);
}

/**
 * After a crash the update log may hold edits whose JSON was never derived: compact every such
 * document once at start, so pages, search and exports show them before anyone opens it again.
 */
export async function compactPendingDocuments(): Promise<number> {
  const db = await getDb();
  const rows = await db.selectDistinct({ name: collabUpdates.name }).from(collabUpdates);
  let compacted = 0;
  for (const { name } of rows) {
    if (!parseDocumentName(name) || (await isQuarantined(name))) continue;
    try {
      await compactCollabDocument(name);
      compacted++;
    } catch (error) {
      // One document that cannot be read never stops the others.
      // A note that does not decrypt is not the document's fault either: logged, never quarantined.
      if (error instanceof CompactionWorkerFailed || error instanceof SealedDataError) {
        logFailure("collab: compacting a pending document failed", error, { name });
        continue;
      }
      await quarantineCollabDocument(name, error instanceof Error ? error.message : String(error));
    }
  }
  return compacted;
}

/**
 * Compaction and derivation, in one transaction that locks the state row: the state, every
 * logged update and the server's in-memory state (if any) become one garbage-collected state
 * row; the merged log rows are deleted; and the ProseMirror JSON and search text are derived
 * from that state, checked like any saved document. Concurrent compactions (two servers)
 * queue on the row lock, and each merges everything, so none can drop another's updates.
 */
export async function compactCollabDocument(name: string, options: { memory?: Uint8Array; editorId?: string | null } = {}) {
  const doc = parseDocumentName(name);
  if (!doc) throw notFound();
  const db = await getDb();
  return db.transaction(async (tx) => {
    await ensureState(tx, name, doc);
    const [locked] = await tx
      .select({ state: collabDocuments.state, quarantinedAt: collabDocuments.quarantinedAt })
      .from(collabDocuments)
      .where(eq(collabDocuments.name, name))
      .for("update");
    if (locked.quarantinedAt) return { merged: 0, derived: false as const };
    const log = await tx
      .select({ id: collabUpdates.id, update: collabUpdates.update })
      .from(collabUpdates)
      .where(eq(collabUpdates.name, name))
      .orderBy(asc(collabUpdates.id));
    // The Yjs work (load, encode, read the content) runs in a worker thread; this thread only
    // checks the JSON against the schema, with the event loop let through between the steps.
    const stored = await Promise.all([locked.state, ...log.map((r) => r.update)].map((bytes) => openFor(doc, bytes)));
    const merged = await mergeUpdatesOffThread([...stored, ...(options.memory ? [options.memory] : [])]);
    await tx
      .update(collabDocuments)
      .set({ state: await sealFor(doc, merged.state), updatedAt: new Date() })
      .where(eq(collabDocuments.name, name));
    // Exactly the rows merged: an id is taken at insert, not at commit, so a row with a smaller
    // id may still be committing now; a range delete could drop it unmerged.
    const ids = log.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 10_000) await tx.delete(collabUpdates).where(inArray(collabUpdates.id, ids.slice(i, i + 10_000)));
    await yieldToEventLoop();
    const derived: DerivedDocument =
      merged.depth > MAX_DEPTH || !merged.json ? { ok: false, error: `nested deeper than ${MAX_DEPTH} levels` } : checkDerived(merged.json);
    if (!derived.ok) {
      // The refusal quotes the document it refused: the log gets the document's name only.
      console.error(`collab: ${name} holds content the schema refuses; its JSON is left as it was`);
      return { merged: log.length, derived: false as const };
    }
    await yieldToEventLoop();
    await writeDerived(tx, doc, derived.doc, options.editorId ?? null);
    return { merged: log.length, derived: true as const, doc: derived.doc };
  });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the derived JSON (and, for an agenda, the search text) where pages, search, history and
 * exports read them, when they changed (the version counts changes only). For an agenda the
 * database compares the JSON (jsonb, so key order does not matter): this thread neither reads
 * back nor compares a 1 MB document. A note is sealed, so it is compared here (below).
 */
async function writeDerived(tx: Tx, doc: CollabDocument, json: JSONContent, editorId: string | null) {
  const now = new Date();
  if (doc.kind === "agenda") {
    const text = documentText(json);
    await yieldToEventLoop();
    const content = JSON.stringify(json);
    await yieldToEventLoop();
    const mine = eq(agendaDocuments.meetingId, doc.meetingId);
    const changed = await tx
      .update(agendaDocuments)
      .set({
        content: sql`${content}::jsonb`,
        searchText: text,
        version: sql`${agendaDocuments.version} + 1`,
        updatedAt: now,
        ...(editorId ? { updatedBy: editorId } : {}),
      })
      .where(and(mine, sql`${agendaDocuments.content} is distinct from ${content}::jsonb`))
      .returning({ id: agendaDocuments.meetingId });
    if (changed.length) return;
    const [current] = await tx.select({ id: agendaDocuments.meetingId }).from(agendaDocuments).where(mine);
    if (!current) await tx.insert(agendaDocuments).values({ meetingId: doc.meetingId, content: sql`${content}::jsonb`, searchText: text, updatedBy: editorId });
    return;
  }
  // A note document is named by its author, checked on connect (authorizeCollabDocument):
  // this writes that author's own row and no other. Sealed, the database cannot compare the
  // JSON: this thread opens the stored note and compares (a note is bounded like any document,
  // and the document's row lock, taken by compactCollabDocument, keeps the two steps together).
  // No search text is kept for a note: nothing searches notes, and it would be note text in the clear.
  const own = and(eq(privateNotes.meetingId, doc.meetingId), eq(privateNotes.authorId, doc.authorId));
  const cipher = await notesCipher();
  const context = noteContext(doc.meetingId, doc.authorId, "content");
  const [current] = await tx.select({ id: privateNotes.id, content: privateNotes.content }).from(privateNotes).where(own);
  // Compared as stored: through JSON, which drops what JSON does not keep (an undefined attribute).
  if (current && isDeepStrictEqual(cipher.openJSON(current.content, context), JSON.parse(JSON.stringify(json)))) return;
  await yieldToEventLoop();
  const sealed = cipher.sealJSON(json, context);
  if (current) {
    await tx
      .update(privateNotes)
      .set({ content: sealed, searchText: "", version: sql`${privateNotes.version} + 1`, updatedAt: now })
      .where(own);
    return;
  }
  await tx.insert(privateNotes).values({ meetingId: doc.meetingId, authorId: doc.authorId, content: sealed, searchText: "" });
}
