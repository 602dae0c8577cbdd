import "server-only";
import { and, asc, count, eq, gte, lt, ne } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { getDb } from "@/db/client";
import { topics, users } from "@/db/schema";
import { formatMeetingTime } from "@/lib/format";
import { appUrl, jobId, mailablePerson, meetingFacts, recordMailsOnce } from "./mail";
import { getQueue, QUEUES } from "./queue";

export type DigestJob = { meetingId: string; recipientId: string; hour: string };

const HOUR = 3_600_000;
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

/**
 * After someone added topics to a meeting: one digest job per recipient and clock hour in which
 * the author's recent topics were created, run when that hour is over. Topics added in the same
 * hour land in the same job, so the other person gets at most one mail per meeting per hour.
 */
export async function enqueueTopicDigests(seriesId: string, meetingId: string, authorId: string, now: Date = new Date()) {
  const db = await getDb();
  const boss = await getQueue();
  const facts = await meetingFacts(db, meetingId);
  if (!facts || facts.seriesId !== seriesId) return 0;
  const recent = await db
    .select({ createdAt: topics.createdAt })
    .from(topics)
    .where(and(eq(topics.meetingId, meetingId), eq(topics.authorId, authorId), gte(topics.createdAt, new Date(now.getTime() - 2 * HOUR))));
  const hours = [...new Set(recent.map((t) => hourOf(t.createdAt).toISOString()))];
  let added = 0;
  for (const recipientId of [facts.managerId, facts.reportId].filter((id) => id !== authorId)) {
    for (const hour of hours) {
      const data: DigestJob = { meetingId, recipientId, hour };
      const startAfter = new Date(new Date(hour).getTime() + HOUR);
      if (await boss.send(QUEUES.digest, data, { id: jobId(`digest:${meetingId}:${recipientId}:${hour}`), startAfter })) added++;
    }
  }
  return added;
}

/**
 * The digest mail: how many topics who added, and a link. Never the topics' text: mail leaves
 * the app (SMTP, the outbox), and what a pair wrote stays in the app.
 */
export async function handleDigest(job: PgBoss.Job<DigestJob>) {
  return recordMailsOnce(job, async (tx) => {
    const facts = await meetingFacts(tx, job.data.meetingId);
    if (!facts || facts.status === "cancelled") return [];
    const person = await mailablePerson(tx, facts, job.data.recipientId, "topic_digest");
    if (!person) return [];
    const from = new Date(job.data.hour);
    const added = await tx
      .select({ authorName: users.name, count: count() })
      .from(topics)
      .innerJoin(users, eq(users.id, topics.authorId))
      .where(
        and(
          eq(topics.meetingId, facts.meetingId),
          ne(topics.authorId, person.id),
          gte(topics.createdAt, from),
          lt(topics.createdAt, new Date(from.getTime() + HOUR)),
        ),
      )
      .groupBy(users.name)
      .orderBy(asc(users.name));
    const total = added.reduce((sum, a) => sum + a.count, 0);
    if (total === 0) return [];
    const authors = added.map((a) => a.authorName).join(" and ");
    const when = formatMeetingTime(facts.scheduledAt, facts.timeZone);
    const topicsAdded = total === 1 ? "1 new topic" : `${total} new topics`;
    return [
      {
        orgId: facts.orgId,
        kind: "topic_digest" as const,
        recipientId: person.id,
        to: person.email,
        subject: `${topicsAdded} from ${authors} for your one-on-one on ${when}`,
        body:
          `Hello ${person.name},\n\n${authors} added ${topicsAdded} to the agenda of your one-on-one on ${when}.\n\n` +
          `Open the agenda to read them: ${appUrl()}/series/${facts.seriesId}/meetings/${facts.meetingId}\n\n` +
          `You can turn these digests off in your settings: ${appUrl()}/settings\n`,
      },
    ];
  });
}
