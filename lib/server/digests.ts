import "server-only";
// The topic digest's reads, as the system (lib/policy/system.ts): who added how many topics
// when, never the topics' text.
import { and, asc, count, eq, gte, lt, ne } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { topics, users } from "@/db/schema";
import type { Mail } from "@/lib/email";
import { appBaseUrl } from "@/lib/env";
import { formatMeetingTime } from "@/lib/format";
import { assertSystemMayRead, type SystemActor } from "@/lib/policy";
import { meetingFacts } from "./access";
import { mailablePerson } from "./mail-recipients";

export type DigestJob = { meetingId: string; recipientId: string; hour: string };

const HOUR = 3_600_000;
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

/**
 * Who should hear about the author's recent topics on this meeting (the other person of the
 * pair), and the clock hours in which those topics were added: one digest per recipient and hour.
 */
export async function digestsDue(
  actor: SystemActor,
  input: { seriesId: string; meetingId: string; authorId: string },
  now: Date = new Date(),
): Promise<DigestJob[]> {
  assertSystemMayRead(actor, "pair");
  assertSystemMayRead(actor, "topicCounts");
  const db = await getDb();
  const facts = await meetingFacts(db, input.meetingId);
  if (!facts || facts.seriesId !== input.seriesId) return [];
  const recent = await db
    .select({ createdAt: topics.createdAt })
    .from(topics)
    .where(and(eq(topics.meetingId, input.meetingId), eq(topics.authorId, input.authorId), gte(topics.createdAt, new Date(now.getTime() - 2 * HOUR))));
  const hours = [...new Set(recent.map((t) => hourOf(t.createdAt).toISOString()))];
  return [facts.managerId, facts.reportId]
    .filter((id) => id !== input.authorId)
    .flatMap((recipientId) => hours.map((hour) => ({ meetingId: input.meetingId, recipientId, hour })));
}

/** The digest mail: how many topics who added in that hour, and a link; never the topics' text. */
export async function digestMails(tx: Tx, actor: SystemActor, job: DigestJob): Promise<Mail[]> {
  assertSystemMayRead(actor, "meetingSchedule");
  assertSystemMayRead(actor, "topicCounts");
  const facts = await meetingFacts(tx, job.meetingId);
  if (!facts || facts.status === "cancelled") return [];
  const person = await mailablePerson(tx, actor, facts, job.recipientId, "topic_digest");
  if (!person) return [];
  const from = new Date(job.hour);
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
  const app = appBaseUrl();
  return [
    {
      orgId: facts.orgId,
      kind: "topic_digest",
      recipientId: person.id,
      to: person.email,
      subject: `${topicsAdded} from ${authors} for your one-on-one on ${when}`,
      body:
        `Hello ${person.name},\n\n${authors} added ${topicsAdded} to the agenda of your one-on-one on ${when}.\n\n` +
        `Open the agenda to read them: ${app}/series/${facts.seriesId}/meetings/${facts.meetingId}\n\n` +
        `You can turn these digests off in your settings: ${app}/settings\n`,
    },
  ];
}
