// Rule kept here: text is data, never structure. Every character that Markdown (CommonMark and
// GitHub's extensions) could read as markup is backslash-escaped, and every line that starts with
// text has its block markers (#, -, +, =, "1.") escaped, so a hostile string in a note or agenda
// renders as the same words, never as a heading, list, link, HTML or table of its own.
import type { JSONContent } from "@tiptap/core";
import { isAllowedHref } from "@/lib/editor/extensions";

/** Marks in the order they nest (outermost first); `code` is a leaf and handled apart. */
const MARK_ORDER = ["link", "bold", "italic", "strike"] as const;
type WrapMark = (typeof MARK_ORDER)[number];

const INLINE_SPECIALS = /[\\`*_[\]<>~|&]/g;

/** Escapes what Markdown reads as inline markup anywhere in a line (one line of text, no line breaks). */
function escapeInline(text: string): string {
  return text.replace(INLINE_SPECIALS, (c) => `\\${c}`);
}

/**
 * Escapes the block markers a line could start with. Applied to every rendered line before any
 * container prefix is added, so it reads the line as the reader's parser will: generated markup
 * never starts with these characters, text may.
 */
function escapeLineStart(line: string): string {
  const trimmed = line.replace(/^[ \t]+/, "");
  if (/^[#\-+=]/.test(trimmed)) return `\\${trimmed}`;
  return trimmed.replace(/^(\d{1,9})([.)])/, "$1\\$2");
}

/** A plain string (a name, a title, a topic) as escaped inline Markdown on one line. */
export function markdownText(text: string): string {
  return escapeLineStart(escapeInline(text.replace(/[\r\n\u2028\u2029]+/g, " ")));
}

function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  // A run of two or more backticks would need a fence that could open a code block at a line's start.
  if (/``/.test(flat)) return flat.split(/\r?\n/).map(escapeInline).join(" ");
  if (!flat.includes("`")) return `\`${flat}\``;
  return `\`\` ${flat} \`\``;
}

function linkTarget(href: string): string {
  return href.replace(/[<>\\\s]/g, (c) => encodeURIComponent(c));
}

type Mark = NonNullable<JSONContent["marks"]>[number];

function hasMark(node: JSONContent, mark: WrapMark): Mark | undefined {
  return node.marks?.find((m) => m.type === mark);
}

function sameMark(a: JSONContent, b: JSONContent, mark: WrapMark): boolean {
  const x = hasMark(a, mark);
  const y = hasMark(b, mark);
  if (!x || !y) return false;
  return mark !== "link" || x.attrs?.href === y.attrs?.href;
}

function wrap(inner: string, mark: WrapMark, node: JSONContent): string {
  // Delimiters next to whitespace do not open or close emphasis: keep the spaces outside.
  const [, lead, core, trail] = inner.match(/^(\s*)([\s\S]*?)(\s*)$/)!;
  if (!core) return inner;
  if (mark === "link") {
    const href = hasMark(node, "link")?.attrs?.href;
    return isAllowedHref(href) ? `${lead}[${core}](<${linkTarget(href as string)}>)${trail}` : inner;
  }
  const delimiter = mark === "bold" ? "**" : mark === "italic" ? "*" : "~~";
  return `${lead}${delimiter}${core}${delimiter}${trail}`;
}

/** Inline content as Markdown; a line break inside is "\\\n" (or a space where lines cannot break). */
function renderInline(nodes: JSONContent[], marks: readonly WrapMark[], breaks: boolean): string {
  let out = "";
  for (let i = 0; i < nodes.length;) {
    const node = nodes[i];
    const mark = marks.find((m) => hasMark(node, m));
    if (!mark) {
      out += leaf(node, breaks);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < nodes.length && sameMark(nodes[i], nodes[j], mark)) j++;
    out += wrap(
      renderInline(
        nodes.slice(i, j),
        marks.filter((m) => m !== mark),
        breaks,
      ),
      mark,
      node,
    );
    i = j;
  }
  return out;
}

function leaf(node: JSONContent, breaks: boolean): string {
  const lineBreak = breaks ? "\\\n" : " ";
  if (node.type === "hardBreak") return lineBreak;
  if (node.type !== "text") return node.content ? renderInline(node.content, MARK_ORDER, breaks) : "";
  const text = node.text ?? "";
  if (node.marks?.some((m) => m.type === "code")) return codeSpan(text);
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map(escapeInline)
    .join(lineBreak);
}

/** A block's inline content as finished lines: each line's start escaped, trailing spaces dropped. */
function inlineLines(node: JSONContent, breaks = true): string[] {
  const text = renderInline(node.content ?? [], MARK_ORDER, breaks);
  const lines = text.split("\n").map((line) => escapeLineStart(line).replace(/[ \t]+$/, ""));
  // A break at a block's edge is no break: a lone "\" would show as a backslash (text's own are doubled).
  const breakOnly = (line: string) => line === "" || line === "\\";
  while (lines.length > 1 && breakOnly(lines[0])) lines.shift();
  while (lines.length > 1 && breakOnly(lines[lines.length - 1])) lines.pop();
  const last = lines.length - 1;
  if ((lines[last].match(/\\+$/)?.[0].length ?? 0) % 2 === 1) lines[last] = lines[last].slice(0, -1).replace(/[ \t]+$/, "");
  return lines;
}

const indent = (lines: string[], first: string, rest: string) => lines.map((l, i) => (i === 0 ? (first + l).trimEnd() : l ? rest + l : ""));

function listItemLines(item: JSONContent, marker: string): string[] {
  const blocks = item.content ?? [];
  const pad = " ".repeat(marker.length);
  const lines: string[] = [];
  blocks.forEach((block, i) => {
    if (i > 0) {
      // Only a list starting at 1 may interrupt a paragraph; anything else needs a blank line.
      const nested = block.type === "bulletList" || block.type === "taskList" || (block.type === "orderedList" && (block.attrs?.start ?? 1) === 1);
      if (!nested) lines.push("");
    }
    lines.push(...blockLines(block));
  });
  if (lines.length === 0) return [marker.trimEnd()];
  return indent(lines, marker, pad);
}

function blockLines(node: JSONContent): string[] {
  switch (node.type) {
    case "paragraph":
      return inlineLines(node);
    case "heading": {
      const level = Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 6);
      const text = inlineLines(node, false)
        .join(" ")
        .replace(/(?<!\\)(#+)$/, "\\$1");
      return text ? [`${"#".repeat(level)} ${text}`] : [];
    }
    case "bulletList":
      return (node.content ?? []).flatMap((item) => listItemLines(item, "- "));
    case "orderedList": {
      const start = Math.min(Math.max(0, Math.floor(Number(node.attrs?.start ?? 1)) || 0), 99_999_999);
      return (node.content ?? []).flatMap((item, i) => listItemLines(item, `${start + i}. `));
    }
    case "taskList":
      return (node.content ?? []).flatMap((item) => listItemLines(item, item.attrs?.checked ? "- [x] " : "- [ ] "));
    case "listItem":
    case "taskItem":
      return listItemLines(node, "- ");
    case "blockquote":
      return blocksLines(node.content ?? []).map((l) => (l ? `> ${l}` : ">"));
    case "codeBlock": {
      const code = (node.content ?? []).map((c) => c.text ?? "").join("");
      const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length));
      const fence = "`".repeat(Math.max(3, longest + 1));
      const language = String(node.attrs?.language ?? "").replace(/[^\w+#.-]/g, "");
      return [`${fence}${language}`, ...code.split(/\r\n|\r|\n/), fence];
    }
    case "horizontalRule":
      return ["---"];
    case "text":
    case "hardBreak":
      return inlineLines({ type: "paragraph", content: [node] });
    default:
      // A node this converter does not know: its blocks, or its inline content, as text.
      if (node.content?.some((c) => c.type === "text" || c.type === "hardBreak")) return inlineLines(node);
      return blocksLines(node.content ?? []);
  }
}

function blocksLines(blocks: JSONContent[]): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    const lines = blockLines(block);
    if (lines.length === 0 || lines.every((l) => l === "")) continue;
    if (out.length) out.push("");
    out.push(...lines);
  }
  return out;
}

/** A TipTap (ProseMirror JSON) document as CommonMark; empty documents give "". */
export function documentToMarkdown(doc: JSONContent | null | undefined): string {
  if (!doc || typeof doc !== "object") return "";
  const lines = doc.type === "doc" ? blocksLines(doc.content ?? []) : blockLines(doc);
  return lines.join("\n").replace(/^\n+|\n+$/g, "");
}
