import { describe, expect, it } from "vitest";
import { COLUMNS, RELATION_OF_COLUMN, readAccessDoc } from "@/test/access-doc";
import { AppError } from "../errors";
import type { Access } from "./table";
import { type Actor, type Need, type SeriesFacts, DATA_KINDS, assertCan, can, seriesRelation } from "./index";

// Every actor of the "who may see what" table x every data kind x read and write, decided by
// lib/policy and compared with what docs/ACCESS.md allows. The expected answers are read from
// that page (by the same reader as table.test.ts), so a data kind without a row there (or a row
// without a kind) fails.

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

// Which column of the table each actor falls in.
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

// What each word of docs/ACCESS.md grants (see "The words in the cells" there).
type Grant = { read: boolean; write: boolean; meta: boolean; onlyAuthor?: boolean; onlyRecipient?: boolean };
const GRANTS: Record<Access, Grant> = {
  write: { read: true, write: true, meta: true },
  read: { read: true, write: false, meta: true },
  none: { read: false, write: false, meta: false },
  meta: { read: false, write: false, meta: true },
  author: { read: true, write: true, meta: true, onlyAuthor: true },
  recipient: { read: true, write: false, meta: true, onlyRecipient: true },
  thresholded: { read: true, write: false, meta: true },
};

const expected = (grant: Grant, need: Need, standing: { isAuthor: boolean; isRecipient: boolean }) => {
  if (grant.onlyAuthor && !standing.isAuthor) return false;
  if (grant.onlyRecipient && !standing.isRecipient) return false;
  return grant[need];
};

describe("the exhaustive policy check against docs/ACCESS.md", () => {
  const doc = readAccessDoc();

  it("knows a data kind for every row of docs/ACCESS.md and a row for every data kind", () => {
    expect(doc.kinds).toEqual([...DATA_KINDS]);
  });

  it("places every actor in the column the product names", () => {
    const relationOf = { manager: "manager", report: "report", "covering manager": "covering", "org admin": "admin", "anyone else": "none" };
    for (const a of ACTORS) expect(seriesRelation(a.actor, a.facts, NOW), a.name).toBe(relationOf[a.column]);
  });

  for (const a of ACTORS) {
    for (const kind of DATA_KINDS) {
      for (const need of ["read", "write", "meta"] as const) {
        it(`${a.name} / ${kind} / ${need}: exactly as docs/ACCESS.md says`, () => {
          const row = doc.access[kind];
          expect(row, `docs/ACCESS.md has no row for ${kind}`).toBeDefined();
          const grant = GRANTS[row[RELATION_OF_COLUMN[a.column]]];
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
            expect(can(kind, relation, need, standing), JSON.stringify(standing)).toBe(want);
            const thrown = (() => {
              try {
                assertCan(kind, relation, need, standing);
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
