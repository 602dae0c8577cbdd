import "server-only";
import type PgBoss from "pg-boss";
import { systemActor } from "@/lib/policy";
import { meetingsToRemind, reminderMails, type ReminderJob } from "@/lib/server/reminders";
import { jobId, recordMailsOnce } from "./mail";
import { getQueue, QUEUES } from "./queue";

export type { ReminderJob };

const DAY = 86_400_000;
const actor = systemActor("reminders");

/**
 * Puts a reminder job for each person of every scheduled meeting in the next two days, due 24
 * hours before it. The job id is made of meeting, person and time: sweeping again adds nothing,
 * and a moved meeting gets a reminder for its new time (the old job finds the time changed).
 */
export async function sweepReminders(now: Date = new Date()): Promise<number> {
  const boss = await getQueue();
  const rows = await meetingsToRemind(actor, now);
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
  return recordMailsOnce(job, (tx) => reminderMails(tx, actor, job.data, now));
}
