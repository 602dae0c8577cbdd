// Every moment a page shows is in the viewer's own zone (lib/format's formatTimeFor and
// formatDateFor, with the zone from lib/server/profile's viewerTimeZone). formatMeetingTime and
// formatDate without a zone write UTC: right for a calendar date (a due date, a check-in day),
// wrong for a moment, which near midnight falls on another day for the reader. Moments are the
// columns named ...At; this finds any page or component that formats one in UTC.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const files = ["app", "components"].flatMap((dir) =>
  fs
    .readdirSync(dir, { recursive: true })
    .map((file) => path.join(dir, String(file)))
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".test.ts")),
);

describe("times on pages", () => {
  it("finds the pages and components to read", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("never formats a moment (a ...At value) in UTC: formatDate(x.fooAt) and formatMeetingTime(x.fooAt) without a zone", () => {
    const utc = /format(?:Date|MeetingTime)\(\s*([\w.!?]*At)\s*\)/g;
    const found = files.flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(utc)].map((m) => `${file}: ${m[0]}`));
    expect(found).toEqual([]);
  });
});
