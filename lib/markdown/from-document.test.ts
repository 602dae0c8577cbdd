import MarkdownIt from "markdown-it";
import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { naughtyStrings, xssPayloads } from "@/test/corpus";
import { documentToMarkdown, markdownText } from "./from-document";

// A real CommonMark parser (with GitHub's tables and strikethrough, and raw HTML on, so an
// injected tag would show) reads what the converter writes back.
const md = new MarkdownIt({ html: true, linkify: false });
const text = (t: string, marks: string[] = []): JSONContent => ({ type: "text", text: t, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
const p = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
const li = (...content: JSONContent[]): JSONContent => ({ type: "listItem", content });

/** The block tokens and the inline children a piece of Markdown parses to. */
function parse(markdown: string) {
  const tokens = md.parse(markdown, {});
  return {
    blocks: tokens.filter((t) => t.type !== "inline").map((t) => t.type),
    inline: tokens.filter((t) => t.type === "inline").flatMap((t) => t.children ?? []),
  };
}

/** What a reader sees of a one-paragraph text: the words, line by line, edges trimmed as Markdown does. */
const normalized = (s: string) =>
  s
    .replaceAll("\u0000", "\ufffd")
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((l) => l.replace(/^[ \t]+|[ \t]+$/g, ""))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");

describe("documentToMarkdown", () => {
  it("writes headings, paragraphs and a horizontal rule", () => {
    const out = documentToMarkdown(
      doc({ type: "heading", attrs: { level: 2 }, content: [text("Goals")] }, p(text("First line.")), { type: "horizontalRule" }, p(text("After."))),
    );
    expect(out).toBe("## Goals\n\nFirst line.\n\n---\n\nAfter.");
    expect(parse(out).blocks).toEqual(["heading_open", "heading_close", "paragraph_open", "paragraph_close", "hr", "paragraph_open", "paragraph_close"]);
  });

  it("writes bold, italic, strike, code and links, nesting marks that span several text nodes", () => {
    const out = documentToMarkdown(
      doc(
        p(
          text("a "),
          text("bold", ["bold"]),
          text(" and "),
          { type: "text", text: "both", marks: [{ type: "bold" }, { type: "italic" }] },
          { type: "text", text: " still bold", marks: [{ type: "bold" }] },
          text(" "),
          text("x < y", ["code"]),
          text(" "),
          { type: "text", text: "the site", marks: [{ type: "link", attrs: { href: "https://example.com/a b?q=<1>" } }] },
          text(" "),
          text("gone", ["strike"]),
        ),
      ),
    );
    expect(out).toBe("a **bold** and ***both* still bold** `x < y` [the site](<https://example.com/a%20b?q=%3C1%3E>) ~~gone~~");
    const html = md.render(out);
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<strong><em>both</em> still bold</strong>");
    expect(html).toContain("<code>x &lt; y</code>");
    expect(html).toContain('<a href="https://example.com/a%20b?q=%3C1%3E">the site</a>');
    expect(html).toContain("<s>gone</s>");
  });

  it("keeps whitespace outside emphasis delimiters so they still open and close", () => {
    const out = documentToMarkdown(doc(p(text("x"), text(" spaced ", ["bold"]), text("y"))));
    expect(out).toBe("x **spaced** y");
  });

  it("drops a link whose address the editor would not allow, keeping its words", () => {
    const out = documentToMarkdown(doc(p({ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] })));
    expect(out).toBe("click");
    expect(md.render(out)).not.toContain("<a");
  });

  it("writes nested bullet, ordered and task lists", () => {
    const out = documentToMarkdown(
      doc(
        {
          type: "bulletList",
          content: [li(p(text("one")), { type: "orderedList", attrs: { start: 3 }, content: [li(p(text("three"))), li(p(text("four")))] }), li(p(text("two")))],
        },
        {
          type: "taskList",
          content: [
            { type: "taskItem", attrs: { checked: true }, content: [p(text("done"))] },
            { type: "taskItem", attrs: { checked: false }, content: [p(text("open"))] },
          ],
        },
      ),
    );
    expect(out).toBe("- one\n\n  3. three\n  4. four\n- two\n\n- [x] done\n- [ ] open");
    const html = md.render(out);
    expect(html).toMatch(/<ul>\s*<li>\s*<p>one<\/p>\s*<ol start="3">\s*<li>three<\/li>\s*<li>four<\/li>\s*<\/ol>\s*<\/li>\s*<li>\s*<p>two<\/p>\s*<\/li>/);
    // GitHub's task list syntax (core CommonMark reads it as the item's text).
    expect(html).toContain("[x] done");
    const tight = documentToMarkdown(doc({ type: "bulletList", content: [li(p(text("a")), { type: "bulletList", content: [li(p(text("b")))] })] }));
    expect(tight).toBe("- a\n  - b");
  });

  it("writes blockquotes, hard breaks and code blocks whose fence outlasts the code's backticks", () => {
    const out = documentToMarkdown(
      doc(
        { type: "blockquote", content: [p(text("quoted"), { type: "hardBreak" }, text("# still quoted")), p(text("second"))] },
        { type: "codeBlock", attrs: { language: "ts<script>" }, content: [text("const a = 1;\n```\n# not a heading")] },
      ),
    );
    expect(out).toBe("> quoted\\\n> \\# still quoted\n>\n> second\n\n````tsscript\nconst a = 1;\n```\n# not a heading\n````");
    const { blocks } = parse(out);
    expect(blocks).toEqual(["blockquote_open", "paragraph_open", "paragraph_close", "paragraph_open", "paragraph_close", "blockquote_close", "fence"]);
    expect(md.parse(out, {}).find((t) => t.type === "fence")?.content).toBe("const a = 1;\n```\n# not a heading\n");
  });

  it("gives an empty string for an empty or missing document", () => {
    expect(documentToMarkdown(doc(p()))).toBe("");
    expect(documentToMarkdown(null)).toBe("");
    expect(documentToMarkdown({ type: "doc" })).toBe("");
  });

  it("renders the text of a node it does not know instead of dropping it", () => {
    expect(documentToMarkdown(doc({ type: "table", content: [{ type: "tableRow", content: [{ type: "tableCell", content: [p(text("cell"))] }] }] }))).toBe(
      "cell",
    );
  });

  const structural = [
    "# heading",
    "## also",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "1) item",
    "> quote",
    "```js",
    "~~~",
    "    indented code",
    "\tindented code",
    "---",
    "***",
    "___",
    "a\n===",
    "a\n---",
    "[link](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "[ref]: https://evil.example",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<https://evil.example>",
    "**bold** _it_ *it* ~~gone~~ `code`",
    "| a | b |\n|---|---|\n| c | d |",
    "&amp; &lt;script&gt; &#x3C;",
    "[^1]: footnote",
    "line\\",
    "trailing #",
    "\\# escaped already",
    "- [ ] task",
  ];

  it.each(structural)("writes %j as one paragraph of the same words, with no structure of its own", (s) => {
    const out = documentToMarkdown(doc(p(text(s))));
    const { blocks, inline } = parse(out);
    expect(blocks, out).toEqual(["paragraph_open", "paragraph_close"]);
    expect(
      inline.filter((t) => !["text", "softbreak", "hardbreak"].includes(t.type)).map((t) => t.type),
      out,
    ).toEqual([]);
    expect(inline.map((t) => (t.type === "text" ? t.content : "\n")).join(""), out).toBe(normalized(s));
  });

  it("keeps every naughty string and XSS vector as plain words: one paragraph, no markup, no HTML, the same text", () => {
    const failures: string[] = [];
    for (const s of [...naughtyStrings(), ...xssPayloads()]) {
      const expected = normalized(s);
      const out = documentToMarkdown(doc(p(text(s))));
      if (!expected) {
        if (out !== "") failures.push(JSON.stringify(s));
        continue;
      }
      const { blocks, inline } = parse(out);
      const words = inline.map((t) => (t.type === "text" ? t.content : "\n")).join("");
      const markup = inline.filter((t) => !["text", "softbreak", "hardbreak"].includes(t.type));
      if (blocks.join() !== "paragraph_open,paragraph_close" || markup.length || words !== expected)
        failures.push(`${JSON.stringify(s)} -> ${JSON.stringify(out)}`);
    }
    expect(failures).toEqual([]);
  });

  it("keeps hostile text inside list items and headings inside them", () => {
    for (const s of ["# x", "- y", "1. z", "<b>bold</b>", "[a](b)"]) {
      const out = documentToMarkdown(doc({ type: "bulletList", content: [li(p(text(s)))] }, { type: "heading", attrs: { level: 1 }, content: [text(s)] }));
      const { blocks, inline } = parse(out);
      expect(blocks, out).toEqual([
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
        "heading_open",
        "heading_close",
      ]);
      expect(inline.filter((t) => t.type !== "text")).toEqual([]);
      expect(inline.map((t) => t.content)).toEqual([s, s]);
    }
  });
});

describe("markdownText", () => {
  it("puts a name or title on one line with its markup escaped", () => {
    expect(markdownText("Ann *the* <b>boss</b>\n# Bob")).toBe("Ann \\*the\\* \\<b\\>boss\\</b\\> # Bob");
    expect(markdownText("1. first")).toBe("1\\. first");
    expect(md.renderInline(markdownText("[x](javascript:alert(1))"))).toBe("[x](javascript:alert(1))");
  });
});
