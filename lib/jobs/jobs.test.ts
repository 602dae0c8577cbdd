import { and, eq, like, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { meetings, outbox, privateNotes, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { notifyTopicsAdded, setNotificationEnabled } from "@/lib/server/notifications";
import { startSeries } from "@/lib/server/series";
import { addTopic } from "@/lib/server/topics";
import { actorOf, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { handleDigest, type DigestJob } from "./digests";
import { getQueue, QUEUES, stopQueue } from "./queue";
import { handleReminder, sweepReminders, type ReminderJob } from "./reminders";
import { startWorker, stopWorker } from "./worker";

const HOUR = 3_600_000;

/** Fetches and handles every job of the queue that is due, as a worker would. */
async function drain<T>(name: string, handle: (job: PgBoss.Job<T>) => Promise<unknown>) {
  const boss = await getQueue();
  let handled = 0;
  for (let jobs = await boss.fetch<T>(name, { batchSize: 20 }); jobs.length; jobs = await boss.fetch<T>(name, { batchSize: 20 })) {
    for (const job of jobs) await handle(job);
    handled += jobs.length;
  }
  return handled;
}
const drainReminders = () => drain<ReminderJob>(QUEUES.reminder, (job) => handleReminder(job));
const drainDigests = () => drain<DigestJob>(QUEUES.digest, (job) => handleDigest(job));

describe("reminders and topic digests through the job queue", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const mailsTo = (email: string, subject = "") =>
    t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, email), like(outbox.subject, `${subject}%`)));
  const series: Record<string, { seriesId: string; meetingId: string }> = {};
  const moveTo = (meetingId: string, at: Date) => t.db.update(meetings).set({ scheduledAt: at }).where(eq(meetings.id, meetingId));

  beforeAll(async () => {
    for (const name of ["manager", "report1", "report2", "report3", "report4", "report5", "manager2", "report9"]) {
      who[name] = await actorOf(t.db, `${name}@demo.test`);
    }
    for (const name of ["report1", "report2", "report3", "report4", "report5"]) {
      [series[name]] = await startSeries(who.manager, seriesInput({ reportIds: [who[name].id] }));
    }
    // Meetings further away than two days stay out of the sweep unless a test moves them closer.
    await t.db.update(meetings).set({ scheduledAt: new Date(Date.now() + 10 * 86_400_000) });
  });
  afterAll(() => stopWorker({ graceful: false }));
  // "Due now" for pg-boss is start_after < now(); PGlite's clock ticks in milliseconds.
  const makeDue = async (name: string) =>
    (await getQueue())
      .getDb()
      .executeSql(`update pgboss.job set start_after = now() - interval '1 second' where name = $1 and state in ('created', 'retry')`, [name]);
  beforeEach(async () => {
    await drainReminders();
    await drainDigests();
  });

  it("queues one reminder per person 24 hours ahead, once, however often the sweep runs", async () => {
    const { meetingId } = series.report1;
    await moveTo(meetingId, new Date(Date.now() + 30 * HOUR));
    expect(await sweepReminders()).toBe(2);
    expect(await sweepReminders()).toBe(0);
    expect(await drainReminders()).toBe(0); // not due for another six hours
    expect(await sweepReminders(new Date(Date.now() + 7 * HOUR))).toBe(0);
    await makeDue(QUEUES.reminder);
    expect(await drainReminders()).toBe(2);
    const [toReport] = await mailsTo("report1@demo.test", "Reminder");
    expect(toReport).toMatchObject({ kind: "meeting_reminder", recipientId: who.report1.id });
    expect(toReport.subject).toContain("Priya Raman");
    expect(toReport.body).toContain(`/series/${series.report1.seriesId}/meetings/${meetingId}`);
    expect(await mailsTo("manager@demo.test", "Reminder: one-on-one with Jonas Weber")).toHaveLength(1);
    expect(await sweepReminders()).toBe(0);
    expect(await drainReminders()).toBe(0);
    expect(await mailsTo("report1@demo.test", "Reminder")).toHaveLength(1);
  });

  it("sends no reminder to a person who turned reminders off, and again once they turn them on", async () => {
    const { meetingId } = series.report2;
    await setNotificationEnabled(who.report2, { kind: "meeting_reminder", enabled: false });
    await moveTo(meetingId, new Date(Date.now() + 20 * HOUR));
    await sweepReminders();
    await drainReminders();
    expect(await mailsTo("report2@demo.test", "Reminder")).toHaveLength(0);
    expect(await mailsTo("manager@demo.test", "Reminder: one-on-one with Lena")).toHaveLength(0);
    expect((await mailsTo("manager@demo.test", "Reminder")).length).toBeGreaterThanOrEqual(2);
    await setNotificationEnabled(who.report2, { kind: "meeting_reminder", enabled: true });
    await moveTo(meetingId, new Date(Date.now() + 21 * HOUR));
    await sweepReminders();
    await drainReminders();
    expect(await mailsTo("report2@demo.test", "Reminder")).toHaveLength(1);
  });

  it("follows a moved meeting to its new time and skips a cancelled one", async () => {
    const { meetingId } = series.report3;
    await moveTo(meetingId, new Date(Date.now() + 40 * HOUR));
    expect(await sweepReminders()).toBe(2);
    await moveTo(meetingId, new Date(Date.now() + 5 * HOUR));
    expect(await sweepReminders()).toBe(2);
    await makeDue(QUEUES.reminder);
    expect(await drainReminders()).toBe(4);
    const mails = await mailsTo("report3@demo.test", "Reminder");
    expect(mails).toHaveLength(1);
    const [row] = await t.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(mails[0].body).toContain(String(row.scheduledAt.getUTCDate()));

    const cancelled = series.report4.meetingId;
    await moveTo(cancelled, new Date(Date.now() + 6 * HOUR));
    await sweepReminders();
    await t.db.update(meetings).set({ status: "cancelled" }).where(eq(meetings.id, cancelled));
    expect(await drainReminders()).toBe(2);
    expect(await mailsTo("report4@demo.test", "Reminder")).toHaveLength(0);
  });

  it("sends exactly one mail per job when the worker stops half-way and starts again", async () => {
    const ids = [series.report4.meetingId, series.report5.meetingId];
    await t.db.update(meetings).set({ status: "scheduled" }).where(eq(meetings.id, ids[0]));
    for (const [i, id] of ids.entries()) await moveTo(id, new Date(Date.now() + (8 + i) * HOUR));
    const before = (await t.db.select().from(outbox)).length;
    expect(await sweepReminders()).toBe(4);
    const boss = await getQueue();
    const taken = await boss.fetch<ReminderJob>(QUEUES.reminder, { batchSize: 3 });
    expect(taken).toHaveLength(3);
    await handleReminder(taken[0]);
    // The process dies: two jobs stay active, their mails never recorded.
    await stopQueue({ graceful: false });
    const restarted = await getQueue();
    expect(restarted).not.toBe(boss);
    await restarted.getDb().executeSql(`update pgboss.job set started_on = now() - interval '1 hour' where name = $1 and state = 'active'`, [QUEUES.reminder]);
    await restarted.maintain();
    await makeDue(QUEUES.reminder);
    expect(await drainReminders()).toBe(3);
    // A late duplicate delivery of a finished job records nothing.
    expect(await handleReminder(taken[0])).toBeNull();
    const after = await t.db.select().from(outbox);
    expect(after.length - before).toBe(4);
    for (const email of ["report4@demo.test", "report5@demo.test"]) expect(await mailsTo(email, "Reminder")).toHaveLength(1);
  });

  it("batches the report's new topics into one digest for the manager that says how many, from whom, with a link, and no text", async () => {
    const { seriesId, meetingId } = series.report1;
    await t.db.insert(privateNotes).values({ meetingId, authorId: who.report1.id, content: paragraphDoc("PRIVATE worry"), searchText: "PRIVATE worry" });
    for (const text of ["Career ladder", "Partner team handoffs"]) {
      await t.db.insert(topics).values({ meetingId, seriesId, authorId: who.report1.id, text });
      await notifyTopicsAdded(seriesId, meetingId, who.report1.id);
    }
    await t.db.insert(topics).values({ meetingId, seriesId, authorId: who.manager.id, text: "Manager's own point" });
    const boss = await getQueue();
    const waiting = await boss.getDb().executeSql(`select count(*)::int as n from pgboss.job where name = $1 and state = 'created'`, [QUEUES.digest]);
    expect((waiting.rows[0] as { n: number }).n).toBe(1);
    expect(await drainDigests()).toBe(0); // due when the hour is over
    await makeDue(QUEUES.digest);
    expect(await drainDigests()).toBe(1);
    const [mail, ...more] = await mailsTo("manager@demo.test", "2 new topics from Jonas Weber for your one-on-one on ");
    expect(more).toHaveLength(0);
    expect(mail).toMatchObject({ kind: "topic_digest", recipientId: who.manager.id });
    expect(mail.body).toContain("Jonas Weber added 2 new topics to the agenda");
    expect(mail.body).toContain(`/series/${seriesId}/meetings/${meetingId}`);
    expect(mail.subject + mail.body).not.toMatch(/Career ladder|Partner team handoffs|PRIVATE|Manager's own point/);
    expect(await mailsTo("report1@demo.test", "")).not.toContainEqual(expect.objectContaining({ subject: expect.stringMatching(/new topic/) }));
    await notifyTopicsAdded(seriesId, meetingId, who.report1.id);
    expect(await drainDigests()).toBe(0);
  });

  it("sends the report the manager's topics, unless the report turned digests off; never to outsiders", async () => {
    const { seriesId, meetingId } = series.report2;
    await t.db.insert(topics).values({ meetingId, seriesId, authorId: who.manager.id, text: "Quarterly goals" });
    await notifyTopicsAdded(seriesId, meetingId, who.manager.id);
    await notifyTopicsAdded(seriesId, meetingId, who.report9.id);
    await notifyTopicsAdded(series.report3.seriesId, meetingId, who.manager.id);
    await setNotificationEnabled(who.report2, { kind: "topic_digest", enabled: false });
    await makeDue(QUEUES.digest);
    expect(await drainDigests()).toBe(1);
    expect(await mailsTo("report2@demo.test", "1 new topic")).toHaveLength(0);
    const toManager = await t.db
      .select()
      .from(outbox)
      .where(sql`${outbox.body} like '%Quarterly goals%'`);
    expect(toManager).toHaveLength(0);
  });

  it("queues the digest when a topic is added through the topics layer", async () => {
    const { seriesId, meetingId } = series.report5;
    await addTopic(who.report5, { seriesId, meetingId, text: "Conference budget", kind: "strategic", category: "career_growth" });
    await makeDue(QUEUES.digest);
    expect(await drainDigests()).toBe(1);
    const [mail] = await mailsTo("manager@demo.test", "1 new topic from");
    expect(mail.body).toContain(`/series/${seriesId}/meetings/${meetingId}`);
    expect(mail.subject + mail.body).not.toContain("Conference budget");
  });

  it("runs as a worker that picks up due reminders by itself and can be stopped", async () => {
    await stopQueue();
    await moveTo(series.report1.meetingId, new Date(Date.now() + 3 * HOUR));
    await startWorker({ pollingSeconds: 0.5, sweepSeconds: 3600 });
    const deadline = Date.now() + 15_000;
    while ((await mailsTo("report1@demo.test", "Reminder")).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await mailsTo("report1@demo.test", "Reminder")).toHaveLength(2);
    await stopWorker();
    await moveTo(series.report1.meetingId, new Date(Date.now() + 4 * HOUR));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await mailsTo("report1@demo.test", "Reminder")).toHaveLength(2);
  });
});
