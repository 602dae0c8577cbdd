import { DateTime } from "luxon";

const pad = (n: number) => String(n).padStart(2, "0");
const offset = (minutes: number) => `${minutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
const offsetAt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).offset;
const WEEK = 7 * 86_400_000;

/** The instants in [fromYear, toYear] where `zone` changes its UTC offset (to the minute). */
export function offsetTransitions(zone: string, fromYear: number, toYear: number) {
  const out: { at: number; from: number; to: number }[] = [];
  const end = Date.UTC(toYear + 1, 0, 1);
  let t = Date.UTC(fromYear, 0, 1);
  let current = offsetAt(t, zone);
  while (t < end) {
    const next = Math.min(t + WEEK, end);
    const after = offsetAt(next, zone);
    if (after !== current) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = Math.floor((lo + hi) / 120_000) * 60_000;
        if (offsetAt(mid, zone) === current) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, from: current, to: after });
      current = after;
    }
    t = next;
  }
  return out;
}

/**
 * A VTIMEZONE for `zone` from the IANA data (through luxon), one observance per offset change
 * in the years given, so that calendar clients place each occurrence at the right instant.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  const changes = offsetTransitions(zone, fromYear, toYear);
  if (changes.length === 0) {
    const o = offset(offsetAt(Date.UTC(fromYear, 0, 1), zone));
    lines.push("BEGIN:STANDARD", "DTSTART:19700101T000000", `TZOFFSETFROM:${o}`, `TZOFFSETTO:${o}`, "END:STANDARD");
  }
  for (const change of changes) {
    const at = DateTime.fromMillis(change.at, { zone });
    const kind = at.isInDST ? "DAYLIGHT" : "STANDARD";
    // DTSTART is the local time the change happens at, read in the offset before it.
    const local = DateTime.fromMillis(change.at + change.from * 60_000, { zone: "utc" }).toFormat("yyyyLLdd'T'HHmmss");
    lines.push(`BEGIN:${kind}`, `DTSTART:${local}`, `TZOFFSETFROM:${offset(change.from)}`, `TZOFFSETTO:${offset(change.to)}`);
    if (at.offsetNameShort && !/^(GMT|UTC)[+-]/.test(at.offsetNameShort)) lines.push(`TZNAME:${at.offsetNameShort}`);
    lines.push(`END:${kind}`);
  }
  lines.push("END:VTIMEZONE");
  return lines.join("\r\n");
}
