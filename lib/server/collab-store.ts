import "server-only";
// The store of the real-time documents. These functions take no actor: they run only inside
// the collaboration server for a connection that authorizeCollabDocument (./collab.ts) let in,
// and inside lib/server's own save functions after their authorization. No server action or
// route calls them.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { getDb, type Db, type Tx } from "@/db/client";
import { agendaDocuments, collabDocuments, collabUpdates, meetings, privateNotes } from "@/db/schema";
import { type CollabDocument, parseDocumentName } from "@/lib/collab/names";
import { MAX_DEPTH } from "@/lib/collab/limits";
import { documentDepth } from "@/lib/collab/validate-update";
import { deriveJSON, docFromUpdates, replaceContentUpdate, updateFromJSON } from "@/lib/collab/yjs";
import { documentText, EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, notFound } from "@/lib/errors";
import { meetingIsWritable } from "@/lib/policy";

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
  return (row?.content as JSONContent | undefined) ?? EMPTY_DOCUMENT;
}

/**
 * The document's state row, created once from its stored JSON if it has none. The insert is
 * "on conflict do nothing" and read back, so two servers opening it at once share one seed
 * (two seeds of the same text would merge into the text twice).
 */
async function ensureState(db: Db | Tx, name: string, doc: CollabDocument): Promise<Uint8Array> {
  const [existing] = await db.select({ state: collabDocuments.state }).from(collabDocuments).where(eq(collabDocuments.name, name));
  if (existing) return existing.state;
  await db.insert(collabDocuments).values({ name, state: updateFromJSON(await seedJSON(db, doc)) }).onConflictDoNothing();
  const [row] = await db.select({ state: collabDocuments.state }).from(collabDocuments).where(eq(collabDocuments.name, name));
  return row.state;
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
  await db.update(collabDocuments).set({ quarantinedAt: new Date(), quarantineReason: why.slice(0, 500) }).where(eq(collabDocuments.name, name));
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
  const state = await ensureState(db, name, doc);
  const [flag] = await db.select({ at: collabDocuments.quarantinedAt }).from(collabDocuments).where(eq(collabDocuments.name, name));
  if (flag?.at) throw new QuarantinedDocument(name);
  const log = await db.select({ update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.name, name)).orderBy(asc(collabUpdates.id));
  let merged: Uint8Array;
  try {
    merged = log.length ? Y.mergeUpdates([state, ...log.map((r) => r.update)]) : state;
    const check = docFromUpdates([merged]);
    const depth = documentDepth(check);
    check.destroy();
    if (depth > MAX_DEPTH) throw new Error(depth === Infinity ? "content the editor does not write" : `nested deeper than ${MAX_DEPTH} levels`);
  } catch (error) {
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
    await db.insert(collabUpdates).values({ name, update });
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
      await quarantineCollabDocument(name, error instanceof Error ? error.message : String(error));
    }
  }
  return compacted;
}

/** How many log rows a document has (compaction keeps this near zero). */
export async function collabLogLength(name: string): Promise<number> {
  const db = await getDb();
  const rows = await db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.name, name));
  return rows.length;
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
    const [locked] = await tx.select({ state: collabDocuments.state, quarantinedAt: collabDocuments.quarantinedAt }).from(collabDocuments).where(eq(collabDocuments.name, name)).for("update");
    if (locked.quarantinedAt) return { merged: 0, derived: false as const };
    const log = await tx.select({ id: collabUpdates.id, update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.name, name)).orderBy(asc(collabUpdates.id));
    // Three steps, each bounded by the document limits (lib/collab/limits.ts), with the event
    // loop let through between them, so no compaction holds the process for long.
    const ydoc = docFromUpdates([locked.state, ...log.map((r) => r.update), ...(options.memory ? [options.memory] : [])]);
    await yieldToEventLoop();
    const state = Y.encodeStateAsUpdate(ydoc);
    await tx.update(collabDocuments).set({ state, updatedAt: new Date() }).where(eq(collabDocuments.name, name));
    // Exactly the rows merged: an id is taken at insert, not at commit, so a row with a smaller
    // id may still be committing now; a range delete could drop it unmerged.
    const ids = log.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 10_000) await tx.delete(collabUpdates).where(inArray(collabUpdates.id, ids.slice(i, i + 10_000)));
    await yieldToEventLoop();
    const depth = documentDepth(ydoc);
    const derived: ReturnType<typeof deriveJSON> = depth > MAX_DEPTH ? { ok: false, error: `nested deeper than ${MAX_DEPTH} levels` } : deriveJSON(ydoc);
    ydoc.destroy();
    if (!derived.ok) {
      // The refusal quotes the document it refused: the log gets the document's name only.
      console.error(`collab: ${name} holds content the schema refuses; its JSON is left as it was`);
      return { merged: log.length, derived: false as const };
    }
    await writeDerived(tx, doc, derived.doc, options.editorId ?? null);
    return { merged: log.length, derived: true as const, doc: derived.doc };
  });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes the derived JSON and search text where pages, search, history and exports read them. */
/** Whether two JSON values are the same, letting the event loop through between the two halves. */
async function sameJSON(a: unknown, b: unknown): Promise<boolean> {
  const left = JSON.stringify(a);
  await yieldToEventLoop();
  return left === JSON.stringify(b);
}

async function writeDerived(tx: Tx, doc: CollabDocument, json: JSONContent, editorId: string | null) {
  const text = documentText(json);
  await yieldToEventLoop();
  const now = new Date();
  if (doc.kind === "agenda") {
    const [current] = await tx.select({ content: agendaDocuments.content }).from(agendaDocuments).where(eq(agendaDocuments.meetingId, doc.meetingId));
    if (current && (await sameJSON(current.content, json))) return;
    if (current) {
      await tx
        .update(agendaDocuments)
        .set({ content: json, searchText: text, version: sql`${agendaDocuments.version} + 1`, updatedAt: now, ...(editorId ? { updatedBy: editorId } : {}) })
        .where(eq(agendaDocuments.meetingId, doc.meetingId));
    } else {
      await tx.insert(agendaDocuments).values({ meetingId: doc.meetingId, content: json, searchText: text, updatedBy: editorId });
    }
    return;
  }
  // A note document is named by its author, checked on connect (authorizeCollabDocument):
  // this writes that author's own row and no other.
  const own = and(eq(privateNotes.meetingId, doc.meetingId), eq(privateNotes.authorId, doc.authorId));
  const [current] = await tx.select({ content: privateNotes.content }).from(privateNotes).where(own);
  if (current && (await sameJSON(current.content, json))) return;
  if (current) {
    await tx.update(privateNotes).set({ content: json, searchText: text, version: sql`${privateNotes.version} + 1`, updatedAt: now }).where(own);
  } else {
    await tx.insert(privateNotes).values({ meetingId: doc.meetingId, authorId: doc.authorId, content: json, searchText: text });
  }
}

/**
 * A whole-document save made outside the editor (lib/server saveAgenda, savePrivateNote): the
 * difference to the stored Yjs state is logged as one more update, so the real-time document
 * and the JSON stay the same text. Runs inside the caller's transaction.
 */
export async function recordWholeDocument(tx: Tx, name: string, json: JSONContent): Promise<void> {
  const doc = parseDocumentName(name);
  if (!doc) throw notFound();
  const [existing] = await tx.select({ state: collabDocuments.state, quarantinedAt: collabDocuments.quarantinedAt }).from(collabDocuments).where(eq(collabDocuments.name, name)).for("update");
  // A quarantined document keeps its data for inspection; the saved JSON is what pages show.
  if (existing?.quarantinedAt) return;
  if (!existing) {
    await tx.insert(collabDocuments).values({ name, state: updateFromJSON(json) }).onConflictDoNothing();
    return;
  }
  const log = await tx.select({ update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.name, name)).orderBy(asc(collabUpdates.id));
  const ydoc = docFromUpdates([existing.state, ...log.map((r) => r.update)]);
  try {
    const update = replaceContentUpdate(ydoc, json);
    if (update.length) await tx.insert(collabUpdates).values({ name, update });
  } finally {
    ydoc.destroy();
  }
}
