import "server-only";
// The real-time documents' door and store. Tokens are issued here after lib/policy said yes;
// the collaboration server (lib/collab/server.ts) checks each token here again, and re-reads
// the person's access from the database on connect and while the connection lives.
import crypto from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import { jwtVerify, SignJWT } from "jose";
import * as Y from "yjs";
import { getDb, type Db, type Tx } from "@/db/client";
import { agendaDocuments, collabDocuments, collabUpdates, privateNotes, users } from "@/db/schema";
import { authSecret } from "@/lib/auth/secret";
import { agendaDocumentName, type CollabDocument, noteDocumentName, parseDocumentName } from "@/lib/collab/names";
import { compactState, deriveJSON, docFromUpdates, replaceContentUpdate, updateFromJSON } from "@/lib/collab/yjs";
import { documentText, EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, notFound } from "@/lib/errors";
import { type Actor, assertSignedIn } from "@/lib/policy";
import { authorizeMeeting } from "./access";
import { assertMayKeepOwnNote } from "./private-notes";
import { loadActor } from "./users";

/** How long a token opens a connection; the provider asks for a fresh one on every (re)connect. */
export const COLLAB_TOKEN_SECONDS = 120;
const AUDIENCE = "between-us-collab";
/** The largest single update a client may send (the derived JSON is limited to 1 MB anyway). */
export const MAX_COLLAB_UPDATE_BYTES = 2_000_000;

/** A key of its own, derived from the app secret, so session cookies and collab tokens never mix. */
function tokenKey(): Uint8Array {
  return new Uint8Array(crypto.createHmac("sha256", authSecret()).update("between-us collab token v1").digest());
}

/** Where the browser reaches the collaboration server: COLLAB_PUBLIC_URL, else the page's host on COLLAB_PORT. */
export function collabEndpoint() {
  return { url: process.env.COLLAB_PUBLIC_URL || null, port: Number(process.env.COLLAB_PORT || 3001) };
}

async function sessionVersionOf(actor: Actor): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, actor.id));
  return row?.sessionVersion ?? 0;
}

/** Signs a token for one person and one document; only the issue functions below call it after lib/policy. */
export async function signCollabToken(claims: { userId: string; documentName: string; sessionVersion: number }, seconds = COLLAB_TOKEN_SECONDS) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ doc: claims.documentName, sv: claims.sessionVersion })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.userId)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(tokenKey());
}

async function sign(actor: Actor, documentName: string) {
  const token = await signCollabToken({ userId: actor.id, documentName, sessionVersion: await sessionVersionOf(actor) });
  return { token, documentName };
}

/** A token for the shared agenda of a meeting: only for those the table lets write it. */
export async function issueAgendaToken(actor: Actor | null, input: { meetingId: string }) {
  const db = await getDb();
  await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return sign(actor!, agendaDocumentName(input.meetingId));
}

/** A token for the actor's own private note on a meeting; nobody can ask for another's. */
export async function issueNoteToken(actor: Actor | null, input: { meetingId: string }) {
  await assertMayKeepOwnNote(actor, input.meetingId);
  return sign(actor!, noteDocumentName(input.meetingId, actor!.id));
}

export type CollabClaims = { userId: string; sessionVersion: number; documentName: string };

/** Checks signature, audience, expiry and that the token was issued for exactly this document. */
export async function verifyCollabToken(token: string, documentName: string): Promise<CollabClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, tokenKey(), { audience: AUDIENCE, algorithms: ["HS256"] }));
  } catch {
    throw new AppError("unauthenticated", "The editing token is not valid or has expired.");
  }
  if (typeof payload.sub !== "string" || payload.doc !== documentName || typeof payload.sv !== "number") {
    throw new AppError("forbidden", "This token was issued for another document.");
  }
  return { userId: payload.sub, sessionVersion: payload.sv, documentName };
}

/**
 * Whether this person may open this document now, read from the database (lib/policy decides):
 * the agenda for those who may write the series' content, a note for its author alone.
 */
export async function authorizeCollabDocument(userId: string, sessionVersion: number, documentName: string): Promise<{ actor: Actor; doc: CollabDocument }> {
  const doc = parseDocumentName(documentName);
  if (!doc) throw notFound();
  const actor = await loadActor(userId, sessionVersion);
  assertSignedIn(actor);
  if (doc.kind === "agenda") {
    await authorizeMeeting(await getDb(), actor, doc.meetingId, "seriesContent", "write");
  } else {
    if (doc.authorId !== actor.id) throw notFound();
    await assertMayKeepOwnNote(actor, doc.meetingId);
  }
  return { actor, doc };
}

/** A stable colour per person for their caret. */
export function colorOf(id: string): string {
  const palette = ["#0f766e", "#b45309", "#7c3aed", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490"];
  return palette[crypto.createHash("sha256").update(id).digest()[0] % palette.length];
}

// ---- Persistence ------------------------------------------------------------------------

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

/** Everything stored for a document: its state row and the updates logged since the last compaction. */
export async function loadCollabState(name: string): Promise<Uint8Array> {
  const doc = parseDocumentName(name);
  if (!doc) throw notFound();
  const db = await getDb();
  const state = await ensureState(db, name, doc);
  const log = await db.select({ update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.name, name)).orderBy(asc(collabUpdates.id));
  return log.length ? Y.mergeUpdates([state, ...log.map((r) => r.update)]) : state;
}

/** Stores one client update durably; the server acknowledges it to the client only after this. */
export async function appendCollabUpdate(name: string, update: Uint8Array): Promise<void> {
  const db = await getDb();
  await db.insert(collabUpdates).values({ name, update });
}

/**
 * After a crash the update log may hold edits whose JSON was never derived: compact every such
 * document once at start, so pages, search and exports show them before anyone opens it again.
 */
export async function compactPendingDocuments(): Promise<number> {
  const db = await getDb();
  const rows = await db.selectDistinct({ name: collabUpdates.name }).from(collabUpdates);
  for (const { name } of rows) {
    if (parseDocumentName(name)) await compactCollabDocument(name);
  }
  return rows.length;
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
    const [locked] = await tx.select({ state: collabDocuments.state }).from(collabDocuments).where(eq(collabDocuments.name, name)).for("update");
    const log = await tx.select({ id: collabUpdates.id, update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.name, name)).orderBy(asc(collabUpdates.id));
    const state = compactState([locked.state, ...log.map((r) => r.update), ...(options.memory ? [options.memory] : [])]);
    await tx.update(collabDocuments).set({ state, updatedAt: new Date() }).where(eq(collabDocuments.name, name));
    // Exactly the rows merged: an id is taken at insert, not at commit, so a row with a smaller
    // id may still be committing now; a range delete could drop it unmerged.
    const ids = log.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 10_000) await tx.delete(collabUpdates).where(inArray(collabUpdates.id, ids.slice(i, i + 10_000)));
    const ydoc = docFromUpdates([state]);
    const derived = deriveJSON(ydoc);
    ydoc.destroy();
    if (!derived.ok) {
      console.error(`collab: ${name} holds content the schema refuses; its JSON is left as it was (${derived.error})`);
      return { merged: log.length, derived: false as const };
    }
    await writeDerived(tx, doc, derived.doc, options.editorId ?? null);
    return { merged: log.length, derived: true as const, doc: derived.doc };
  });
}

/** Writes the derived JSON and search text where pages, search, history and exports read them. */
async function writeDerived(tx: Tx, doc: CollabDocument, json: JSONContent, editorId: string | null) {
  const text = documentText(json);
  const now = new Date();
  if (doc.kind === "agenda") {
    const [current] = await tx.select({ content: agendaDocuments.content }).from(agendaDocuments).where(eq(agendaDocuments.meetingId, doc.meetingId));
    if (current && JSON.stringify(current.content) === JSON.stringify(json)) return;
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
  if (current && JSON.stringify(current.content) === JSON.stringify(json)) return;
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
  const [existing] = await tx.select({ state: collabDocuments.state }).from(collabDocuments).where(eq(collabDocuments.name, name)).for("update");
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
