import ical, { ICalEventStatus } from "ical-generator";

export type CalendarMeeting = {
  id: string;
  status: string;
  scheduledAt: Date;
  durationMinutes: number;
  managerName: string;
  reportName: string;
};

/**
 * A person's meetings as one iCalendar file for their export: one event per meeting, in UTC (so
 * no time zone table is needed), cancelled ones marked CANCELLED. Like the live feeds it holds the
 * pair's names only: a calendar is copied to places the record is not, so never agenda, topics or notes.
 */
export function buildMeetingsCalendar(meetings: CalendarMeeting[]): string {
  const calendar = ical({
    name: "Between Us: my one-on-ones",
    prodId: { company: "Between Us", product: "Between Us", language: "EN" },
  });
  for (const m of meetings) {
    calendar.createEvent({
      id: `meeting-${m.id}@between-us`,
      summary: `One-on-one: ${m.managerName} & ${m.reportName}`,
      start: m.scheduledAt,
      end: new Date(m.scheduledAt.getTime() + m.durationMinutes * 60_000),
      status: m.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
