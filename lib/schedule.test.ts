import { describe, expect, it } from "vitest";
import { firstOccurrence, localSlot, nthOccurrence, occurrencesAfter, staggerSlots } from "./schedule";

const BERLIN = "Europe/Berlin";
const NEW_YORK = "America/New_York";

describe("firstOccurrence", () => {
  it("places the first meeting on the slot's weekday after the start date, at the local wall-clock time", () => {
    // 2025-03-03 is a Monday; Tuesday 09:30 in Berlin (CET, UTC+1) is 08:30 UTC.
    const at = firstOccurrence({ weekday: 2, startMinutes: 9 * 60 + 30, timeZone: BERLIN }, "2025-03-03");
    expect(at.toISOString()).toBe("2025-03-04T08:30:00.000Z");
  });

  it("uses the start date itself when it already falls on the slot's weekday", () => {
    const at = firstOccurrence({ weekday: 2, startMinutes: 10 * 60, timeZone: NEW_YORK }, "2025-03-04");
    expect(at.toISOString()).toBe("2025-03-04T15:00:00.000Z");
  });

  it("wraps to the next week when the weekday has already passed in that week", () => {
    // 2025-03-06 is a Thursday; the next Monday is 2025-03-10, after the US switch to EDT.
    const at = firstOccurrence({ weekday: 1, startMinutes: 9 * 60, timeZone: NEW_YORK }, "2025-03-06");
    expect(at.toISOString()).toBe("2025-03-10T13:00:00.000Z");
  });
});

describe("nthOccurrence", () => {
  it("returns the anchor itself for n = 0", () => {
    const anchor = new Date("2025-03-25T08:30:00Z");
    expect(nthOccurrence("weekly", anchor, BERLIN, 0)).toEqual(anchor);
  });

  it("keeps a weekly meeting at 09:30 Berlin time across the spring daylight-saving change", () => {
    // Tuesday 2025-03-25 09:30 CET; clocks go forward on 2025-03-30.
    const next = nthOccurrence("weekly", new Date("2025-03-25T08:30:00Z"), BERLIN, 1);
    expect(next.toISOString()).toBe("2025-04-01T07:30:00.000Z");
    expect(localSlot(next, BERLIN)).toEqual({ weekday: 2, minutes: 9 * 60 + 30 });
  });

  it("keeps a biweekly meeting at 10:00 New York time across the autumn daylight-saving change", () => {
    // Tuesday 2025-10-28 10:00 EDT; clocks go back on 2025-11-02.
    const next = nthOccurrence("biweekly", new Date("2025-10-28T14:00:00Z"), NEW_YORK, 1);
    expect(next.toISOString()).toBe("2025-11-11T15:00:00.000Z");
  });

  it("keeps a monthly meeting on the same weekday and week of the month, across daylight saving", () => {
    // 2025-03-11 is the 2nd Tuesday of March (CET); the 2nd Tuesday of April is the 8th (CEST).
    const next = nthOccurrence("monthly", new Date("2025-03-11T08:30:00Z"), BERLIN, 1);
    expect(next.toISOString()).toBe("2025-04-08T07:30:00.000Z");
  });

  it("falls back to the last such weekday when a month has no fifth one", () => {
    // 2025-01-29 is the 5th Wednesday of January; February 2025 has four, the last on the 26th.
    const next = nthOccurrence("monthly", new Date("2025-01-29T09:00:00Z"), "UTC", 1);
    expect(next.toISOString()).toBe("2025-02-26T09:00:00.000Z");
  });
});

describe("occurrencesAfter", () => {
  it("lists the requested number of meetings strictly after the given instant, in order", () => {
    const anchor = new Date("2025-03-04T08:30:00Z");
    const list = occurrencesAfter("weekly", anchor, BERLIN, anchor, 3);
    expect(list.map((d) => d.toISOString())).toEqual(["2025-03-11T08:30:00.000Z", "2025-03-18T08:30:00.000Z", "2025-03-25T08:30:00.000Z"]);
  });

  it("skips far ahead without listing meetings before the given instant", () => {
    // 2025-01-07 plus 26 fortnights is 2026-01-06.
    const list = occurrencesAfter("biweekly", new Date("2025-01-07T09:00:00Z"), "UTC", new Date("2026-01-01T00:00:00Z"), 2);
    expect(list.map((d) => d.toISOString())).toEqual(["2026-01-06T09:00:00.000Z", "2026-01-20T09:00:00.000Z"]);
  });
});

describe("staggerSlots", () => {
  it("places meetings back to back from the start time when the day is free", () => {
    expect(staggerSlots(540, 30, 3, [])).toEqual([540, 570, 600]);
  });

  it("skips over busy intervals without overlapping them", () => {
    expect(staggerSlots(540, 30, 3, [{ from: 555, to: 600 }])).toEqual([600, 630, 660]);
    expect(staggerSlots(540, 30, 2, [{ from: 570, to: 600 }])).toEqual([540, 600]);
  });

  it("returns null when the meetings do not fit before midnight", () => {
    expect(staggerSlots(23 * 60, 30, 3, [])).toBeNull();
    expect(staggerSlots(0, 60, 1, [{ from: 0, to: 24 * 60 }])).toBeNull();
  });

  it("never returns two overlapping slots", () => {
    const slots = staggerSlots(480, 45, 8, [{ from: 600, to: 660 }])!;
    const intervals = [...slots.map((s) => ({ from: s, to: s + 45 })), { from: 600, to: 660 }].sort((a, b) => a.from - b.from);
    for (let i = 1; i < intervals.length; i++) expect(intervals[i].from).toBeGreaterThanOrEqual(intervals[i - 1].to);
    expect(slots).toHaveLength(8);
  });
});

describe("staggerSlots with a buffer and a lunch break", () => {
  const lunch = { from: 12 * 60, to: 13 * 60 };
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

  it("keeps the buffer between meetings and skips lunch: eight of 30 minutes from 09:00", () => {
    const slots = staggerSlots(540, 30, 8, [], { bufferMinutes: 15, breaks: [lunch] })!;
    expect(slots.map(hhmm)).toEqual(["09:00", "09:45", "10:30", "11:15", "13:00", "13:45", "14:30", "15:15"]);
  });

  it("keeps the buffer around the person's existing meetings too", () => {
    // Busy 10:00-10:30: a 30-minute meeting cannot start before 10:45 nor end after 09:45.
    expect(staggerSlots(540, 30, 3, [{ from: 600, to: 630 }], { bufferMinutes: 15 })).toEqual([540, 645, 690]);
  });

  it("never lets a meeting overlap lunch, even one that would start before it", () => {
    expect(staggerSlots(11 * 60 + 45, 30, 1, [], { bufferMinutes: 15, breaks: [lunch] })).toEqual([13 * 60]);
  });

  it("with no buffer and no break places meetings back to back, as before", () => {
    expect(staggerSlots(540, 30, 3, [], { bufferMinutes: 0 })).toEqual([540, 570, 600]);
  });

  it("returns null when buffers push the last meeting past midnight", () => {
    expect(staggerSlots(22 * 60, 30, 3, [], { bufferMinutes: 30 })).toBeNull();
  });
});

describe("todayIn", () => {
  it("is the calendar day in the zone, which differs from the UTC day near midnight", async () => {
    const { todayIn } = await import("./schedule");
    const { today } = await import("./policy");
    const lateUtc = new Date("2026-03-01T23:30:00Z");
    expect(todayIn("UTC", lateUtc)).toBe("2026-03-01");
    expect(todayIn("Europe/Berlin", lateUtc)).toBe("2026-03-02");
    expect(todayIn("America/Los_Angeles", new Date("2026-03-02T05:00:00Z"))).toBe("2026-03-01");
    // The access rules' day stays the UTC one on purpose.
    expect(today(lateUtc)).toBe("2026-03-01");
  });
});
