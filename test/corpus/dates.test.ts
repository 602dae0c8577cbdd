// Bad input, part 4: every date a person enters, refused on its field before it reaches the database.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { reportingLines } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { addActionItem } from "@/lib/server/action-items";
import { assignCovering } from "@/lib/server/covering";
import { addCheckIn, createGoal } from "@/lib/server/goals";
import { moveMeeting } from "@/lib/server/meetings";
import { startSeries } from "@/lib/server/series";
import { createReportingLine, endReportingLine } from "@/lib/server/users";
import { dateOnly, latestDay } from "@/lib/validation/common";
import { coveringSchema } from "@/lib/validation/confidentiality";
import { checkInSchema, createGoalSchema } from "@/lib/validation/goals";
import { createLineSchema, endLineSchema } from "@/lib/validation/people";
import { startSeriesSchema } from "@/lib/validation/series";
import { addActionItemSchema } from "@/lib/validation/action-items";
import { moveMeetingSchema } from "@/lib/validation/meetings";
import { isClearMessage, parseOrRefuse } from "@/test/corpus";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { utcDay } from "@/test/fixtures";

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Dates that must never be stored, however they are dressed up. */
const BAD_DATES: unknown[] = [
  "0000-01-01",
  "9999-12-31",
  "2026-02-30",
  "2027-02-29",
  "2026-13-01",
  "2026-00-10",
  "1999-12-31",
  dayAfter(latestDay()),
  "",
  "   ",
  "tomorrow",
  "2026-1-1",
  "01/02/2030",
  "2030-01-01T00:00:00Z",
  " 2030-01-01",
  "+002030-01-01",
  "-2030-01-01",
  "2030-01-01\u0000",
  "٢٠٣٠-٠١-٠١",
  1e20,
  20300101,
  -1,
  null,
  true,
  ["2030-01-01"],
  { date: "2030-01-01" },
];

describe("the shared date rule", () => {
  it("accepts real days from 2000-01-01 to five years ahead", () => {
    for (const ok of ["2000-01-01", "2028-02-29", utcDay(0), latestDay()]) expect(dateOnly.safeParse(ok).success, ok).toBe(true);
  });

  it("refuses every bad date with one clear message", () => {
    for (const bad of BAD_DATES) {
      const parsed = dateOnly.safeParse(bad);
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
      const messages = parsed.error?.issues.map((i) => i.message) ?? [];
      expect(messages.length, JSON.stringify(bad)).toBe(1);
      expect(messages.every(isClearMessage), messages.join(" / ")).toBe(true);
    }
  });
});

describe("bad input: every date field", { timeout: 600_000 }, () => {
  const t = useTestDatabase();
  let admin: Actor;
  let manager: Actor;
  let report: Actor;
  let seriesId = "";
  let meetingId = "";
  let goalId = "";
  let lineId = "";
  let otherManager: Actor;
  let otherManagerId = "";
  let freeReportId = "";

  beforeAll(async () => {
    admin = await actorOf(t.db, "admin@demo.test");
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
    otherManager = await actorOf(t.db, "manager2@demo.test");
    otherManagerId = otherManager.id;
    freeReportId = (await actorOf(t.db, "report9@demo.test")).id;
    [{ seriesId, meetingId }] = await startSeries(
      manager,
      parseOrRefuse(startSeriesSchema, {
        cadence: "weekly",
        weekday: "2",
        startTime: "09:00",
        durationMinutes: "30",
        timeZone: "UTC",
        format: "structured",
        startDate: utcDay(7),
        reportIds: [report.id],
      }),
    );
    const goal = parseOrRefuse(createGoalSchema, {
      seriesId,
      title: "Ship it",
      specific: "Ship the release.",
      measureKind: "done_condition",
      doneCondition: "Released.",
      achievable: "With help.",
      relevant: "Users wait.",
      dueDate: utcDay(90),
    });
    goalId = (await createGoal(report, goal)).id;
    [{ id: lineId }] = await t.db.select({ id: reportingLines.id }).from(reportingLines).where(eq(reportingLines.reportId, report.id));
  });

  // An action item's due date may be left empty ("" or null means none); every other date is required.
  const DOORS: [string, string, (date: unknown) => Promise<unknown>][] = [
    [
      "a goal's check-in date",
      "checkedOn",
      (d) => addCheckIn(manager, parseOrRefuse(checkInSchema, { goalId, checkedOn: d, value: "", percent: "50", note: "" })),
    ],
    [
      "a goal's due date",
      "dueDate",
      async (d) =>
        createGoal(
          report,
          parseOrRefuse(createGoalSchema, {
            seriesId,
            title: "T",
            specific: "S",
            measureKind: "done_condition",
            doneCondition: "D",
            achievable: "A",
            relevant: "R",
            dueDate: d,
          }),
        ),
    ],
    [
      "an action item's due date",
      "dueDate",
      (d) => addActionItem(manager, parseOrRefuse(addActionItemSchema, { meetingId, text: "Do it", owner: "report", dueDate: d })),
    ],
    ["a meeting's move", "date", (d) => moveMeeting(manager, parseOrRefuse(moveMeetingSchema, { meetingId, date: d, time: "10:00" }))],
    [
      "a series' start",
      "startDate",
      (d) =>
        startSeries(
          otherManager,
          parseOrRefuse(startSeriesSchema, {
            cadence: "weekly",
            weekday: "2",
            startTime: "09:00",
            durationMinutes: "30",
            timeZone: "UTC",
            format: "structured",
            startDate: d,
            reportIds: [freeReportId],
          }),
        ),
    ],
    [
      "a reporting line's start",
      "activeFrom",
      (d) => createReportingLine(admin, parseOrRefuse(createLineSchema, { managerId: manager.id, reportId: freeReportId, activeFrom: d })),
    ],
    ["a reporting line's end", "activeTo", (d) => endReportingLine(admin, parseOrRefuse(endLineSchema, { lineId, activeTo: d }))],
    [
      "a covering's first day",
      "startsOn",
      (d) => assignCovering(manager, parseOrRefuse(coveringSchema, { seriesId, coveringManagerId: otherManagerId, startsOn: d, endsOn: utcDay(10) })),
    ],
    [
      "a covering's last day",
      "endsOn",
      (d) => assignCovering(manager, parseOrRefuse(coveringSchema, { seriesId, coveringManagerId: otherManagerId, startsOn: utcDay(1), endsOn: d })),
    ],
  ];

  it.each(DOORS)("refuses every bad date as %s with a clear error on its field, and changes no row", async (name, field, run) => {
    const before = await dumpAll(t.db);
    const problems: string[] = [];
    const bads = field === "dueDate" && name.startsWith("an action item") ? BAD_DATES.filter((d) => d !== "" && d !== null) : BAD_DATES;
    for (const bad of bads) {
      const error = await Promise.resolve()
        .then(() => run(bad))
        .then(
          () => null,
          (e: unknown) => e,
        );
      const messages = error instanceof AppError && error.code === "invalid" ? (error.fieldErrors?.[field] ?? []) : [];
      if (!messages.length || !messages.every(isClearMessage)) {
        problems.push(`${JSON.stringify(bad)}: ${error instanceof AppError ? JSON.stringify(error.fieldErrors ?? error.message) : String(error)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await dumpAll(t.db)).toEqual(before);
  });
});
