import type { JSONContent } from "@tiptap/core";
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
  return checkDerived(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(YJS_FIELD)) as JSONContent);
}

/** The checks of deriveJSON, on JSON read from the Yjs document elsewhere (./compact.ts). */
export function checkDerived(raw: JSONContent): DerivedDocument {
  const json = raw.content?.length ? withSafeLinks(raw) : EMPTY_DOCUMENT;
  const checked = checkDocument(json);
  return checked.ok ? { ok: true, doc: checked.doc } : { ok: false, error: checked.error };
}

/** A document's content followed by another's: what "add a template to this agenda" makes of it. */
export function appendedJSON(current: JSONContent, added: JSONContent): JSONContent {
  const content = current.content ?? [];
  // A blank agenda (one empty paragraph) is replaced rather than kept above the template.
  const blank = content.length === 0 || (content.length === 1 && content[0].type === "paragraph" && !content[0].content?.length);
  return { type: "doc", content: [...(blank ? [] : content), ...(added.content ?? [])] };
}

/**
 * Appends `added` (checked ProseMirror JSON) to a live Yjs document in one transaction, as the
 * editor would: the existing content stays as it is (the diff only inserts), so people typing
 * meanwhile keep their text. Returns the resulting JSON, or the refusal of checkDocument.
 */
export function appendToDocument(doc: Y.Doc, added: JSONContent): DerivedDocument {
  const fragment = doc.getXmlFragment(YJS_FIELD);
  const checked = checkDocument(JSON.stringify(appendedJSON(yXmlFragmentToProsemirrorJSON(fragment) as JSONContent, added)));
  if (!checked.ok) return checked;
  doc.transact(() => updateYFragment(doc, fragment, schema.nodeFromJSON(checked.doc), { mapping: new Map(), isOMark: new Map() }));
  return checked;
}
