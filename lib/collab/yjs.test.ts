import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { schema } from "@/lib/editor/document";
import { deriveJSON } from "./yjs";
import { YJS_FIELD } from "./names";

/** A Yjs document as a raw client could write it: one paragraph whose text carries a link mark with these attributes. */
function rawLinkDoc(link: Record<string, unknown>) {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment(YJS_FIELD).push([paragraph]);
  text.insert(0, "sign in again", { link });
  return doc;
}
const STYLED = {
  href: "https://evil.example/login",
  class: "fixed inset-0 min-h-screen w-full",
  target: "_self",
  style: "position:fixed",
  rel: "opener",
  onclick: "alert(1)",
};

describe("link marks written over the socket", () => {
  it("keep only their address in the JSON derived for pages, search and exports", () => {
    const derived = deriveJSON(rawLinkDoc(STYLED));
    expect(derived.ok && derived.doc.content?.[0].content?.[0].marks).toEqual([{ type: "link", attrs: { href: STYLED.href } }]);
  });

  it("keep only their address when another person's editor loads the document", () => {
    const node = yXmlFragmentToProseMirrorRootNode(rawLinkDoc(STYLED).getXmlFragment(YJS_FIELD), schema);
    expect(node.toJSON().content[0].content[0].marks).toEqual([{ type: "link", attrs: { href: STYLED.href } }]);
  });

  it("are dropped when their address is javascript:", () => {
    const derived = deriveJSON(rawLinkDoc({ ...STYLED, href: "javascript:alert(1)" }));
    expect(derived.ok && derived.doc.content?.[0].content?.[0]).toEqual({ type: "text", text: "sign in again" });
  });
});
