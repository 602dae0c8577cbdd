import { describe, expect, it } from "vitest";
import { formatMeetingTime, formatTimeFor } from "./format";

describe("formatTimeFor", () => {
  const at = new Date("2026-12-08T08:00:00Z");

  it("shows the time in the viewer's own zone, with the series' zone beside it when they differ", () => {
    expect(formatTimeFor(at, "America/New_York", "Europe/Berlin")).toBe("Tue 8 Dec 2026, 03:00 (America/New_York); 09:00 in Europe/Berlin");
  });

  it("names the other day when the series' zone is on another date", () => {
    expect(formatTimeFor(new Date("2026-12-08T23:30:00Z"), "Asia/Tokyo", "Europe/Berlin")).toBe("Wed 9 Dec 2026, 08:30 (Asia/Tokyo); 00:30 in Europe/Berlin");
    expect(formatTimeFor(new Date("2026-12-08T23:30:00Z"), "Asia/Tokyo", "America/New_York")).toBe(
      "Wed 9 Dec 2026, 08:30 (Asia/Tokyo); Tue 8 Dec, 18:30 in America/New_York",
    );
  });

  it("shows one time when the zones agree, and the series' zone when the viewer has none", () => {
    expect(formatTimeFor(at, "Europe/Berlin", "Europe/Berlin")).toBe(formatMeetingTime(at, "Europe/Berlin"));
    expect(formatTimeFor(at, null, "Europe/Berlin")).toBe("Tue 8 Dec 2026, 09:00 (Europe/Berlin)");
  });

  it("shows a time with no series (the access log) in the viewer's zone, and in UTC only for a viewer without one", () => {
    expect(formatTimeFor(at, "Europe/Berlin")).toBe("Tue 8 Dec 2026, 09:00 (Europe/Berlin)");
    expect(formatTimeFor(at, null)).toBe("Tue 8 Dec 2026, 08:00 UTC");
  });
});
