import { describe, expect, it } from "vitest";
import { checkDocument, documentText, MAX_DOCUMENT_BYTES, schema } from "./document";

const withLink = (href: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href } }] }] }],
});
const refusal = (input: unknown) => {
  const result = checkDocument(input);
  expect(result.ok).toBe(false);
  return result.ok ? "" : result.error;
};

describe("checkDocument", () => {
  it("accepts a document given as JSON text or as an object, with the same normalized result", () => {
    const doc = { type: "doc", content: [{ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Hi" }] }] };
    const fromText = checkDocument(JSON.stringify(doc));
    const fromObject = checkDocument(doc);
    expect(fromText).toEqual(fromObject);
    expect(fromText.ok && fromText.doc.content?.[0]).toMatchObject({ type: "heading", attrs: { level: 2 } });
  });

  it("drops attributes that the schema does not know", () => {
    const result = checkDocument({ type: "doc", content: [{ type: "paragraph", attrs: { onclick: "alert(1)" }, content: [{ type: "text", text: "x" }] }] });
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result.ok && result.doc)).not.toContain("onclick");
  });

  it("keeps task lists, bold text and http, https and mailto links", () => {
    for (const href of ["http://example.com", "https://example.com/a?b=c", "mailto:someone@example.com"]) {
      const result = checkDocument(withLink(href));
      expect(result.ok && result.doc.content?.[0].content?.[0].marks?.[0].attrs?.href).toBe(href);
    }
    const tasks = {
      type: "doc",
      content: [
        {
          type: "taskList",
          content: [
            {
              type: "taskItem",
              attrs: { checked: true },
              content: [{ type: "paragraph", content: [{ type: "text", text: "done", marks: [{ type: "bold" }] }] }],
            },
          ],
        },
      ],
    };
    expect(checkDocument(tasks).ok).toBe(true);
  });

  it("refuses a javascript: link, in any letter case, and other non-web schemes", () => {
    expect(refusal(withLink("javascript:alert(1)"))).toMatch(/http/);
    expect(refusal(withLink("JavaScript:alert(1)"))).toMatch(/http/);
    expect(refusal(withLink("data:text/html,<script>alert(1)</script>"))).toMatch(/http/);
    expect(refusal(withLink("/relative/path"))).toMatch(/http/);
  });

  it("keeps only the address of a link: class, target, style, rel, title and onclick are dropped", () => {
    const styled = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            {
              type: "text",
              text: "sign in again",
              marks: [
                {
                  type: "link",
                  attrs: {
                    href: "https://evil.example/login",
                    class: "fixed inset-0 min-h-screen w-full",
                    target: "_self",
                    style: "position:fixed",
                    rel: "opener",
                    title: "x",
                    onclick: "alert(1)",
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const result = checkDocument(styled);
    expect(result.ok && result.doc.content?.[0].content?.[0].marks).toEqual([{ type: "link", attrs: { href: "https://evil.example/login" } }]);
    const hostile = {
      ...styled,
      content: [
        { ...styled.content[0], content: [{ ...styled.content[0].content[0], marks: [{ type: "link", attrs: { href: "javascript:alert(1)", class: "x" } }] }] },
      ],
    };
    expect(refusal(hostile)).toMatch(/Links must start/);
  });

  it("reads only the address from a pasted or parsed <a>, whatever else it carries", () => {
    expect(Object.keys(schema.marks.link.spec.attrs ?? {})).toEqual(["href"]);
    const attributes: Record<string, string> = {
      href: "https://example.com/",
      class: "fixed min-h-screen w-full",
      style: "position:fixed",
      target: "_top",
      rel: "opener",
      onclick: "alert(1)",
    };
    const anchor = { getAttribute: (name: string) => attributes[name] ?? null, hasAttribute: (name: string) => name in attributes } as unknown as HTMLElement &
      string;
    const rule = schema.marks.link.spec.parseDOM?.find((r) => "tag" in r && r.tag === "a[href]");
    expect(rule && "getAttrs" in rule && rule.getAttrs?.(anchor)).toEqual({ href: "https://example.com/" });
    const javascript = { getAttribute: (name: string) => (name === "href" ? "javascript:alert(1)" : null) } as unknown as HTMLElement & string;
    expect(rule && "getAttrs" in rule && rule.getAttrs?.(javascript)).toBe(false);
  });

  it("refuses a link hidden deep inside a list", () => {
    const deep = { type: "doc", content: [{ type: "bulletList", content: [{ type: "listItem", content: withLink("javascript:void(0)").content }] }] };
    expect(refusal(deep)).toMatch(/Links must start/);
  });

  it("refuses a node type that the editor does not know", () => {
    expect(refusal({ type: "doc", content: [{ type: "iframe", attrs: { src: "https://evil.test" } }] })).toMatch(/does not allow/);
  });

  it("refuses a mark type that the editor does not know", () => {
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "fontColor" }] }] }] };
    expect(refusal(doc)).toMatch(/does not allow/);
  });

  it("refuses content in a place the schema forbids", () => {
    expect(refusal({ type: "doc", content: [{ type: "text", text: "bare text at the top level" }] })).toMatch(/does not allow/);
  });

  it("refuses malformed JSON text", () => {
    expect(refusal('{"type":"doc",')).toBe("The document is not valid JSON.");
  });

  it("refuses anything that is not a document", () => {
    for (const value of [null, 42, "[]", '"doc"', { type: "paragraph" }]) expect(refusal(value)).toMatch(/rich-text document/);
  });

  it("refuses a document larger than 1 MB, as text or as an object", () => {
    const big = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x".repeat(MAX_DOCUMENT_BYTES) }] }] };
    expect(refusal(JSON.stringify(big))).toBe("The document is larger than 1 MB.");
    expect(refusal(big)).toBe("The document is larger than 1 MB.");
  });

  it("counts the size in UTF-8 bytes, not characters", () => {
    const text = "€".repeat(Math.ceil(MAX_DOCUMENT_BYTES / 3) + 10);
    expect(text.length).toBeLessThan(MAX_DOCUMENT_BYTES);
    expect(refusal(JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] }))).toMatch(/1 MB/);
  });
});

describe("documentText", () => {
  it("gives the plain text of a document and an empty string for a broken one", () => {
    const doc = {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "one" }] },
        { type: "paragraph", content: [{ type: "text", text: "two" }] },
      ],
    };
    expect(documentText(doc)).toBe("one\ntwo");
    expect(documentText({ type: "nonsense" })).toBe("");
  });
});
