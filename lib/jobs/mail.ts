import "server-only";
import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import type { Tx } from "@/db/client";
import type { Mail } from "@/lib/email";
import { env } from "@/lib/env";
import { systemActor } from "@/lib/policy";
import { deliverQueued, recordMails } from "@/lib/server/outbox";
import { transactionExecutor } from "./executor";
import { getQueue, QUEUES } from "./queue";

/** A job id derived from a key: sending the same key twice inserts one job. */
export function jobId(key: string): string {
  const h = crypto.createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Records the job's mails in the outbox and marks the job completed in the same transaction,
 * so a crash either leaves both undone (the job is retried) or both done (never sent twice).
 * Returns the outbox ids, or null when the job had already been completed elsewhere.
 */
export async function recordMailsOnce(job: PgBoss.Job<unknown>, build: (tx: Tx) => Promise<Mail[]>): Promise<string[] | null> {
  const boss = await getQueue();
  return recordMails(build, async (tx, ids) => {
    const executor = transactionExecutor(tx);
    if (env().SMTP_URL) await queueDeliveries(boss, tx, ids);
    // Only a job that is still active for this worker completes; pg-boss's own completion
    // after the handler returns is then a no-op.
    const done = (await boss.complete(job.name, job.id, {}, { db: executor })) as unknown as { affected: number };
    if (done.affected !== 1) throw new AlreadyDone();
  }).catch((error: unknown) => {
    if (error instanceof AlreadyDone) return null;
    throw error;
  });
}

class AlreadyDone extends Error {}

/**
 * A delivery job for each outbox row, in the caller's transaction: the worker sends them through
 * SMTP (and retries), not the request. Take `boss` from getQueue() before opening the
 * transaction: on PGlite, starting the queue inside one would wait for it.
 */
export async function queueDeliveries(boss: PgBoss, tx: Tx, ids: string[]): Promise<void> {
  const executor = transactionExecutor(tx);
  for (const id of ids) await boss.send(QUEUES.delivery, { outboxId: id }, { id: jobId(`deliver:${id}`), db: executor });
}

/** Sends one outbox row through SMTP; throws while it is unsent so that pg-boss retries it. */
export async function handleDelivery(job: PgBoss.Job<{ outboxId: string }>): Promise<void> {
  if (!env().SMTP_URL) return; // SMTP was turned off since: the outbox is the delivery.
  if (!(await deliverQueued(systemActor("delivery"), job.data.outboxId))) throw new Error("SMTP delivery failed; will retry");
}
