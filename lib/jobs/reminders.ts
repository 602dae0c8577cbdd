import "server-only";
import { and, eq, gt, lte } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { getDb } from "@/db/client";
import { meetings, reportingLines, series } from "@/db/schema";
import { formatMeetingTime } from "@/lib/format";
import { appUrl, jobId, mailablePerson, meetingFacts, recordMailsOnce } from "./mail";
import { getQueue, QUEUES } from "./queue";

export type ReminderJob = { meetingId: string; userId: string; scheduledAt: string };

const DAY = 86_400_000;

/**
 * Puts a reminder job for each person of every scheduled meeting in the next two days, due 24
 * hours before it. The job id is made of meeting, person and time: sweeping again adds nothing,
 * and a moved meeting gets a reminder for its new time (the old job finds the time changed).
 */
export async function sweepReminders(now: Date = new Date()): Promise<number> {
  const db = await getDb();
  const boss = await getQueue();
  const rows = await db
    .select({ meetingId: meetings.id, scheduledAt: meetings.scheduledAt, managerId: reportingLines.managerId, reportId: reportingLines.reportId })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
    .where(and(eq(meetings.status, "scheduled"), gt(meetings.scheduledAt, now), lte(meetings.scheduledAt, new Date(now.getTime() + 2 * DAY))));
  let added = 0;
  for (const row of rows) {
    const scheduledAt = row.scheduledAt.toISOString();
    const startAfter = new Date(Math.max(now.getTime(), row.scheduledAt.getTime() - DAY));
    for (const userId of [row.managerId, row.reportId]) {
      const data: ReminderJob = { meetingId: row.meetingId, userId, scheduledAt };
      const id = await boss.send(QUEUES.reminder, data, { id: jobId(`reminder:${row.meetingId}:${userId}:${scheduledAt}`), startAfter });
      if (id) added++;
    }
  }
  return added;
}

/** Sends one reminder, unless the meeting was cancelled, moved, or the person opted out or lost access. */
export async function handleReminder(job: PgBoss.Job<ReminderJob>, now: Date = new Date()) {
  return recordMailsOnce(job, async (tx) => {
    const facts = await meetingFacts(tx, job.data.meetingId);
    if (!facts || facts.status !== "scheduled") return [];
    if (facts.scheduledAt.toISOString() !== job.data.scheduledAt || facts.scheduledAt <= now) return [];
    const person = await mailablePerson(tx, facts, job.data.userId, "meeting_reminder");
    if (!person) return [];
    const other = person.id === facts.reportId ? facts.managerName : facts.reportName;
    const when = formatMeetingTime(facts.scheduledAt, facts.timeZone);
    return [
      {
        orgId: facts.orgId,
        kind: "meeting_reminder" as const,
        recipientId: person.id,
        to: person.email,
        subject: `Reminder: one-on-one with ${other}, ${when}`,
        body:
          `Hello ${person.name},\n\nYour one-on-one with ${other} is on ${when}, for ${facts.durationMinutes} minutes.\n\n` +
          `Add what you want to talk about to the shared agenda:\n${appUrl()}/series/${facts.seriesId}/meetings/${facts.meetingId}\n\n` +
          `You can turn these reminders off in your settings: ${appUrl()}/settings\n`,
      },
    ];
  });
}
