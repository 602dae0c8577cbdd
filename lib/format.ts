import { DateTime } from "luxon";

export function formatMeetingTime(at: Date | string, timeZone?: string): string {
  const t = DateTime.fromJSDate(typeof at === "string" ? new Date(at) : at, { zone: timeZone ?? "UTC" });
  return t.toFormat("ccc d LLL yyyy, HH:mm") + (timeZone ? ` (${timeZone})` : " UTC");
}

export function formatDate(at: Date | string): string {
  return DateTime.fromJSDate(typeof at === "string" ? new Date(at) : at, { zone: "UTC" }).toFormat("d LLL yyyy");
}
