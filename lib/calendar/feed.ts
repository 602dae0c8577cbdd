import ical, { ICalEventRepeatingFreq, ICalWeekday, type ICalRepeatingOptions } from "ical-generator";
import { DateTime } from "luxon";
import * as rruleModule from "rrule";
import type { Options as RRuleOptions, RRule as RRuleType } from "rrule";
import type { Cadence } from "@/lib/schedule";
import { vtimezone } from "./vtimezone";

// rrule's CommonJS entry is a UMD bundle whose names plain Node cannot see (tsx scripts, e.g.
// bench/statements.ts, get them under `default`); bundlers and Vitest read its ES module.
const { RRule } = "RRule" in rruleModule ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default;

export type FeedMeeting = { id: string; status: string; scheduledAt: Date; occurrenceAt: Date | null; durationMinutes: number };
export type FeedSeries = {
  id: string;
  cadence: Cadence;
  timeZone: string;
  durationMinutes: number;
  anchorAt: Date;
  managerName: string;
  reportName: string;
  /** When one of the pair left (was deactivated): the recurrence ends there, as the series plans no further meetings. */
  endsAt?: Date | null;
};

const WEEKDAYS = [ICalWeekday.MO, ICalWeekday.TU, ICalWeekday.WE, ICalWeekday.TH, ICalWeekday.FR, ICalWeekday.SA, ICalWeekday.SU];
const RRULE_DAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

/** The series' cadence as a recurrence: weekly, every two weeks, or the n-th weekday of the month (5th = last). */
function recurrence(series: FeedSeries, start: DateTime) {
  const day = start.weekday - 1;
  const setPos = Math.ceil(start.day / 7) === 5 ? -1 : Math.ceil(start.day / 7);
  const monthly = series.cadence === "monthly";
  const ics: ICalRepeatingOptions = {
    freq: monthly ? ICalEventRepeatingFreq.MONTHLY : ICalEventRepeatingFreq.WEEKLY,
    interval: series.cadence === "biweekly" ? 2 : 1,
    byDay: [WEEKDAYS[day]],
    ...(monthly ? { bySetPos: [setPos] } : {}),
  };
  // rrule works on "floating" dates: the wall-clock time written as if it were UTC.
  const options: Partial<RRuleOptions> = {
    freq: monthly ? RRule.MONTHLY : RRule.WEEKLY,
    interval: ics.interval,
    byweekday: [RRULE_DAYS[day]],
    bysetpos: monthly ? [setPos] : null,
    dtstart: floating(start),
  };
  return { ics, rule: new RRule(options) };
}

const floating = (t: DateTime) => new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));

function isOccurrence(rule: RRuleType, at: DateTime): boolean {
  const f = floating(at).getTime();
  return rule.between(new Date(f - 1000), new Date(f + 1000), true).length > 0;
}

/**
 * The iCalendar feed of one series: one recurring event from the cadence (RRULE, in the series'
 * time zone with its VTIMEZONE), cancelled occurrences as EXDATE, moved ones as RECURRENCE-ID
 * overrides, and meetings off the current cadence as events of their own. Only the names of the
 * pair and a link: never agenda, topics or notes.
 */
export function buildSeriesCalendar(series: FeedSeries, meetings: FeedMeeting[], seriesUrl: string, now: Date = new Date()): string {
  const zone = series.timeZone;
  const start = DateTime.fromJSDate(series.anchorAt, { zone });
  const { ics, rule } = recurrence(series, start);
  const title = `One-on-one: ${series.managerName} & ${series.reportName}`;
  const years = [start.year, ...meetings.map((m) => m.scheduledAt.getUTCFullYear())];
  const fromYear = Math.min(...years) - 1;
  const toYear = Math.max(now.getUTCFullYear(), start.year) + 15;
  const calendar = ical({
    name: title,
    prodId: { company: "Between Us", product: "Between Us", language: "EN" },
    timezone: { name: zone, generator: (tz) => vtimezone(tz, fromYear, toYear) },
  });
  const text = { summary: title, description: `Agenda and topics: ${seriesUrl}`, url: seriesUrl };
  const uid = `series-${series.id}@between-us`;
  const exclude: DateTime[] = [];
  const overrides: { occurrence: DateTime; meeting: FeedMeeting }[] = [];
  for (const meeting of meetings) {
    const occurrence = DateTime.fromJSDate(meeting.occurrenceAt ?? meeting.scheduledAt, { zone });
    const onRule = occurrence >= start && isOccurrence(rule, occurrence);
    const cancelled = meeting.status === "cancelled";
    if (onRule && cancelled) exclude.push(occurrence);
    else if (onRule && meeting.scheduledAt.getTime() !== occurrence.toMillis()) overrides.push({ occurrence, meeting });
    else if (!onRule && !cancelled) {
      const at = DateTime.fromJSDate(meeting.scheduledAt, { zone });
      calendar.createEvent({ ...text, id: `meeting-${meeting.id}@between-us`, start: at, end: at.plus({ minutes: meeting.durationMinutes }), timezone: zone });
    }
  }
  calendar.createEvent({
    ...text,
    id: uid,
    start,
    end: start.plus({ minutes: series.durationMinutes }),
    timezone: zone,
    // UNTIL in the series' zone, as DTSTART is: ical-generator writes it as that zone's wall-clock time.
    repeating: { ...ics, ...(series.endsAt ? { until: DateTime.fromJSDate(series.endsAt, { zone }) } : {}), ...(exclude.length ? { exclude } : {}) },
  });
  for (const { occurrence, meeting } of overrides) {
    const at = DateTime.fromJSDate(meeting.scheduledAt, { zone });
    calendar.createEvent({ ...text, id: uid, recurrenceId: occurrence, start: at, end: at.plus({ minutes: meeting.durationMinutes }), timezone: zone });
  }
  return calendar.toString();
}
