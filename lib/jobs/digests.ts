import "server-only";
import type PgBoss from "pg-boss";
import { systemActor } from "@/lib/policy";
import { digestMails, digestsDue, type DigestJob } from "@/lib/server/digests";
import { jobId, recordMailsOnce } from "./mail";
import { getQueue, QUEUES } from "./queue";

export type { DigestJob };

const HOUR = 3_600_000;
const actor = systemActor("digests");

/**
 * After someone added topics to a meeting: one digest job per recipient and clock hour in which
 * the author's recent topics were created, run when that hour is over. Topics added in the same
 * hour land in the same job, so the other person gets at most one mail per meeting per hour.
 */
export async function enqueueTopicDigests(seriesId: string, meetingId: string, authorId: string, now: Date = new Date()) {
  const boss = await getQueue();
  let added = 0;
  for (const data of await digestsDue(actor, { seriesId, meetingId, authorId }, now)) {
    const startAfter = new Date(new Date(data.hour).getTime() + HOUR);
    if (await boss.send(QUEUES.digest, data, { id: jobId(`digest:${meetingId}:${data.recipientId}:${data.hour}`), startAfter })) added++;
  }
  return added;
}

/**
 * The digest mail: how many topics who added, and a link. Never the topics' text: mail leaves
 * the app (SMTP, the outbox), and what a pair wrote stays in the app.
 */
export async function handleDigest(job: PgBoss.Job<DigestJob>) {
  return recordMailsOnce(job, (tx) => digestMails(tx, actor, job.data));
}
