import type { JSONContent } from "@tiptap/core";
import { Node as PMNode } from "@tiptap/pm/model";
import { prosemirrorJSONToYDoc, updateYFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { isAllowedHref } from "@/lib/editor/extensions";
import { checkDocument, EMPTY_DOCUMENT, schema } from "@/lib/editor/document";
import { YJS_FIELD } from "./names";

/** A Yjs update that, applied to an empty document, gives exactly this ProseMirror JSON. */
export function updateFromJSON(json: JSONContent): Uint8Array {
  const doc = prosemirrorJSONToYDoc(schema, json, YJS_FIELD);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** A fresh Y.Doc holding every given update (state and log rows, in any order). */
export function docFromUpdates(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    for (const u of updates) Y.applyUpdate(doc, u);
  });
  return doc;
}

/** The merged, garbage-collected state of a document: what compaction stores as one row. */
export function compactState(updates: Uint8Array[]): Uint8Array {
  const doc = docFromUpdates(updates);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Drops link marks whose address is not http, https or mailto, and every link attribute but the
 * address (a raw Yjs client may send any: class, target, style, onclick).
 */
function withSafeLinks(node: JSONContent): JSONContent {
  const marks = node.marks
    ?.filter((m) => m.type !== "link" || isAllowedHref(m.attrs?.href))
    .map((m) => (m.type === "link" ? { type: "link", attrs: { href: m.attrs?.href as string } } : m));
  return {
    ...node,
    ...(node.marks ? { marks } : {}),
    ...(node.content ? { content: node.content.map(withSafeLinks) } : {}),
  };
}

export type DerivedDocument = { ok: true; doc: JSONContent } | { ok: false; error: string };

/**
 * The ProseMirror JSON of a Yjs document, for server rendering, search, history and exports:
 * unsafe links dropped, then the same checkDocument as every saved document (schema, size,
 * storable text). A document the schema refuses is reported, never stored.
 */
export function deriveJSON(doc: Y.Doc): DerivedDocument {
  const raw = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(YJS_FIELD)) as JSONContent;
  const json = raw.content?.length ? withSafeLinks(raw) : EMPTY_DOCUMENT;
  const checked = checkDocument(json);
  return checked.ok ? { ok: true, doc: checked.doc } : { ok: false, error: checked.error };
}

/**
 * The update that turns a Yjs document's content into `json` (the same diff the editor's
 * binding makes), for a whole-document save made outside the editor.
 */
export function replaceContentUpdate(doc: Y.Doc, json: JSONContent): Uint8Array {
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
