import fs from "node:fs";
import path from "node:path";
import { type Access, DATA_KINDS, type DataKind, RELATIONS, type Relation } from "@/lib/policy/table";

// The one reader of "who may see what" tables in Markdown: docs/ACCESS.md (the project's own
// words) and, when present, the product's PRODUCT.md. Both read into the shape of
// lib/policy/table.ts ACCESS, so a test compares tables, never text. Anything it does not
// recognise (a row, a column, a cell word) throws with the offending text.

export type AccessTable = { kinds: DataKind[]; access: Record<DataKind, Record<Relation, Access>> };

/** The column headings, in both documents, in the order of RELATIONS. */
export const COLUMNS = ["manager", "report", "covering manager", "org admin", "anyone else"] as const;
export const RELATION_OF_COLUMN: Record<(typeof COLUMNS)[number], Relation> = {
  manager: "manager",
  report: "report",
  "covering manager": "covering",
  "org admin": "admin",
  "anyone else": "none",
};

export const ACCESS_DOC = path.resolve(import.meta.dirname, "..", "docs", "ACCESS.md");

// Every access value, checked complete by the compiler (Access is a type only).
const ACCESS_VALUES: Record<Access, true> = { write: true, read: true, meta: true, author: true, recipient: true, thresholded: true, none: true };
const isAccess = (s: string): s is Access => Object.hasOwn(ACCESS_VALUES, s);
const isKind = (s: string): s is DataKind => (DATA_KINDS as readonly string[]).includes(s);

/** The cells of the first Markdown table after `heading`: its header and its body rows. */
export function markdownTable(text: string, heading: string): { header: string[]; rows: string[][] } {
  const at = text.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading "${heading}"`);
  const lines = text.slice(at).split("\n");
  const start = lines.findIndex((l) => l.startsWith("|"));
  if (start < 0) throw new Error(`no table under "${heading}"`);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("|"));
  const table = lines.slice(start, end < 0 ? undefined : end);
  const cells = (l: string) =>
    l
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
  if (!/^\|(\s*:?-+:?\s*\|)+$/.test(table[1] ?? "")) throw new Error(`the table under "${heading}" has no separator line`);
  return { header: cells(table[0]), rows: table.slice(2).map(cells) };
}

/** Reads rows whose first cell names a data kind and whose other cells are words of `vocabulary`. */
function accessTable(text: string, heading: string, kindOf: (label: string) => DataKind | undefined, vocabulary: Record<string, Access>): AccessTable {
  const { header, rows } = markdownTable(text, heading);
  if (JSON.stringify(header.slice(1)) !== JSON.stringify(COLUMNS)) throw new Error(`unexpected columns ${JSON.stringify(header)}`);
  const kinds: DataKind[] = [];
  const access = {} as Record<DataKind, Record<Relation, Access>>;
  for (const [label, ...cells] of rows) {
    const kind = kindOf(label);
    if (!kind) throw new Error(`a row for no data kind: "${label}"`);
    if (access[kind]) throw new Error(`two rows for ${kind}`);
    if (cells.length !== COLUMNS.length) throw new Error(`the row of ${kind} has ${cells.length} cells`);
    access[kind] = {} as Record<Relation, Access>;
    COLUMNS.forEach((column, i) => {
      const value = vocabulary[cells[i]];
      if (!value) throw new Error(`an unknown cell "${cells[i]}" (${kind} / ${column})`);
      access[kind][RELATION_OF_COLUMN[column]] = value;
    });
    kinds.push(kind);
  }
  return { kinds, access };
}

/**
 * docs/ACCESS.md: each row starts with the data kind in backticks, and each cell word is
 * defined under "## The words in the cells" as `- **word** (`value`): meaning`.
 */
export function readAccessDoc(text = fs.readFileSync(ACCESS_DOC, "utf8")): AccessTable & { words: Record<string, Access> } {
  const section = text.slice(text.indexOf("\n## The words in the cells\n"));
  const words: Record<string, Access> = {};
  for (const m of section.matchAll(/^- \*\*(.+?)\*\* \(`(\w+)`\):/gm)) {
    if (!isAccess(m[2])) throw new Error(`the word "${m[1]}" stands for an unknown access "${m[2]}"`);
    words[m[1]] = m[2];
  }
  if (!Object.keys(words).length) throw new Error(`no cell words are defined under "## The words in the cells"`);
  const kindOf = (label: string) => {
    const name = /^`(\w+)`:/.exec(label)?.[1];
    return name && isKind(name) ? name : undefined;
  };
  return { ...accessTable(text, "## The table", kindOf, words), words };
}

// PRODUCT.md names rows and cells in its own words; these are all of them.
const PRODUCT_ROWS: Record<string, DataKind> = {
  "series settings, meetings, shared agenda, topics, action items": "seriesContent",
  "manager's private notes": "managerPrivateNotes",
  "report's private notes": "reportPrivateNotes",
  "SMART goals": "goals",
  "approved shared excerpt": "sharedExcerpt",
  "team themes (counts)": "teamThemes",
  "access log of a report": "accessLog",
};
const PRODUCT_CELLS: Record<string, Access> = {
  "read/write": "write",
  read: "read",
  "author only": "author",
  nothing: "none",
  "existence, cadence, last-met date only": "meta",
  "nothing (writes own, separate notes)": "none",
  "only if named recipient": "recipient",
  "own team, thresholded": "thresholded",
  "whole org, thresholded": "thresholded",
};

/** The product's "## Who may see what" table (PRODUCT.md). */
export const readProductTable = (text: string): AccessTable => accessTable(text, "## Who may see what", (label) => PRODUCT_ROWS[label], PRODUCT_CELLS);

/** Sanity for callers: the relations the columns map to are exactly RELATIONS, in order. */
export const RELATIONS_IN_COLUMN_ORDER: readonly Relation[] = COLUMNS.map((c) => RELATION_OF_COLUMN[c]);
if (JSON.stringify(RELATIONS_IN_COLUMN_ORDER) !== JSON.stringify(RELATIONS)) throw new Error("the columns no longer follow RELATIONS");
