import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { readAccessDoc, readProductTable } from "@/test/access-doc";
import { sharedFile } from "@/test/shared";
import { ACCESS, DATA_KINDS, RELATIONS } from "./table";

// docs/ACCESS.md is the project's own statement of who may see what; the table in code must say
// the same, cell by cell, so the page can never drift from what the checks enforce.
describe("the policy table", () => {
  const doc = readAccessDoc();

  it("has a row in docs/ACCESS.md for every data kind, in the code's order, and no other", () => {
    expect(doc.kinds).toEqual([...DATA_KINDS]);
  });

  it("matches docs/ACCESS.md cell by cell for manager, report, covering manager, org admin and anyone else", () => {
    for (const kind of DATA_KINDS) {
      for (const relation of RELATIONS) expect(doc.access[kind][relation], `${kind} / ${relation}`).toBe(ACCESS[kind][relation]);
    }
    expect(doc.access).toEqual(ACCESS);
  });

  it("defines every cell word of docs/ACCESS.md once, one word for each kind of access", () => {
    const values = Object.values(doc.words);
    expect(new Set(values).size).toBe(values.length);
    expect(new Set(values)).toEqual(new Set(Object.values(ACCESS).flatMap((row) => Object.values(row))));
  });

  it("refuses a document it cannot read instead of comparing nothing", () => {
    const text = fs.readFileSync(new URL("../../docs/ACCESS.md", import.meta.url), "utf8");
    expect(() => readAccessDoc(text.replace("| read only | read only | nothing |", "| read only | maybe | nothing |"))).toThrow(/unknown cell "maybe"/);
    expect(() => readAccessDoc(text.replace("`goals`:", "`targets`:"))).toThrow(/a row for no data kind/);
    expect(() => readAccessDoc(text.replace("| anyone else |\n|---", "| someone |\n|---"))).toThrow(/unexpected columns/);
  });

  // The product's own copy of the table, on machines that have it beside the project.
  const product = sharedFile("PRODUCT.md");
  it.runIf(product)("says the same as the product's table in ../shared/PRODUCT.md (only where that file exists)", () => {
    const table = readProductTable(fs.readFileSync(product!, "utf8"));
    expect(table.kinds).toEqual([...DATA_KINDS]);
    expect(table.access).toEqual(ACCESS);
  });
});
