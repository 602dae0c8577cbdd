import { DateTime } from "luxon";

export function formatMeetingTime(at: Date | string, timeZone?: string): string {
  const t = DateTime.fromJSDate(typeof at === "string" ? new Date(at) : at, { zone: timeZone ?? "UTC" });
  return t.toFormat("ccc d LLL yyyy, HH:mm") + (timeZone ? ` (${timeZone})` : " UTC");
}

export function formatDate(at: Date | string): string {
  return DateTime.fromJSDate(typeof at === "string" ? new Date(at) : at, { zone: "UTC" }).toFormat("d LLL yyyy");
}

/**
 * A time as the viewer reads it: in their own zone (their setting), with the series' zone beside
 * it where the two differ. Without a zone of their own, the series' zone (else UTC) stands in.
 */
export function formatTimeFor(at: Date | string, viewerZone: string | null | undefined, seriesZone?: string): string {
  const zone = viewerZone ?? seriesZone;
  if (!zone) return formatMeetingTime(at);
  const main = formatMeetingTime(at, zone);
  if (!seriesZone || seriesZone === zone) return main;
  const when = typeof at === "string" ? new Date(at) : at;
  const here = DateTime.fromJSDate(when, { zone });
  const there = DateTime.fromJSDate(when, { zone: seriesZone });
  const other = there.toISODate() === here.toISODate() ? there.toFormat("HH:mm") : there.toFormat("ccc d LLL, HH:mm");
  return `${main}; ${other} in ${seriesZone}`;
}

/** A calendar day in the viewer's zone (UTC without one). */
export function formatDateFor(at: Date | string, viewerZone: string | null | undefined): string {
  return DateTime.fromJSDate(typeof at === "string" ? new Date(at) : at, { zone: viewerZone ?? "UTC" }).toFormat("d LLL yyyy");
}
