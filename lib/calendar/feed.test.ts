import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { occurrencesOf, parseFeed } from "@/test/ical";
import { buildSeriesCalendar, type FeedMeeting, type FeedSeries } from "./feed";
import { offsetTransitions } from "./vtimezone";

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Berlin" }).toJSDate();
const local = (at: Date, zone = "Europe/Berlin") => DateTime.fromJSDate(at, { zone }).toFormat("ccc yyyy-LL-dd HH:mm");
const series = (overrides: Partial<FeedSeries> = {}): FeedSeries => ({
  id: "6f1c2a8e-1111-4222-8333-444455556666",
  cadence: "weekly",
  timeZone: "Europe/Berlin",
  durationMinutes: 30,
  anchorAt: berlin("2027-03-16T09:00"),
  managerName: "Priya Raman",
  reportName: "Jonas Weber",
  ...overrides,
});
const meeting = (at: Date, overrides: Partial<FeedMeeting> = {}): FeedMeeting => ({
  id: crypto.randomUUID(),
  status: "scheduled",
  scheduledAt: at,
  occurrenceAt: at,
  durationMinutes: 30,
  ...overrides,
});
const NOW = new Date("2027-03-01T00:00:00Z");

describe("the iCalendar feed of a series", () => {
  it("repeats weekly at the same Berlin wall-clock time across the March daylight-saving change", () => {
    const text = buildSeriesCalendar(series(), [], "https://app.test/series/x", NOW);
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU/);
    expect(text).toMatch(/DTSTART;TZID=Europe\/Berlin:20270316T090000/);
    expect(text).toContain("BEGIN:VTIMEZONE");
    const next = occurrencesOf(text, NOW, 5);
    expect(next.map((d) => local(d))).toEqual([
      "Tue 2027-03-16 09:00",
      "Tue 2027-03-23 09:00",
      "Tue 2027-03-30 09:00",
      "Tue 2027-04-06 09:00",
      "Tue 2027-04-13 09:00",
    ]);
    // The instants do shift by an hour in UTC: the feed's time zone did its job.
    expect(next.map((d) => d.getUTCHours())).toEqual([8, 8, 7, 7, 7]);
  });

  it("keeps the wall-clock time across the October change and for the n-th weekday of each month", () => {
    const weekly = buildSeriesCalendar(series({ anchorAt: berlin("2027-10-19T16:30") }), [], "u", NOW);
    expect(occurrencesOf(weekly, NOW, 5).map((d) => local(d).slice(-5))).toEqual(Array(5).fill("16:30"));
    const monthly = buildSeriesCalendar(series({ cadence: "monthly", anchorAt: berlin("2027-03-09T09:00") }), [], "u", NOW);
    expect(monthly).toMatch(/RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=TU;BYSETPOS=2/);
    expect(occurrencesOf(monthly, NOW, 3).map((d) => local(d))).toEqual(["Tue 2027-03-09 09:00", "Tue 2027-04-13 09:00", "Tue 2027-05-11 09:00"]);
    const lastTuesday = buildSeriesCalendar(series({ cadence: "monthly", anchorAt: berlin("2027-03-30T09:00") }), [], "u", NOW);
    expect(lastTuesday).toContain("BYSETPOS=-1");
    expect(occurrencesOf(lastTuesday, NOW, 2).map((d) => local(d))).toEqual(["Tue 2027-03-30 09:00", "Tue 2027-04-27 09:00"]);
    const biweekly = buildSeriesCalendar(series({ cadence: "biweekly" }), [], "u", NOW);
    expect(occurrencesOf(biweekly, NOW, 3).map((d) => local(d))).toEqual(["Tue 2027-03-16 09:00", "Tue 2027-03-30 09:00", "Tue 2027-04-13 09:00"]);
  });

  it("leaves out a cancelled occurrence and shows a moved one at its new time", () => {
    const cancelled = meeting(berlin("2027-03-23T09:00"), { status: "cancelled" });
    const moved = meeting(berlin("2027-04-01T14:00"), { occurrenceAt: berlin("2027-03-30T09:00") });
    const text = buildSeriesCalendar(series(), [meeting(berlin("2027-03-16T09:00")), cancelled, moved], "u", NOW);
    expect(text).toContain("EXDATE;TZID=Europe/Berlin:20270323T090000");
    expect(text).toContain("RECURRENCE-ID;TZID=Europe/Berlin:20270330T090000");
    expect(occurrencesOf(text, NOW, 4).map((d) => local(d))).toEqual([
      "Tue 2027-03-16 09:00",
      "Thu 2027-04-01 14:00",
      "Tue 2027-04-06 09:00",
      "Tue 2027-04-13 09:00",
    ]);
  });

  it("shows a meeting off the current cadence as an event of its own, and a cancelled one not at all", () => {
    const earlier = meeting(berlin("2027-03-11T10:00"));
    const dropped = meeting(berlin("2027-03-04T10:00"), { status: "cancelled" });
    const events = parseFeed(buildSeriesCalendar(series(), [dropped, earlier], "u", NOW)).getAllSubcomponents("vevent");
    expect(events).toHaveLength(2);
    const single = events.find((e) => !e.hasProperty("rrule"))!;
    expect(single.getFirstPropertyValue("uid")).toBe(`meeting-${earlier.id}@between-us`);
  });

  it("ends the recurrence when one of the pair left: no occurrence after it", () => {
    const text = buildSeriesCalendar(series({ endsAt: berlin("2027-03-25T12:00") }), [], "u", NOW);
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20270325T120000;BYDAY=TU/);
    expect(occurrencesOf(text, NOW, 5).map((d) => local(d))).toEqual(["Tue 2027-03-16 09:00", "Tue 2027-03-23 09:00"]);
    expect(buildSeriesCalendar(series({ endsAt: null }), [], "u", NOW)).not.toContain("UNTIL");
  });

  it("names the pair and links the series, and says nothing else", () => {
    const text = buildSeriesCalendar(series(), [], "https://app.test/series/abc", NOW);
    const event = parseFeed(text).getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("summary")).toBe("One-on-one: Priya Raman & Jonas Weber");
    expect(event.getFirstPropertyValue("description")).toBe("Agenda and topics: https://app.test/series/abc");
    expect(event.getFirstPropertyValue("url")).toBe("https://app.test/series/abc");
  });

  it("finds Berlin's offset changes on the last Sundays of March and October", () => {
    const changes = offsetTransitions("Europe/Berlin", 2027, 2027).map((c) => [new Date(c.at).toISOString(), c.from, c.to]);
    expect(changes).toEqual([
      ["2027-03-28T01:00:00.000Z", 60, 120],
      ["2027-10-31T01:00:00.000Z", 120, 60],
    ]);
    expect(offsetTransitions("Asia/Tokyo", 2027, 2027)).toEqual([]);
  });
});
