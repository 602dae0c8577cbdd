import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { type Actor, type Need, type SeriesFacts, DATA_KINDS, assertPermits, permits, seriesRelation } from "./index";

// Every actor of PRODUCT.md's table x every data kind x read and write, decided by lib/policy and
// compared with what the product's own words in "Who may see what" allow. The expected answers
// are read from PRODUCT.md, so a data kind without a row there (or a row without a kind) fails.

const NOW = new Date("2025-06-10T12:00:00Z");
const person = (id: string, orgRole: Actor["orgRole"] = "member"): Actor => ({ id, orgId: "org", orgRole, name: id, email: `${id}@x.test` });
const FACTS: SeriesFacts = {
  orgId: "org",
  managerId: "manager",
  reportId: "report",
  lineActiveFrom: "2025-01-01",
  lineActiveTo: null,
  coveringManagerId: "cover",
  coveringFrom: "2025-06-01",
  coveringTo: "2025-06-10",
  coveringNamedBy: "manager",
  coveringManagesReports: true,
};
const OUT_OF_RANGE: SeriesFacts = { ...FACTS, coveringFrom: "2025-05-01", coveringTo: "2025-06-09" };

// The table's columns, and which column each actor falls in.
const COLUMNS = ["manager", "report", "covering manager", "org admin", "anyone else"] as const;
const ACTORS: { name: string; actor: Actor | null; facts: SeriesFacts; column: (typeof COLUMNS)[number] }[] = [
  { name: "the manager", actor: person("manager"), facts: FACTS, column: "manager" },
  { name: "the report", actor: person("report"), facts: FACTS, column: "report" },
  { name: "the covering manager in range", actor: person("cover"), facts: FACTS, column: "covering manager" },
  { name: "the covering manager out of range", actor: person("cover"), facts: OUT_OF_RANGE, column: "anyone else" },
  { name: "the org admin", actor: person("admin", "admin"), facts: FACTS, column: "org admin" },
  { name: "another manager", actor: person("manager2"), facts: FACTS, column: "anyone else" },
  { name: "another report", actor: person("report9"), facts: FACTS, column: "anyone else" },
  { name: "a signed-out visitor", actor: null, facts: FACTS, column: "anyone else" },
];

// What each cell of PRODUCT.md grants, in words the product uses; an unknown cell fails the test.
type Grant = { read: boolean; write: boolean; meta: boolean; onlyAuthor?: boolean; onlyRecipient?: boolean };
const CELLS: Record<string, Grant> = {
  "read/write": { read: true, write: true, meta: true },
  read: { read: true, write: false, meta: true },
  nothing: { read: false, write: false, meta: false },
  "nothing (writes own, separate notes)": { read: false, write: false, meta: false },
  "existence, cadence, last-met date only": { read: false, write: false, meta: true },
  "author only": { read: true, write: true, meta: true, onlyAuthor: true },
  "only if named recipient": { read: true, write: false, meta: true, onlyRecipient: true },
  "own team, thresholded": { read: true, write: false, meta: true },
  "whole org, thresholded": { read: true, write: false, meta: true },
};

const ROW_KIND: Record<string, (typeof DATA_KINDS)[number]> = {
  "series settings, meetings, shared agenda, topics, action items": "seriesContent",
  "manager's private notes": "managerPrivateNotes",
  "report's private notes": "reportPrivateNotes",
  "SMART goals": "goals",
  "approved shared excerpt": "sharedExcerpt",
  "team themes (counts)": "teamThemes",
  "access log of a report": "accessLog",
};

function productRows() {
  const text = fs.readFileSync(path.resolve(import.meta.dirname, "../../../shared/PRODUCT.md"), "utf8");
  const lines = text.slice(text.indexOf("## Who may see what")).split("\n").filter((l) => l.startsWith("| "));
  const header = lines[0].split("|").slice(2, -1).map((c) => c.trim());
  expect(header).toEqual([...COLUMNS]);
  return lines.slice(1).map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
}

const expected = (grant: Grant, need: Need, standing: { isAuthor: boolean; isRecipient: boolean }) => {
  if (grant.onlyAuthor && !standing.isAuthor) return false;
  if (grant.onlyRecipient && !standing.isRecipient) return false;
  return grant[need];
};

describe("the exhaustive policy check against PRODUCT.md", () => {
  const rows = productRows();

  it("knows a data kind for every row of PRODUCT.md and a row for every data kind", () => {
    expect(rows.map((r) => ROW_KIND[r[0]])).toEqual([...DATA_KINDS]);
  });

  it("places every actor in the column the product names", () => {
    const relationOf = { manager: "manager", report: "report", "covering manager": "covering", "org admin": "admin", "anyone else": "none" };
    for (const a of ACTORS) expect(seriesRelation(a.actor, a.facts, NOW), a.name).toBe(relationOf[a.column]);
  });

  for (const a of ACTORS) {
    for (const kind of DATA_KINDS) {
      for (const need of ["read", "write", "meta"] as const) {
        it(`${a.name} / ${kind} / ${need}: exactly as PRODUCT.md says`, () => {
          const row = rows.find((r) => ROW_KIND[r[0]] === kind);
          expect(row, `PRODUCT.md has no row for ${kind}`).toBeDefined();
          const cell = row![1 + COLUMNS.indexOf(a.column)];
          const grant = CELLS[cell];
          expect(grant, `unknown cell "${cell}"`).toBeDefined();
          const relation = seriesRelation(a.actor, a.facts, NOW);
          // A signed-out visitor can be neither an author nor a named recipient.
          const standings = a.actor
            ? [
                { isAuthor: false, isRecipient: false },
                { isAuthor: true, isRecipient: false },
                { isAuthor: false, isRecipient: true },
              ]
            : [{ isAuthor: false, isRecipient: false }];
          for (const standing of standings) {
            const want = expected(grant, need, standing);
            expect(permits(kind, relation, need, standing), JSON.stringify(standing)).toBe(want);
            const thrown = (() => {
              try {
                assertPermits(kind, relation, need, standing);
                return null;
              } catch (e) {
                return e;
              }
            })();
            if (want) expect(thrown).toBeNull();
            else expect(thrown).toBeInstanceOf(AppError);
          }
        });
      }
    }
  }
});
