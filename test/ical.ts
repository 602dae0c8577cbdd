import ICAL from "ical.js";

/**
 * Reads a feed back with ical.js (independent of ical-generator and rrule) and lists the
 * occurrences of the series' recurring event, with moved ones at their new time.
 */
export function occurrencesOf(text: string, after: Date, count: number): Date[] {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const events = root.getAllSubcomponents("vevent");
  const master = events.find((e) => e.hasProperty("rrule"));
  if (!master) throw new Error("no recurring event");
  const uid = master.getFirstPropertyValue("uid");
  const exceptions = events.filter((e) => e.hasProperty("recurrence-id") && e.getFirstPropertyValue("uid") === uid);
  const event = new ICAL.Event(master, { exceptions });
  const it = event.iterator();
  const out: Date[] = [];
  for (let next = it.next(); next && out.length < count; next = it.next()) {
    const at = event.getOccurrenceDetails(next).startDate.toJSDate();
    if (at > after) out.push(at);
  }
  return out;
}

export function parseFeed(text: string) {
  return new ICAL.Component(ICAL.parse(text));
}
