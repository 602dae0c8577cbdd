/**
 * Rule: nothing that arrives over the socket is stored or acknowledged before it was decoded
 * and applied completely to a scratch copy of the document, and the result is a document the
 * editor can open: within the schema, no deeper than MAX_DEPTH, no larger than MAX_STATE_BYTES.
 * (House style 14.) A refusal names its reason; the server tells the client and stores nothing.
 */
import * as Y from "yjs";
import { MAX_DEPTH, MAX_STATE_BYTES, MAX_STRUCTS, MAX_UPDATE_BYTES } from "./limits";
import { YJS_FIELD } from "./names";
import { deriveJSON } from "./yjs";

export type RefusalReason = "update-malformed" | "update-too-large" | "document-too-large" | "document-too-complex" | "document-too-deep" | "document-invalid";
export type Validation = { ok: true; changes: boolean } | { ok: false; reason: RefusalReason; detail: string };

const refuse = (reason: RefusalReason, detail: string): Validation => ({ ok: false, reason, detail });

/**
 * The deepest element nesting of a document, walked without recursion (a raw client can nest
 * thousands of levels; recursive code would overflow the stack), or Infinity when it holds
 * anything the editor never writes: a root other than the editor's, a shared type inside an
 * attribute, an embed in text.
 */
export function documentDepth(doc: Y.Doc, stopAt = MAX_DEPTH): number {
  for (const key of doc.share.keys()) if (key !== YJS_FIELD) return Infinity;
  const stack: Array<[Y.XmlFragment | Y.XmlElement, number]> = [[doc.getXmlFragment(YJS_FIELD), 0]];
  let deepest = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > stopAt) return deepest;
    if (node instanceof Y.XmlElement) {
      for (const value of Object.values(node.getAttributes())) if (value instanceof Y.AbstractType) return Infinity;
    }
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) stack.push([child, depth + 1]);
      else if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert !== "string") return Infinity;
      } else return Infinity;
    }
  }
  return deepest;
}

/** How many structs (items, deleted ranges) a document holds: what loading it costs. */
export function structCount(doc: Y.Doc): number {
  let count = 0;
  for (const structs of doc.store.clients.values()) count += structs.length;
  return count;
}

/** A new Y.Doc with exactly the state of `doc`. */
function cloneOf(state: Uint8Array): Y.Doc {
  const scratch = new Y.Doc({ gc: true });
  Y.applyUpdate(scratch, state);
  return scratch;
}

/**
 * Whether `update` may join `doc`: decoded strictly (both Yjs decoders: the one that applies
 * and the one that merges stored rows on load), applied to a clone, with nothing left pending,
 * and the result within the schema and the limits. `doc` itself is never touched.
 */
export function validateUpdate(doc: Y.Doc, update: Uint8Array): Validation {
  if (update.byteLength > MAX_UPDATE_BYTES) return refuse("update-too-large", `${update.byteLength} bytes`);
  const before = Y.encodeStateAsUpdate(doc);
  let scratch: Y.Doc | null = null;
  try {
    Y.mergeUpdates([update]);
    scratch = cloneOf(before);
    const structsBefore = structCount(scratch);
    let changed = false;
    scratch.on("update", () => (changed = true));
    Y.applyUpdate(scratch, update);
    // An update may arrive before the changes it builds on (a client that typed while
    // reconnecting sends its new edits before its answer to the server's sync step): Yjs keeps
    // it pending until they come. It decoded cleanly, and pending bytes count towards the state
    // size below (encodeStateAsUpdate includes them), so it is kept, not refused.
    const pending = !!(scratch.store.pendingStructs || scratch.store.pendingDs);
    if (!changed && !pending) return { ok: true, changes: false };
    const after = Y.encodeStateAsUpdate(scratch);
    if (after.byteLength > MAX_STATE_BYTES && after.byteLength > before.byteLength) return refuse("document-too-large", `${after.byteLength} bytes`);
    const depth = documentDepth(scratch);
    if (depth > MAX_DEPTH) return refuse("document-too-deep", depth === Infinity ? "content the editor does not write" : `more than ${MAX_DEPTH} levels`);
    const structs = structCount(scratch);
    if (structs > MAX_STRUCTS && structs > structsBefore) return refuse("document-too-complex", `${structs} structs`);
    const derived = deriveJSON(scratch);
    if (!derived.ok) {
      // A document already outside the schema (older data) may still be mended, not made worse.
      const current = cloneOf(before);
      const wasValid = deriveJSON(current).ok;
      current.destroy();
      if (wasValid) return refuse("document-invalid", derived.error);
    }
    return { ok: true, changes: true };
  } catch (error) {
    return refuse("update-malformed", error instanceof Error ? error.message.slice(0, 120) : "undecodable");
  } finally {
    scratch?.destroy();
  }
}
