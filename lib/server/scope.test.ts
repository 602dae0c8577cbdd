import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "@/test/discover";

// Rows that belong to one person are scoped in the query through ownRowsOnly, so that the rule
// "own rows only" has one name to search for and one place to change. A query that scopes such a
// column by hand (eq(column, actor.id)) fails here.
const PERSONAL_COLUMNS = [
  "privateNotes.authorId",
  "templates.ownerId",
  "outbox.recipientId",
  "calendarFeeds.userId",
  "notificationOptOuts.userId",
  "accessLog.reportId",
  "topics.authorId",
  "actionItems.createdBy",
];
// What the folder held when discovery became recursive: fewer means the test stopped looking.
const FLOOR = { files: 52, scoping: 12 };

describe("own rows only", () => {
  const dir = import.meta.dirname;
  // Every module of lib/server, in subfolders too, so a file moved into one is still read.
  const sources = sourceFiles(dir)
    .filter((f) => path.basename(f) !== "scope.ts")
    .map((f) => ({ file: path.relative(dir, f), text: readFileSync(f, "utf8") }));

  it("scopes every personal column through ownRowsOnly, never eq(column, actor.id)", () => {
    const byHand = sources.flatMap(({ file, text }) =>
      PERSONAL_COLUMNS.filter((c) => text.replace(/\s+/g, " ").includes(`eq(${c}, actor.id)`)).map((c) => `${file}: ${c}`),
    );
    expect(byHand).toEqual([]);
  });

  it("reads at least every module and every scoping query it found when it was written", () => {
    expect(sources.length).toBeGreaterThanOrEqual(FLOOR.files);
    expect(sources.filter(({ text }) => text.includes("ownRowsOnly(")).length).toBeGreaterThanOrEqual(FLOOR.scoping);
  });
});
