import { HocuspocusProvider } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { Node as PMNode } from "@tiptap/pm/model";
import { updateYFragment } from "@tiptap/y-tiptap";
import { notesCipher } from "@/db/client";
import { YJS_FIELD } from "@/lib/collab/names";
import { noteContext } from "@/lib/crypto/notes-cipher";
import { validateUpdate } from "@/lib/collab/validate-update";
import { docFromUpdates } from "@/lib/collab/yjs";
import { documentText, schema } from "@/lib/editor/document";
import { AppError, invalid } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { authorizeCollabDocument, issueAgendaToken, issueNoteToken, verifyCollabToken } from "@/lib/server/collab";
import { appendCollabUpdate, compactCollabDocument, loadCollabState } from "@/lib/server/collab-store";

export type Client = {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  /** "synced" once the document synced, or "refused:<reason>" when the server refused the token. */
  outcome: Promise<string>;
  /** Resolves with the close reason when the server closes the document for this client. */
  closed: Promise<string>;
  destroy: () => void;
};

/** A Node client of the collaboration server (what the browser's editor does, without the editor). */
export function connect(port: number, name: string, token: string | (() => Promise<string>)): Client {
  const doc = new Y.Doc();
  let settle: (v: string) => void = () => {};
  let onClosed: (v: string) => void = () => {};
  const outcome = new Promise<string>((r) => (settle = r));
  const closed = new Promise<string>((r) => (onClosed = r));
  const provider = new HocuspocusProvider({
    url: `ws://127.0.0.1:${port}`,
    name,
    document: doc,
    token: typeof token === "string" ? () => token : token,
    WebSocketPolyfill: WebSocket,
    // As the editor sends (components/documents/CollabEditor.tsx): keystrokes within 100 ms as one update.
    flushDelay: 100,
    onSynced: ({ state }) => state && settle("synced"),
    onAuthenticationFailed: ({ reason }) => settle(`refused:${reason}`),
    onClose: ({ event }) => onClosed(event.reason),
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  return {
    provider,
    doc,
    outcome,
    closed,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when every local change was acknowledged by the server. */
export function acknowledged(provider: HocuspocusProvider, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => provider.isSynced && !provider.hasUnsyncedChanges, timeoutMs, "acknowledgement");
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The text of the document's first paragraph (the agenda tests type there). */
export function paragraphText(doc: Y.Doc, index = 0): string {
  const p = doc.getXmlFragment(YJS_FIELD).get(index) as Y.XmlElement | undefined;
  const text = p?.get(0);
  return text instanceof Y.XmlText ? text.toString() : "";
}

/** Inserts text at `offset` of the first text of paragraph `index` (creating the paragraph if needed). */
export function typeInto(doc: Y.Doc, text: string, offset: number | "end" = "end", index = 0) {
  const fragment = doc.getXmlFragment(YJS_FIELD);
  doc.transact(() => {
    let p = fragment.get(index) as Y.XmlElement | undefined;
    if (!p) {
      p = new Y.XmlElement("paragraph");
      fragment.insert(fragment.length, [p]);
    }
    let t = p.get(0) as Y.XmlText | undefined;
    if (!(t instanceof Y.XmlText)) {
      t = new Y.XmlText();
      p.insert(0, [t]);
    }
    t.insert(offset === "end" ? t.length : offset, text);
  });
}

/** Whole text of the document, all paragraphs. */
export function allText(doc: Y.Doc): string {
  return doc
    .getXmlFragment(YJS_FIELD)
    .toArray()
    .map((n) =>
      n instanceof Y.XmlElement
        ? n
            .toArray()
            .map((c) => (c instanceof Y.XmlText ? c.toString() : ""))
            .join("")
        : "",
    )
    .join("\n");
}

/**
 * Sends one Yjs update over the client's socket exactly as given (a raw client: no editor, no
 * provider-side checks): [document name][Sync][Update][bytes], the y-protocols framing.
 */
export async function sendRawUpdate(client: Client, update: Uint8Array, type: "update" | "step2" = "update") {
  const encoding = await import("lib0/encoding");
  const encoder = encoding.createEncoder();
  const key = client.provider.effectiveName;
  encoding.writeVarString(encoder, key);
  encoding.writeVarUint(encoder, 0); // MessageType.Sync
  encoding.writeVarUint(encoder, type === "update" ? 2 : 1);
  encoding.writeVarUint8Array(encoder, update);
  client.provider.configuration.websocketProvider.send(encoding.toUint8Array(encoder));
}

/** The update that a change made on a copy of the client's document would send. */
export function updateOf(client: Client, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
  const updates: Uint8Array[] = [];
  copy.on("update", (u: Uint8Array) => updates.push(u));
  copy.transact(() => change(copy));
  copy.destroy();
  return Y.mergeUpdates(updates);
}

type Content = JSONContent | ((doc: Y.Doc) => void);

/**
 * One person's editing connection to a real-time document, through the steps the collaboration
 * server takes, without a socket: the token from its door (issueAgendaToken / issueNoteToken),
 * the access read again on connect, the document loaded as the server holds it; then each
 * write is the editor's update for the new content, checked, appended (refused once the
 * agenda's meeting is completed) and compacted, which derives the JSON and search text that
 * pages, search and exports read. Tests set up agenda and note content with this.
 */
export async function openDocument(actor: Actor, kind: "agenda" | "note", meetingId: string) {
  const { token, documentName } = kind === "agenda" ? await issueAgendaToken(actor, { meetingId }) : await issueNoteToken(actor, { meetingId });
  const claims = await verifyCollabToken(token, documentName);
  const { readOnly } = await authorizeCollabDocument(claims.userId, claims.sessionVersion, documentName);
  if (readOnly) throw new AppError("conflict", "The meeting is completed: its agenda opens read-only.");
  const doc = docFromUpdates([await loadCollabState(documentName)]);
  return {
    async write(content: Content) {
      const edited = docFromUpdates([Y.encodeStateAsUpdate(doc)]);
      try {
        const update = typeof content === "function" ? changeOf(edited, content) : editorUpdate(edited, content);
        const checked = validateUpdate(doc, update);
        // The server refuses it by name; here the reason travels on the content field, as a save's did.
        if (!checked.ok) {
          const why = checked.reason === "document-invalid" ? checked.detail : `The update was refused: ${checked.reason} (${checked.detail}).`;
          throw invalid({ content: [why] }, why);
        }
        if (!checked.changes) return;
        if (!(await appendCollabUpdate(documentName, update))) throw new AppError("conflict", "The meeting was completed: the update was not stored.");
        Y.applyUpdate(doc, update);
        await compactCollabDocument(documentName, { memory: Y.encodeStateAsUpdate(doc), editorId: claims.userId });
      } finally {
        edited.destroy();
      }
    },
    close: () => doc.destroy(),
  };
}

/** One write on a fresh connection (see openDocument). */
export async function writeDocument(actor: Actor, kind: "agenda" | "note", meetingId: string, content: Content): Promise<void> {
  const connection = await openDocument(actor, kind, meetingId);
  try {
    await connection.write(content);
  } finally {
    connection.close();
  }
}

/** The editor's update for a whole document; a document the editor's schema cannot hold at all never becomes one. */
function editorUpdate(doc: Y.Doc, json: JSONContent): Uint8Array {
  try {
    return replaceContentUpdate(doc, json);
  } catch (error) {
    const why = `The editor cannot hold this document: ${error instanceof Error ? error.message : String(error)}.`;
    throw invalid({ content: [why] }, why);
  }
}

function changeOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listen = (u: Uint8Array) => updates.push(u);
  doc.on("update", listen);
  try {
    doc.transact(() => change(doc));
  } finally {
    doc.off("update", listen);
  }
  return updates.length ? Y.mergeUpdates(updates) : new Uint8Array(0);
}

/** The shared agenda of a meeting, written as `actor` typed it in the editor. */
export const writeAgenda = (actor: Actor, meetingId: string, content: Content) => writeDocument(actor, "agenda", meetingId, content);
/** The actor's own private note on a meeting, written as they typed it in the editor. */
export const writeNote = (actor: Actor, meetingId: string, content: Content) => writeDocument(actor, "note", meetingId, content);

/**
 * The update that turns a Yjs document's content into `json` (the same diff the editor's
 * binding makes when a person replaces the text).
 */
function replaceContentUpdate(doc: Y.Doc, json: JSONContent): Uint8Array {
  const node = PMNode.fromJSON(schema, json);
  const updates: Uint8Array[] = [];
  const listen = (u: Uint8Array) => updates.push(u);
  doc.on("update", listen);
  try {
    updateYFragment(doc, doc.getXmlFragment(YJS_FIELD), node, { mapping: new Map(), isOMark: new Map() });
  } finally {
    doc.off("update", listen);
  }
  return updates.length ? Y.mergeUpdates(updates) : new Uint8Array(0);
}

/** The text of a stored private_notes row, opened as the app opens it (rows are sealed at rest). */
export async function storedNoteText(row: { meetingId: string; authorId: string; content: unknown }): Promise<string> {
  const cipher = await notesCipher();
  return documentText(cipher.openJSON<JSONContent>(row.content, noteContext(row.meetingId, row.authorId, "content")));
}

/**
 * Sends one awareness update over the client's socket exactly as given (a raw client):
 * [document name][Awareness][[count][client id][clock][state JSON]...], the y-protocols framing.
 */
export async function sendRawAwareness(client: Client, states: Array<{ clientId: number; clock: number; state: unknown }>) {
  const encoding = await import("lib0/encoding");
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, states.length);
  for (const { clientId, clock, state } of states) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, client.provider.effectiveName);
  encoding.writeVarUint(encoder, 1); // MessageType.Awareness
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  client.provider.configuration.websocketProvider.send(encoding.toUint8Array(encoder));
}
