import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

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

describe("own rows only", () => {
  const dir = import.meta.dirname;
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "scope.ts")
    .map((f) => ({ file: f, text: readFileSync(path.join(dir, f), "utf8") }));

  it("scopes every personal column through ownRowsOnly, never eq(column, actor.id)", () => {
    const byHand = sources.flatMap(({ file, text }) =>
      PERSONAL_COLUMNS.filter((c) => text.replace(/\s+/g, " ").includes(`eq(${c}, actor.id)`)).map((c) => `${file}: ${c}`),
    );
    expect(byHand).toEqual([]);
    expect(sources.filter(({ text }) => text.includes("ownRowsOnly(")).length).toBeGreaterThanOrEqual(8);
  });
});
