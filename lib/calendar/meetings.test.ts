import { describe, expect, it } from "vitest";
import { parseFeed } from "@/test/ical";
import { buildMeetingsCalendar } from "./meetings";

describe("buildMeetingsCalendar", () => {
  const meetings = [
    { id: "m1", status: "completed", scheduledAt: new Date("2026-11-24T09:00:00Z"), durationMinutes: 30, managerName: "Ann; Lee", reportName: "Bob, Jr." },
    { id: "m2", status: "cancelled", scheduledAt: new Date("2026-12-01T09:00:00Z"), durationMinutes: 45, managerName: "Ann; Lee", reportName: "Bob, Jr." },
  ];

  it("writes one event per meeting that parses back with its time, length, names and status", () => {
    const events = parseFeed(buildMeetingsCalendar(meetings)).getAllSubcomponents("vevent");
    expect(events.map((e) => e.getFirstPropertyValue("uid"))).toEqual(["meeting-m1@between-us", "meeting-m2@between-us"]);
    const [first, second] = events;
    expect(String(first.getFirstPropertyValue("summary"))).toBe("One-on-one: Ann; Lee & Bob, Jr.");
    const start = first.getFirstPropertyValue("dtstart") as unknown as { toJSDate(): Date };
    const end = first.getFirstPropertyValue("dtend") as unknown as { toJSDate(): Date };
    expect(start.toJSDate().toISOString()).toBe("2026-11-24T09:00:00.000Z");
    expect(end.toJSDate().toISOString()).toBe("2026-11-24T09:30:00.000Z");
    expect(first.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(second.getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  it("is a valid empty calendar without meetings", () => {
    const root = parseFeed(buildMeetingsCalendar([]));
    expect(root.name).toBe("vcalendar");
    expect(root.getAllSubcomponents("vevent")).toEqual([]);
  });
});
