import "server-only";
import { env } from "@/lib/env";
import { logFailure } from "@/lib/log";
import { handleDigest, type DigestJob } from "./digests";
import { handleDelivery } from "./mail";
import { getQueue, QUEUES, stopQueue } from "./queue";
import { handleReminder, sweepReminders, type ReminderJob } from "./reminders";
import { sweepNoteRetention } from "@/lib/server/leavers";
import { systemActor } from "@/lib/policy";

const store = globalThis as unknown as { __betweenUsWorker?: { sweep: NodeJS.Timeout; retention: NodeJS.Timeout } };

/** How often leavers' private notes past their org's retention period are looked for (lib/server/leavers.ts). */
const RETENTION_SWEEP_MS = 6 * 3600 * 1000;

async function sweepRetention() {
  const swept = await sweepNoteRetention(systemActor("retention"));
  // Counts and ids only: what a deleted note said never reaches a log.
  for (const p of swept.people) console.log(`retention: deleted ${p.notes} private notes and ${p.documents} note documents of deactivated user ${p.id}`);
}

/**
 * Starts the mail worker in this process: pg-boss workers for reminders, digests and SMTP
 * delivery, a periodic sweep that queues upcoming reminders, and the retention sweep of
 * leavers' private notes (at start, then every six hours). Safe to call twice.
 */
export async function startWorker(options: { sweepSeconds?: number; pollingSeconds?: number } = {}): Promise<void> {
  if (store.__betweenUsWorker) return;
  const sweepMs = (options.sweepSeconds ?? env().REMINDER_SWEEP_SECONDS) * 1000;
  const sweep = () => sweepReminders().catch((error: unknown) => logFailure("reminder sweep failed", error));
  const retention = () => sweepRetention().catch((error: unknown) => logFailure("retention sweep failed", error));
  store.__betweenUsWorker = { sweep: setInterval(() => void sweep(), sweepMs), retention: setInterval(() => void retention(), RETENTION_SWEEP_MS) };
  store.__betweenUsWorker.sweep.unref();
  store.__betweenUsWorker.retention.unref();
  const boss = await getQueue();
  const work = { pollingIntervalSeconds: options.pollingSeconds ?? 2, batchSize: 1 };
  await boss.work<ReminderJob>(QUEUES.reminder, work, async ([job]) => void (await handleReminder(job)));
  await boss.work<DigestJob>(QUEUES.digest, work, async ([job]) => void (await handleDigest(job)));
  await boss.work<{ outboxId: string }>(QUEUES.delivery, work, ([job]) => handleDelivery(job));
  await sweep();
  await retention();
}

/** Stops sweeping and working; running jobs finish first unless `graceful` is false. */
export async function stopWorker(options: { graceful?: boolean } = {}): Promise<void> {
  const held = store.__betweenUsWorker;
  store.__betweenUsWorker = undefined;
  if (held) {
    clearInterval(held.sweep);
    clearInterval(held.retention);
  }
  await stopQueue(options);
}
