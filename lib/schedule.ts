import { DateTime } from "luxon";

export type Cadence = "weekly" | "biweekly" | "monthly";
export type Slot = { weekday: number; startMinutes: number; timeZone: string };

/**
 * The calendar day (YYYY-MM-DD) it is at `now` in `timeZone`: what a person there calls today.
 * The access rules read the UTC day instead, on purpose (lib/policy `today`, lib/goals/smart
 * `todayUtc`): one day for everyone, whatever zone the person is in.
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}

/** The first meeting: the slot's weekday on or after `fromDate` (YYYY-MM-DD, in the slot's zone). */
export function firstOccurrence(slot: Slot, fromDate: string): Date {
  let day = DateTime.fromISO(fromDate, { zone: slot.timeZone }).startOf("day");
  day = day.plus({ days: (slot.weekday - day.weekday + 7) % 7 });
  return day.set({ hour: Math.floor(slot.startMinutes / 60), minute: slot.startMinutes % 60 }).toJSDate();
}

/**
 * The n-th meeting after `anchor`, keeping the wall-clock time in the series' zone across
 * daylight-saving changes. Monthly series keep the anchor's weekday and week of the month
 * (the 2nd Tuesday), falling back to the last such weekday in shorter months.
 */
export function nthOccurrence(cadence: Cadence, anchor: Date, timeZone: string, n: number): Date {
  const start = DateTime.fromJSDate(anchor, { zone: timeZone });
  if (cadence === "weekly") return start.plus({ weeks: n }).toJSDate();
  if (cadence === "biweekly") return start.plus({ weeks: 2 * n }).toJSDate();
  const ordinal = Math.ceil(start.day / 7);
  const month = start.startOf("month").plus({ months: n });
  let day = month.plus({ days: ((start.weekday - month.weekday + 7) % 7) + 7 * (ordinal - 1) });
  if (day.month !== month.month) day = day.minus({ weeks: 1 });
  return day.set({ hour: start.hour, minute: start.minute }).toJSDate();
}

/** The next `count` meetings strictly after `after`. */
export function occurrencesAfter(cadence: Cadence, anchor: Date, timeZone: string, after: Date, count: number): Date[] {
  const out: Date[] = [];
  const step = cadence === "monthly" ? 30 : cadence === "biweekly" ? 14 : 7;
  let n = Math.max(0, Math.floor((after.getTime() - anchor.getTime()) / (step * 86_400_000)) - 1);
  while (out.length < count && n < 100_000) {
    const at = nthOccurrence(cadence, anchor, timeZone, n++);
    if (at > after) out.push(at);
  }
  return out;
}

/** Where a meeting instant falls on the local week of `timeZone`. */
export function localSlot(at: Date, timeZone: string): { weekday: number; minutes: number } {
  const t = DateTime.fromJSDate(at, { zone: timeZone });
  return { weekday: t.weekday, minutes: t.hour * 60 + t.minute };
}

export { DEFAULT_BUFFER_MINUTES, DEFAULT_LUNCH } from "./schedule-defaults";

export type Interval = { from: number; to: number };
export type StaggerOptions = {
  /** Minutes kept free between two meetings (also around the person's existing meetings). */
  bufferMinutes?: number;
  /** A break no meeting overlaps (minutes of the day), such as lunch; no buffer is needed around it. */
  breaks?: Interval[];
};

/**
 * Places `count` meetings of `duration` minutes from `start`, one after another with
 * `bufferMinutes` between them and between them and the busy intervals (minutes of the same
 * day), never overlapping a break. Returns the start minutes, or null if the day is full.
 */
export function staggerSlots(start: number, duration: number, count: number, busy: Interval[], options: StaggerOptions = {}): number[] | null {
  const buffer = options.bufferMinutes ?? 0;
  const meetings = [...busy];
  const breaks = options.breaks ?? [];
  const out: number[] = [];
  let at = start;
  while (out.length < count) {
    if (at + duration > 24 * 60) return null;
    const clash = meetings.find((b) => at < b.to + buffer && b.from < at + duration + buffer);
    if (clash) {
      at = clash.to + buffer;
      continue;
    }
    const pause = breaks.find((b) => at < b.to && b.from < at + duration);
    if (pause) {
      at = pause.to;
      continue;
    }
    out.push(at);
    meetings.push({ from: at, to: at + duration });
    at += duration + buffer;
  }
  return out;
}
