import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { naughtyStrings } from "@/test/corpus";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, parsePeopleCsv, type ImportRow } from "./people-import";

const HEADER = "email,name,manager_email,role";
const csv = (...lines: string[]) => [HEADER, ...lines].join("\n");

function rowsOf(text: string): ImportRow[] {
  const parsed = parsePeopleCsv(text);
  if (!parsed.ok) throw new Error(`expected rows, got: ${parsed.error}`);
  return parsed.rows;
}
function errorOf(text: string): string {
  const parsed = parsePeopleCsv(text);
  if (parsed.ok) throw new Error("expected the file to be refused");
  return parsed.error;
}

describe("reading the people import's CSV", () => {
  it("reads each data line into an address, a name, a manager and a role, with its line number", () => {
    expect(rowsOf(csv("Ada@Example.test, Ada Lovelace ,,admin", "bob@example.test,Bob,ada@example.test,"))).toEqual([
      { line: 2, email: "ada@example.test", name: "Ada Lovelace", managerEmail: null, role: "admin", errors: [] },
      { line: 3, email: "bob@example.test", name: "Bob", managerEmail: "ada@example.test", role: null, errors: [] },
    ]);
  });

  it("reads the sample file of docs/IMPORT.md without an error", () => {
    const rows = rowsOf(fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/people-import-sample.csv"), "utf8"));
    expect(rows.map((r) => [r.email, r.name, r.managerEmail, r.role, r.errors])).toEqual([
      ["grace@example.com", "Grace Whitfield", null, "admin", []],
      ["priya@example.com", "Priya Raman", "grace@example.com", "member", []],
      ["sam.lee@example.com", "Sam Lee", "priya@example.com", null, []],
      ["chris@example.com", 'Lee, Chris "CJ"', "priya@example.com", "member", []],
    ]);
  });

  it("accepts a byte order mark, CRLF line ends, quoted fields and blank lines", () => {
    const text = '\uFEFFemail,name,manager_email,role\r\n"c@example.test","Lee, Chris ""CJ""",,member\r\n\r\nd@example.test,Dee,c@example.test,MEMBER\r\n';
    const rows = rowsOf(text);
    expect(rows.map((r) => [r.line, r.email, r.name, r.managerEmail, r.role, r.errors])).toEqual([
      [2, "c@example.test", 'Lee, Chris "CJ"', null, "member", []],
      [4, "d@example.test", "Dee", "c@example.test", "member", []],
    ]);
  });

  it("accepts the columns in any order, spelled as spreadsheets do, and a semicolon as separator", () => {
    expect(rowsOf("Name;E-mail;Manager's Email\nEve;eve@example.test;")[0]).toMatchObject({
      email: "eve@example.test",
      name: "Eve",
      managerEmail: null,
      role: null,
    });
    expect(rowsOf("Role,Manager Email,Full Name,Email\nmember,,Fay,fay@example.test")[0]).toMatchObject({
      email: "fay@example.test",
      name: "Fay",
      role: "member",
    });
  });

  it("marks a bad email address, a bad manager's address and an unknown role on their row", () => {
    const [bad, badManager, badRole] = rowsOf(csv("not-an-email,Gus,,", "gus@example.test,Gus,boss at example,", "hal@example.test,Hal,,superuser"));
    expect(bad.errors).toEqual(["Email: Enter a valid email address."]);
    expect(badManager.errors).toEqual(["Manager's email: Enter a valid email address."]);
    expect(badRole.errors).toEqual(['Role: "superuser" is not a role; use admin or member (or leave it empty).']);
  });

  it("marks a person who manages themselves", () => {
    expect(rowsOf(csv("ivy@example.test,Ivy,IVY@example.test,"))[0].errors).toEqual(["A person cannot be their own manager."]);
  });

  it("marks every line of an address that appears twice, whatever its letter case, naming the other line", () => {
    const rows = rowsOf(csv("jo@example.test,Jo,,", "kim@example.test,Kim,,", "JO@example.test,Jo,,"));
    expect(rows[0].errors).toEqual(["This email address is also on line 4: each person once."]);
    expect(rows[1].errors).toEqual([]);
    expect(rows[2].errors).toEqual(["This email address is also on line 2: each person once."]);
  });

  it("marks a missing name and a line with more fields than columns", () => {
    const [noName, extra] = rowsOf(csv("lu@example.test,,,", "mo@example.test,Mo,,member,surplus"));
    expect(noName.errors).toEqual(["Name: Enter a name."]);
    expect(extra.errors).toEqual(["This line has 5 fields; the first line names 4 columns."]);
  });

  it("refuses, as a whole, a file that is empty, has only a header, lacks a column or names an unknown one", () => {
    expect(errorOf("")).toMatch(/^The file is empty/);
    expect(errorOf("\uFEFF\r\n")).toMatch(/^The file is empty/);
    expect(errorOf(HEADER)).toBe("The file holds the column names but nobody to import.");
    expect(errorOf("email,role\na@example.test,member")).toMatch(/It lacks name\.$/);
    expect(errorOf("email,name,department\na@example.test,A,Sales")).toMatch(/"department", which is not among them/);
    expect(errorOf("email,name,email\na@example.test,A,b@example.test")).toBe("The first line names the column email twice.");
  });

  it("refuses an unreadable file (an unclosed quotation mark) with a message, not an exception", () => {
    expect(errorOf(csv('"a@example.test,A,,', "b@example.test,B,,"))).toMatch(/^This is not a readable CSV file.*quotation marks/);
  });

  it("refuses a file over the size limit before reading a row", () => {
    const big = csv(...Array.from({ length: 4_000 }, (_, i) => `person${i}@example.test,${"N".repeat(100)},,member`));
    expect(new TextEncoder().encode(big).length).toBeGreaterThan(IMPORT_MAX_BYTES);
    expect(errorOf(big)).toMatch(/^This file is \d+ KB; an import takes up to 5,000 people and 512 KB per file\. Split the file/);
  });

  it("refuses 50,000 rows as a whole, with the limits in the message, quickly", () => {
    // Even the shortest rows make 50,000 people larger than the size limit, which speaks first.
    const text = ["email,name", ...Array.from({ length: 50_000 }, (_, i) => `${i}@x.io,P`)].join("\n");
    const started = performance.now();
    expect(errorOf(text)).toBe("This file is 624 KB; an import takes up to 5,000 people and 512 KB per file. Split the file and import each part.");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("refuses one row more than the row limit, without reading the rest of the file", () => {
    const text = ["email,name", ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `${i}@x.io,P`)].join("\n");
    expect(errorOf(text)).toBe(
      "This file has more than 5,000 people; an import takes up to 5,000 people and 512 KB per file. Split the file and import each part.",
    );
  });

  it("takes exactly the row limit", () => {
    const lines = Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => `p${i}@example.test,P ${i},,`);
    expect(rowsOf(csv(...lines))).toHaveLength(IMPORT_MAX_ROWS);
  });

  it("keeps every hostile name a person could type, exactly, and marks the others on their row without failing", () => {
    const names = naughtyStrings();
    const text = stringify([["email", "name"], ...names.map((name, i) => [`n${i}@example.test`, name])]);
    const parsed = parsePeopleCsv(text);
    if (!parsed.ok) throw new Error(parsed.error);
    // Every line has an address, so every line is read, whatever its name holds.
    expect(parsed.rows).toHaveLength(names.length);
    for (const row of parsed.rows) {
      const original = names[Number(row.email.slice(1, row.email.indexOf("@")))];
      // A file is bytes: half an emoji cannot be in it, and reads as the replacement character.
      if (row.errors.length === 0) expect(row.name).toBe(original.toWellFormed().trim());
      else expect(row.errors.every((e) => e.startsWith("Name: "))).toBe(true);
    }
  });

  it("reads any text at all or refuses it with a message, never with an exception", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme-composite" }), fc.string({ unit: "binary" }), fc.string()), (junk) => {
        const parsed = parsePeopleCsv(`email,name\n${junk}`);
        if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(10);
        else for (const row of parsed.rows) expect(Array.isArray(row.errors)).toBe(true);
      }),
      { seed: 20_261_201, numRuns: 300 },
    );
  });

  it("keeps any name written into a correct CSV exactly (trimmed), or marks it on its row", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 120 }), (name) => {
        const rows = rowsOf(
          stringify([
            ["email", "name"],
            ["someone@example.test", name],
          ]),
        );
        expect(rows).toHaveLength(1);
        if (rows[0].errors.length === 0) expect(rows[0].name).toBe(name.toWellFormed().trim());
        else expect(rows[0].errors.every((e) => e.startsWith("Name: "))).toBe(true);
      }),
      { seed: 20_261_201, numRuns: 300 },
    );
  });
});
