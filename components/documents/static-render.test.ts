import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { getSchema, type JSONContent } from "@tiptap/core";
import { renderToReactElement } from "@tiptap/static-renderer/pm/react";
import { describe, expect, it } from "vitest";
import { editorExtensions } from "@/lib/editor/extensions";
import { renderDocument } from "./static-render";

const text = (t: string, marks: JSONContent["marks"] = []) => ({ type: "text", text: t, ...(marks.length ? { marks } : {}) });
const para = (...content: JSONContent[]) => ({ type: "paragraph", content });
/** Every node and mark the editor has, nested the way an agenda nests them. */
const everything: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [text("Our first one-on-one")] },
    { type: "heading", attrs: { level: 3 }, content: [text("Format")] },
    para(
      text("bold", [{ type: "bold" }]),
      text(" italic", [{ type: "italic" }]),
      text(" struck", [{ type: "strike" }]),
      text(" under", [{ type: "underline" }]),
      text(" code", [{ type: "code" }]),
      { type: "hardBreak" },
      text("a link", [{ type: "link", attrs: { href: "https://example.test/?a=1&b=<2>" } }]),
    ),
    {
      type: "bulletList",
      content: [{ type: "listItem", content: [para(text("one")), { type: "orderedList", content: [{ type: "listItem", content: [para(text("nested"))] }] }] }],
    },
    { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [para(text("three"))] }] },
    {
      type: "taskList",
      content: [
        { type: "taskItem", attrs: { checked: true }, content: [para(text("done"))] },
        { type: "taskItem", attrs: { checked: false }, content: [para()] },
      ],
    },
    { type: "blockquote", content: [para(text("quoted"))] },
    { type: "codeBlock", content: [text("const a = '<b>';")] },
    { type: "horizontalRule" },
    para(),
  ],
};

describe("the cached read-only renderer", () => {
  it("uses every node and mark of the editor's schema in the document below", () => {
    const schema = getSchema(editorExtensions);
    const used = new Set<string>();
    const walk = (n: JSONContent) => {
      used.add(n.type!);
      n.marks?.forEach((m) => used.add(m.type));
      n.content?.forEach(walk);
    };
    walk(everything);
    expect([...Object.keys(schema.nodes), ...Object.keys(schema.marks)].filter((name) => !used.has(name))).toEqual([]);
  });

  it("renders exactly the markup of TipTap's own renderToReactElement, call after call", () => {
    const library = renderToStaticMarkup(createElement(Fragment, {}, renderToReactElement({ content: everything, extensions: editorExtensions })));
    expect(library).toContain("<h2");
    expect(renderToStaticMarkup(createElement(Fragment, {}, renderDocument(everything)))).toBe(library);
    // Built once, used again: a second document and the first again come out the same.
    const other = { type: "doc", content: [para(text("second"))] };
    expect(renderToStaticMarkup(createElement(Fragment, {}, renderDocument(other)))).toBe(
      renderToStaticMarkup(createElement(Fragment, {}, renderToReactElement({ content: other, extensions: editorExtensions }))),
    );
    expect(renderToStaticMarkup(createElement(Fragment, {}, renderDocument(everything)))).toBe(library);
  });

  it("refuses a document with a type the schema does not have, as the library does", () => {
    const foreign = { type: "doc", content: [{ type: "iframe" }] };
    expect(() => renderToReactElement({ content: foreign, extensions: editorExtensions })).toThrow();
    expect(() => renderDocument(foreign)).toThrow();
  });
});
