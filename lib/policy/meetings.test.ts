import { describe, expect, it } from "vitest";
import { assertMayComplete, assertMayReopen, assertMeetingWritable, mayComplete, mayReopen, meetingIsWritable, REOPEN_WINDOW_MS } from "./index";

const NOW = new Date("2025-06-10T12:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);
const meeting = (over: Partial<Parameters<typeof mayComplete>[0]> = {}) => ({
  status: "scheduled" as const,
  scheduledAt: at(7 * 86_400_000),
  startedAt: null,
  ...over,
});

describe("a meeting's lifecycle rules", () => {
  it("completes a meeting only once it started or its time has come", () => {
    expect(mayComplete(meeting(), NOW)).toBe(false);
    expect(() => assertMayComplete(meeting(), NOW)).toThrow(/not started/);
    expect(mayComplete(meeting({ scheduledAt: NOW }), NOW)).toBe(true);
    expect(mayComplete(meeting({ status: "in_progress", startedAt: at(-60_000) }), NOW)).toBe(true);
    expect(mayComplete(meeting({ status: "completed", startedAt: at(-60_000), scheduledAt: at(-3_600_000) }), NOW)).toBe(false);
    expect(mayComplete(meeting({ status: "cancelled", scheduledAt: at(-3_600_000) }), NOW)).toBe(false);
  });

  it("keeps a completed or cancelled meeting's record as it was", () => {
    expect(meetingIsWritable("scheduled") && meetingIsWritable("in_progress")).toBe(true);
    expect(meetingIsWritable("completed") || meetingIsWritable("cancelled")).toBe(false);
    expect(() => assertMeetingWritable("completed")).toThrow(/completed/);
    expect(() => assertMeetingWritable("in_progress")).not.toThrow();
  });

  it("lets the manager alone reopen, within 24 hours of completion", () => {
    const done = { status: "completed" as const, completedAt: at(-REOPEN_WINDOW_MS) };
    expect(mayReopen("manager", done, NOW)).toBe(true);
    expect(mayReopen("manager", { ...done, completedAt: at(-REOPEN_WINDOW_MS - 1) }, NOW)).toBe(false);
    for (const relation of ["report", "covering", "admin", "none"] as const) {
      expect(mayReopen(relation, done, NOW)).toBe(false);
      expect(() => assertMayReopen(relation, done, NOW)).toThrow();
    }
    expect(() => assertMayReopen("report", done, NOW)).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => assertMayReopen("none", done, NOW)).toThrow(expect.objectContaining({ code: "not_found" }));
    expect(() => assertMayReopen("manager", { status: "in_progress", completedAt: null }, NOW)).toThrow(/Only a completed meeting/);
  });

  it("refuses completing a cancelled or a completed meeting, as conflicts that say which", () => {
    const conflict = (message: string) => expect.objectContaining({ code: "conflict", message });
    expect(() => assertMayComplete(meeting({ status: "cancelled", scheduledAt: at(-3_600_000) }), NOW)).toThrow(conflict("This meeting was cancelled."));
    expect(() => assertMayComplete(meeting({ status: "completed", startedAt: at(-60_000) }), NOW)).toThrow(conflict("This meeting is already completed."));
    expect(() => assertMayComplete(meeting(), NOW)).toThrow(expect.objectContaining({ code: "conflict" }));
    expect(() => assertMayComplete(meeting({ scheduledAt: NOW }), NOW)).not.toThrow();
    expect(() => assertMayComplete(meeting({ status: "in_progress", startedAt: at(-60_000) }), NOW)).not.toThrow();
  });

  it("keeps a cancelled meeting's record as it was too, saying it was cancelled", () => {
    expect(() => assertMeetingWritable("cancelled")).toThrow(
      expect.objectContaining({ code: "conflict", message: "This meeting is cancelled; its agenda, topics and action items are kept as they were." }),
    );
    expect(() => assertMeetingWritable("completed")).toThrow(
      expect.objectContaining({ code: "conflict", message: "This meeting is completed; its agenda, topics and action items are kept as they were." }),
    );
    expect(() => assertMeetingWritable("scheduled")).not.toThrow();
  });

  it("reopens only a completed meeting, and only within the window, saying why not", () => {
    const done = { status: "completed" as const, completedAt: at(-60_000) };
    expect(() => assertMayReopen("manager", done, NOW)).not.toThrow();
    // A meeting that is under way again (or was never completed) has nothing to reopen, whatever its completedAt says.
    expect(mayReopen("manager", { status: "in_progress", completedAt: at(-60_000) }, NOW)).toBe(false);
    expect(() => assertMayReopen("manager", { status: "cancelled", completedAt: at(-60_000) }, NOW)).toThrow(
      expect.objectContaining({ code: "conflict", message: "Only a completed meeting can be reopened." }),
    );
    expect(() => assertMayReopen("manager", { ...done, completedAt: at(-REOPEN_WINDOW_MS - 1) }, NOW)).toThrow(
      expect.objectContaining({ code: "conflict", message: "A meeting can be reopened only within 24 hours of its completion." }),
    );
    expect(() => assertMayReopen("covering", done, NOW)).toThrow(
      expect.objectContaining({ code: "forbidden", message: "Only the manager of this series can reopen a meeting." }),
    );
  });
});
