import { getSchema, type JSONContent } from "@tiptap/core";
import { Node as PMNode } from "@tiptap/pm/model";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "../text";
import { editorExtensions, isAllowedHref } from "./extensions";

export const MAX_DOCUMENT_BYTES = 1_000_000;
export const EMPTY_DOCUMENT: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };

/** The editor's schema, the same in the browser, the collaboration server and validation. */
export const schema = getSchema(editorExtensions);

export type DocumentCheck = { ok: true; doc: JSONContent } | { ok: false; error: string };

/**
 * Accepts a document only if it is ProseMirror JSON that the editor's own schema accepts,
 * under the size limit, with links to http, https or mailto only. Returns the normalized JSON
 * (unknown attributes dropped) so that only what the schema knows is ever stored.
 */
export function checkDocument(input: unknown): DocumentCheck {
  let value = input;
  if (typeof input === "string") {
    if (Buffer.byteLength(input, "utf8") > MAX_DOCUMENT_BYTES) return { ok: false, error: "The document is larger than 1 MB." };
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, error: "The document is not valid JSON." };
    }
  } else if (Buffer.byteLength(JSON.stringify(input ?? null), "utf8") > MAX_DOCUMENT_BYTES) {
    return { ok: false, error: "The document is larger than 1 MB." };
  }
  if (!value || typeof value !== "object" || (value as { type?: unknown }).type !== "doc") {
    return { ok: false, error: "The document must be a rich-text document." };
  }
  let node: PMNode;
  try {
    node = PMNode.fromJSON(schema, value);
    node.check();
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown content";
    return { ok: false, error: `The document holds content the editor does not allow (${reason.slice(0, 120)}).` };
  }
  const json = node.toJSON() as JSONContent;
  if (!allStorable(json)) return { ok: false, error: UNSTORABLE_TEXT_MESSAGE };
  let badLink = false;
  node.descendants((child) => {
    for (const mark of child.marks) if (mark.type.name === "link" && !isAllowedHref(mark.attrs.href)) badLink = true;
    return !badLink;
  });
  if (badLink) return { ok: false, error: "Links must start with http://, https:// or mailto:." };
  return { ok: true, doc: json };
}

/** Every string in the document (text and attributes) can be stored as it is. */
function allStorable(value: unknown): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (Array.isArray(value)) return value.every(allStorable);
  if (value && typeof value === "object") return Object.values(value).every(allStorable);
  return true;
}

/** The plain text of a document, for search and previews. */
export function documentText(doc: JSONContent): string {
  try {
    const node = PMNode.fromJSON(schema, doc);
    return node.textBetween(0, node.content.size, "\n", " ");
  } catch {
    return "";
  }
}
