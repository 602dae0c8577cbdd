import { describe, expect, it } from "vitest";
import { CADENCES } from "@/lib/validation/series";
import { CADENCE_LABELS, MEETING_STATUS_LABELS, meetingStatusLabel, WEEKDAY_LABELS, weekdayLabel } from "./labels";

describe("the app's words for statuses, weekdays and cadences", () => {
  it("names a meeting that never started 'Not held' only among past meetings", () => {
    expect(meetingStatusLabel("scheduled")).toBe("Scheduled");
    expect(meetingStatusLabel("scheduled", { past: true })).toBe("Not held");
    for (const status of ["in_progress", "completed", "cancelled"] as const) {
      expect(meetingStatusLabel(status, { past: true })).toBe(MEETING_STATUS_LABELS[status]);
    }
  });

  it("offers all seven weekdays, Monday first, by ISO number", () => {
    expect(WEEKDAY_LABELS).toHaveLength(7);
    expect([weekdayLabel(1), weekdayLabel(5), weekdayLabel(7)]).toEqual(["Monday", "Friday", "Sunday"]);
    expect(weekdayLabel(8)).toBe("");
  });

  it("has a label for every cadence the forms accept, and no other", () => {
    expect(Object.keys(CADENCE_LABELS).sort()).toEqual([...CADENCES].sort());
  });
});
