import "server-only";
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type PgBoss from "pg-boss";
import { getDb, type Db, type Tx } from "@/db/client";
import { meetings, notificationOptOuts, outbox, reportingLines, series, users } from "@/db/schema";
import { deliver, queueMail, type Mail } from "@/lib/email";
import { allows, seriesRelation } from "@/lib/policy";
import { transactionExecutor } from "./executor";
import { getQueue, QUEUES } from "./queue";

export type NotificationKind = "meeting_reminder" | "topic_digest";

/** A job id derived from a key: sending the same key twice inserts one job. */
export function jobId(key: string): string {
  const h = crypto.createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function appUrl(): string {
  return (process.env.APP_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/** A meeting with its series and the pair, for deciding who gets what. */
export async function meetingFacts(tx: Db | Tx, meetingId: string) {
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const [row] = await tx
    .select({
      meetingId: meetings.id,
      seriesId: series.id,
      status: meetings.status,
      scheduledAt: meetings.scheduledAt,
      durationMinutes: meetings.durationMinutes,
      timeZone: series.timeZone,
      orgId: reportingLines.orgId,
      managerId: reportingLines.managerId,
      reportId: reportingLines.reportId,
      lineActiveFrom: reportingLines.activeFrom,
      lineActiveTo: reportingLines.activeTo,
      managerName: manager.name,
      reportName: report.name,
    })
    .from(meetings)
    .innerJoin(series, eq(series.id, meetings.seriesId))
    .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(eq(meetings.id, meetingId));
  return row ?? null;
}
export type MeetingFacts = NonNullable<Awaited<ReturnType<typeof meetingFacts>>>;

/**
 * The person, if they may still read the series (lib/policy decides; an ended reporting line
 * or a deactivated account ends the mail too) and have not turned this kind of mail off.
 */
export async function mailablePerson(tx: Tx, facts: MeetingFacts, userId: string, kind: NotificationKind) {
  const [person] = await tx
    .select({ id: users.id, orgId: users.orgId, orgRole: users.orgRole, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!person?.active) return null;
  if (!allows("seriesContent", seriesRelation(person, facts), "read")) return null;
  const [optedOut] = await tx
    .select({ kind: notificationOptOuts.kind })
    .from(notificationOptOuts)
    .where(and(eq(notificationOptOuts.userId, userId), eq(notificationOptOuts.kind, kind)));
  return optedOut ? null : person;
}

/**
 * Records the job's mails in the outbox and marks the job completed in the same transaction,
 * so a crash either leaves both undone (the job is retried) or both done (never sent twice).
 * Returns the outbox ids, or null when the job had already been completed elsewhere.
 */
export async function recordMailsOnce(job: PgBoss.Job<unknown>, build: (tx: Tx) => Promise<Mail[]>): Promise<string[] | null> {
  const boss = await getQueue();
  const db = await getDb();
  const ids = await db
    .transaction(async (tx) => {
      const out: string[] = [];
      for (const mail of await build(tx)) out.push(await queueMail(tx, mail));
      const executor = transactionExecutor(tx);
      if (process.env.SMTP_URL) {
        for (const id of out) await boss.send(QUEUES.delivery, { outboxId: id }, { id: jobId(`deliver:${id}`), db: executor });
      }
      // Only a job that is still active for this worker completes; pg-boss's own completion
      // after the handler returns is then a no-op.
      const done = (await boss.complete(job.name, job.id, {}, { db: executor })) as unknown as { affected: number };
      if (done.affected !== 1) throw new AlreadyDone();
      return out;
    })
    .catch((error: unknown) => {
      if (error instanceof AlreadyDone) return null;
      throw error;
    });
  return ids;
}

class AlreadyDone extends Error {}

/** Sends one outbox row through SMTP; throws while it is unsent so that pg-boss retries it. */
export async function handleDelivery(job: PgBoss.Job<{ outboxId: string }>): Promise<void> {
  if (!process.env.SMTP_URL) return; // SMTP was turned off since: the outbox is the delivery.
  const db = await getDb();
  await deliver(db, [job.data.outboxId]);
  const [row] = await db.select({ sentAt: outbox.sentAt }).from(outbox).where(eq(outbox.id, job.data.outboxId));
  if (row && !row.sentAt) throw new Error("SMTP delivery failed; will retry");
}
