import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCESS, DATA_KINDS, RELATIONS } from "./table";

// The rows of "Who may see what" in PRODUCT.md, by their first cell.
const PRODUCT_ROWS: Record<string, (typeof DATA_KINDS)[number]> = {
  "series settings, meetings, shared agenda, topics, action items": "seriesContent",
  "manager's private notes": "managerPrivateNotes",
  "report's private notes": "reportPrivateNotes",
  "SMART goals": "goals",
  "approved shared excerpt": "sharedExcerpt",
  "team themes (counts)": "teamThemes",
  "access log of a report": "accessLog",
};

const CELL: Record<string, string> = {
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

function productTable() {
  const file = path.resolve(import.meta.dirname, "../../../shared/PRODUCT.md");
  if (!fs.existsSync(file)) throw new Error(`PRODUCT.md not found at ${file}: the policy table is checked against it`);
  const text = fs.readFileSync(file, "utf8");
  const section = text.slice(text.indexOf("## Who may see what"));
  return section
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| data") && !l.startsWith("|---"))
    .map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
}

describe("the policy table", () => {
  it("has a row for every data kind in PRODUCT.md and no other", () => {
    const rows = productTable();
    expect(rows.map((r) => PRODUCT_ROWS[r[0]])).toEqual([...DATA_KINDS]);
  });

  it("matches PRODUCT.md cell by cell for manager, report, covering manager, org admin and anyone else", () => {
    for (const [label, ...cells] of productTable()) {
      const kind = PRODUCT_ROWS[label];
      RELATIONS.forEach((relation, i) => {
        expect(CELL[cells[i]], `unknown cell "${cells[i]}"`).toBeDefined();
        expect(ACCESS[kind][relation], `${kind} / ${relation}`).toBe(CELL[cells[i]]);
      });
    }
  });
});
