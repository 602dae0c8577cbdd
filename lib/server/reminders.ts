import "server-only";
// The reminder job's reads, as the system (lib/policy/system.ts): meeting times and the pair,
// never what the pair wrote.
import { and, eq, gt, lte } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { meetings, reportingLines, series } from "@/db/schema";
import type { Mail } from "@/lib/email";
import { appBaseUrl } from "@/lib/env";
import { formatMeetingTime } from "@/lib/format";
import { assertSystemMayRead, type SystemActor } from "@/lib/policy";
import { meetingFacts } from "./access";
import { lineOfSeries } from "./lines";
import { mailablePerson } from "./mail-recipients";

export type ReminderJob = { meetingId: string; userId: string; scheduledAt: string };

const DAY = 86_400_000;

/** Every scheduled meeting in the next two days, with the pair to remind. */
export async function meetingsToRemind(actor: SystemActor, now: Date = new Date()) {
  assertSystemMayRead(actor, "meetingSchedule");
  assertSystemMayRead(actor, "pair");
  const db = await getDb();
  return db
    .select({ meetingId: meetings.id, scheduledAt: meetings.scheduledAt, managerId: reportingLines.managerId, reportId: reportingLines.reportId })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .where(and(eq(meetings.status, "scheduled"), gt(meetings.scheduledAt, now), lte(meetings.scheduledAt, new Date(now.getTime() + 2 * DAY))));
}

/** The reminder for one person, unless the meeting was cancelled, moved, or the person opted out or lost access. */
export async function reminderMails(tx: Tx, actor: SystemActor, job: ReminderJob, now: Date = new Date()): Promise<Mail[]> {
  assertSystemMayRead(actor, "meetingSchedule");
  assertSystemMayRead(actor, "pair");
  const facts = await meetingFacts(tx, job.meetingId);
  if (!facts || facts.status !== "scheduled") return [];
  if (facts.scheduledAt.toISOString() !== job.scheduledAt || facts.scheduledAt <= now) return [];
  const person = await mailablePerson(tx, actor, facts, job.userId, "meeting_reminder");
  if (!person) return [];
  const other = person.id === facts.reportId ? facts.managerName : facts.reportName;
  const when = formatMeetingTime(facts.scheduledAt, facts.timeZone);
  const app = appBaseUrl();
  return [
    {
      orgId: facts.orgId,
      kind: "meeting_reminder",
      recipientId: person.id,
      to: person.email,
      subject: `Reminder: one-on-one with ${other}, ${when}`,
      body:
        `Hello ${person.name},\n\nYour one-on-one with ${other} is on ${when}, for ${facts.durationMinutes} minutes.\n\n` +
        `Add what you want to talk about to the shared agenda:\n${app}/series/${facts.seriesId}/meetings/${facts.meetingId}\n\n` +
        `You can turn these reminders off in your settings: ${app}/settings\n`,
    },
  ];
}
