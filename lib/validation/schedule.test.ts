import { describe, expect, it } from "vitest";
import { TIME_ZONES, isKnownTimeZone, timeZoneOptions } from "@/lib/time-zones";
import { fieldErrorsOf } from "./common";
import { markLeaveSchema } from "./leave";
import { ownTimeZoneSchema } from "./profile";
import { startSeriesSchema } from "./series";

const start = {
  cadence: "weekly",
  weekday: "2",
  startTime: "09:00",
  durationMinutes: "30",
  timeZone: "Europe/Berlin",
  format: "structured",
  startDate: "2030-01-08",
};

describe("time zones are chosen from one list, which the server checks", () => {
  it("is the runtime's IANA list with UTC, and holds the zones people pick", () => {
    expect(TIME_ZONES).toEqual(expect.arrayContaining(["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]));
    expect(TIME_ZONES).toEqual([...new Set(Intl.supportedValuesOf("timeZone")), "UTC"].sort());
  });

  it("accepts every zone of the list and refuses what is not a zone, with a field message", () => {
    for (const zone of TIME_ZONES) expect(ownTimeZoneSchema.safeParse({ timeZone: zone }).success).toBe(true);
    for (const bad of ["Mars/Olympus", "", "Europe/Berlin; drop table users", "x".repeat(300), "EST5EDT\u0000"]) {
      const result = ownTimeZoneSchema.safeParse({ timeZone: bad });
      expect(result.success).toBe(false);
      if (!result.success) expect(Object.keys(fieldErrorsOf(result.error))).toEqual(["timeZone"]);
    }
  });

  it("keeps accepting another IANA name of a listed zone that older series were stored with, and offers it", () => {
    const alias = isKnownTimeZone("Asia/Kolkata") && !TIME_ZONES.includes("Asia/Kolkata") ? "Asia/Kolkata" : null;
    if (alias) expect(timeZoneOptions(alias)[0]).toBe(alias);
    expect(timeZoneOptions("Europe/Berlin")).toBe(TIME_ZONES);
    expect(timeZoneOptions("Mars/Olympus")).toBe(TIME_ZONES);
  });
});

describe("bulk start: buffer and lunch", () => {
  it("leaves the defaults to the server when the fields are absent", () => {
    const parsed = startSeriesSchema.parse(start);
    expect([parsed.bufferMinutes, parsed.lunchStart, parsed.lunchEnd]).toEqual([undefined, undefined, undefined]);
  });

  it("takes a buffer and a lunch break from the form, or no lunch when both are cleared", () => {
    expect(startSeriesSchema.parse({ ...start, bufferMinutes: "10", lunchStart: "12:30", lunchEnd: "13:15" })).toMatchObject({
      bufferMinutes: 10,
      lunchStart: "12:30",
      lunchEnd: "13:15",
    });
    expect(startSeriesSchema.parse({ ...start, lunchStart: "", lunchEnd: "" })).toMatchObject({ lunchStart: "", lunchEnd: "" });
  });

  it.each([
    [{ lunchStart: "13:00", lunchEnd: "12:00" }, "lunchEnd", "Lunch must end after it starts."],
    [{ lunchStart: "", lunchEnd: "13:00" }, "lunchEnd", "Enter both ends of the lunch break, or neither."],
    [{ lunchStart: "noon" }, "lunchStart", "Enter a time as HH:MM, for example 09:30."],
    [{ bufferMinutes: "-5" }, "bufferMinutes", "The buffer cannot be negative."],
    [{ bufferMinutes: "90" }, "bufferMinutes", "A buffer lasts at most 60 minutes."],
  ])("refuses %j with a message on %s", (extra, field, message) => {
    const result = startSeriesSchema.safeParse({ ...start, ...extra });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrorsOf(result.error)[field]).toContain(message);
  });
});

describe("leave input", () => {
  it("reads an empty covering choice as nobody, and the confirm flag from a form", () => {
    const parsed = markLeaveSchema.parse({
      personId: crypto.randomUUID(),
      startsOn: "2030-01-07",
      endsOn: "2030-01-11",
      coveringManagerId: "",
      confirm: "on",
    });
    expect(parsed).toMatchObject({ coveringManagerId: undefined, confirm: true });
  });

  it("refuses a person that is not an id, and dates that are not days", () => {
    const result = markLeaveSchema.safeParse({ personId: "me", startsOn: "2030-02-30", endsOn: "tomorrow" });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrorsOf(result.error)).sort()).toEqual(["endsOn", "personId", "startsOn"]);
  });
});
