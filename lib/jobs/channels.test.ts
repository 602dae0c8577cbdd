import { signInAs } from "@/test/actions-harness";
import crypto from "node:crypto";
import { format } from "node:util";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { meetings, outbox, shareRequests } from "@/db/schema";
import { runAction } from "@/lib/actions";
import { resetEnvForTests } from "@/lib/env";
import type { Actor } from "@/lib/policy";
import { addActionItem } from "@/lib/server/action-items";
import { calendarForToken, createFeed } from "@/lib/server/calendar-feeds";
import { addCheckIn, createGoal } from "@/lib/server/goals";
import { listOutbox } from "@/lib/server/outbox";
import { startSeries } from "@/lib/server/series";
import { decideShare, requestShare } from "@/lib/server/sharing";
import { addTopic } from "@/lib/server/topics";
import { invitePerson } from "@/lib/server/users";
import { saveWorkingAgreement } from "@/lib/server/working-agreement";
import { checkInSchema, createGoalSchema } from "@/lib/validation/goals";
import { inviteSchema } from "@/lib/validation/people";
import { addActionItemSchema } from "@/lib/validation/action-items";
import { workingAgreementSchema } from "@/lib/validation/working-agreement";
import { actorOf, useTestDatabase } from "@/test/db";
import { writeAgenda, writeNote } from "@/test/collab";
import { goalDraft, paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { handleDigest, type DigestJob } from "./digests";
import { handleDelivery } from "./mail";
import { getQueue, QUEUES } from "./queue";
import { handleReminder, sweepReminders, type ReminderJob } from "./reminders";

// Every channel that leaves the app or reaches an admin: a real SMTP server receives what the
// mail path sends, the outbox holds what the admin's page is built from, and the console is
// what the server logs. A marker written into every kind of a pair's content (topic, agenda,
// action item, goal, check-in, private note, working agreement, a sharing request's excerpt and
// reason) must appear in none of them, while the mail itself still arrives.
const RUN = crypto.randomBytes(8).toString("hex");
const marker = (what: string) => `${what}-${RUN}`;
const HOUR = 3_600_000;

type Received = { to: string[]; raw: string; text: string };

describe("mail, outbox and logs carry no content of a series", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const received: Received[] = [];
  const logged: string[] = [];
  let smtp: SMTPServer;
  let ids: { seriesId: string; meetingId: string };
  let calendarText = "";

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: readable(raw) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const { port } = smtp.server.address() as { port: number };
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${port}`);
    resetEnvForTests();
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(format(...args)));
    }

    for (const name of ["admin", "manager", "manager2", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [ids] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const { seriesId, meetingId } = ids;
    await t.db
      .update(meetings)
      .set({ scheduledAt: new Date(Date.now() + 20 * HOUR) })
      .where(eq(meetings.id, meetingId));

    await addTopic(who.report1, { seriesId, meetingId, text: marker("topic-by-report"), kind: "strategic", category: "career_growth" });
    await addTopic(who.manager, { seriesId, meetingId, text: marker("topic-by-manager"), kind: "strategic", category: "productivity" });
    await writeAgenda(who.manager, meetingId, paragraphDoc(marker("agenda")));
    await addActionItem(who.manager, addActionItemSchema.parse({ meetingId, text: marker("action-item"), owner: "report", dueDate: "" }));
    const goal = await createGoal(
      who.manager,
      createGoalSchema.parse({ ...goalDraft({ title: marker("goal-title"), specific: marker("goal-specific") }), seriesId }),
    );
    await addCheckIn(who.report1, checkInSchema.parse({ goalId: goal.id, checkedOn: utcDay(0), value: "1", note: marker("check-in") }));
    await writeNote(who.manager, meetingId, paragraphDoc(`Note ${marker("private-note")}`));
    await saveWorkingAgreement(
      who.manager,
      workingAgreementSchema.parse({
        seriesId,
        goalsAndExpectations: marker("agreement"),
        feedbackPreferences: marker("feedback"),
        challenges: marker("challenges"),
        format: "structured",
      }),
    );

    // Mail sent at once (sharing, invitation) goes straight to SMTP.
    await requestShare(who.manager, {
      meetingId,
      source: "private_note",
      excerpt: marker("private-note"),
      recipientId: who.manager2.id,
      reason: `Because ${marker("share-reason")}`,
    });
    const [request] = await t.db.select({ id: shareRequests.id }).from(shareRequests);
    await decideShare(who.report1, { requestId: request.id, decision: "approve" });
    expect((await invitePerson(who.admin, inviteSchema.parse({ email: "nia@demo.test", name: "Nia Newcomer" }), "https://between-us.test")).link).toBeNull();

    // A server action that fails on a query holding a pair's words: the log must not quote them.
    signInAs(who.manager);
    const failed = await runAction(z.object({}), {}, () => t.db.execute(sql`select ${marker("failed-query")}::int`));
    expect(failed).toMatchObject({ ok: false, code: "internal" });

    // The worker's jobs: reminders and digests, then their SMTP delivery.
    expect(await sweepReminders()).toBe(2);
    await makeDue();
    expect(await drain<ReminderJob>(QUEUES.reminder, (job) => handleReminder(job))).toBe(2);
    expect(await drain<DigestJob>(QUEUES.digest, (job) => handleDigest(job))).toBe(2);
    await makeDue();
    expect(await drain<{ outboxId: string }>(QUEUES.delivery, (job) => handleDelivery(job))).toBe(4);

    const feed = await createFeed(who.report1, { seriesId });
    calendarText =
      (await calendarForToken(
        feed.path
          .split("/")
          .pop()!
          .replace(/\.ics$/, ""),
        "https://between-us.test",
      )) ?? "";
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    resetEnvForTests();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  async function drain<T>(name: string, handle: (job: PgBoss.Job<T>) => Promise<unknown>) {
    const boss = await getQueue();
    let handled = 0;
    for (let jobs = await boss.fetch<T>(name, { batchSize: 20 }); jobs.length; jobs = await boss.fetch<T>(name, { batchSize: 20 })) {
      for (const job of jobs) await handle(job);
      handled += jobs.length;
    }
    return handled;
  }
  const makeDue = async () =>
    (await getQueue()).getDb().executeSql(`update pgboss.job set start_after = now() - interval '1 second' where state in ('created', 'retry')`, []);
  const mailTo = (email: string, subject: RegExp) => received.filter((m) => m.to.includes(email) && subject.test(decodedSubject(m.raw)));

  it("delivers every mail the run caused through SMTP: reminders, digests, sharing and the invitation", async () => {
    const rows = await t.db.select({ kind: outbox.kind, to: outbox.toAddress, sentAt: outbox.sentAt }).from(outbox);
    expect(rows.map((r) => `${r.kind} ${r.to}`).sort()).toEqual([
      "excerpt_shared manager2@demo.test",
      "invitation nia@demo.test",
      "meeting_reminder manager@demo.test",
      "meeting_reminder report1@demo.test",
      "sharing_decision manager@demo.test",
      "sharing_request report1@demo.test",
      "topic_digest manager@demo.test",
      "topic_digest report1@demo.test",
    ]);
    expect(rows.every((r) => r.sentAt)).toBe(true);
    expect(received).toHaveLength(rows.length);
    expect((await listOutbox(who.admin)).map((m) => m.status)).toEqual(rows.map(() => "sent"));
  });

  it("says in the digest how many topics who added, with a link to the meeting", () => {
    const link = `/series/${ids.seriesId}/meetings/${ids.meetingId}`;
    const [toManager] = mailTo("manager@demo.test", /^1 new topic from Jonas Weber for your one-on-one on /);
    expect(toManager.text).toContain("Jonas Weber added 1 new topic to the agenda");
    expect(toManager.text).toContain(link);
    const [toReport] = mailTo("report1@demo.test", /^1 new topic from Priya Raman for your one-on-one on /);
    expect(toReport.text).toContain(link);
  });

  it("puts no marker into any received mail, subject or body", () => {
    expect(received.length).toBeGreaterThan(0);
    for (const mail of received) expect(mail.text, `mail to ${mail.to.join(", ")}`).not.toContain(RUN);
  });

  it("puts no marker into any outbox row", async () => {
    const rows = await t.db.select().from(outbox);
    expect(JSON.stringify(rows)).not.toContain(RUN);
  });

  it("logs the failed action without quoting its query", () => {
    expect(logged.some((line) => line.includes("server action failed"))).toBe(true);
    for (const line of logged) expect(line).not.toContain(RUN);
  });

  it("puts no marker into the calendar feed", () => {
    expect(calendarText).toContain("BEGIN:VCALENDAR");
    expect(calendarText).not.toContain(RUN);
  });
});

/**
 * The mail as a reader would see it, whatever transfer encoding nodemailer chose: the raw text,
 * its quoted-printable decoding, every base64 block decoded, and the decoded subject.
 */
function readable(raw: string): string {
  const qp = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const base64 = (raw.match(/(?:^[A-Za-z0-9+/=]{16,}\r?\n?)+/gm) ?? []).map((block) => Buffer.from(block.replace(/\s/g, ""), "base64").toString("utf8"));
  return [raw, Buffer.from(qp, "latin1").toString("utf8"), ...base64, decodedSubject(raw)].join("\n");
}

/** The Subject header, unfolded and decoded from RFC 2047 encoded words. */
function decodedSubject(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? "";
  return header
    .replace(/\r?\n[ \t]/g, " ")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    )
    .trim();
}
