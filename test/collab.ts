import { HocuspocusProvider } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { YJS_FIELD } from "@/lib/collab/names";

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
  return doc.getXmlFragment(YJS_FIELD).toArray().map((n) => (n instanceof Y.XmlElement ? n.toArray().map((c) => (c instanceof Y.XmlText ? c.toString() : "")).join("") : "")).join("\n");
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
