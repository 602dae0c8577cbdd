import "server-only";
import { logFailure } from "@/lib/log";
import { handleDigest, type DigestJob } from "./digests";
import { handleDelivery } from "./mail";
import { getQueue, QUEUES, stopQueue } from "./queue";
import { handleReminder, sweepReminders, type ReminderJob } from "./reminders";

const store = globalThis as unknown as { __betweenUsWorker?: { sweep: NodeJS.Timeout } };

/**
 * Starts the mail worker in this process: pg-boss workers for reminders, digests and SMTP
 * delivery, and a periodic sweep that queues upcoming reminders. Safe to call twice.
 */
export async function startWorker(options: { sweepSeconds?: number; pollingSeconds?: number } = {}): Promise<void> {
  if (store.__betweenUsWorker) return;
  const sweepMs = (options.sweepSeconds ?? Number(process.env.REMINDER_SWEEP_SECONDS ?? 30)) * 1000;
  const sweep = () =>
    sweepReminders().catch((error: unknown) => logFailure("reminder sweep failed", error));
  store.__betweenUsWorker = { sweep: setInterval(() => void sweep(), sweepMs) };
  store.__betweenUsWorker.sweep.unref();
  const boss = await getQueue();
  const work = { pollingIntervalSeconds: options.pollingSeconds ?? 2, batchSize: 1 };
  await boss.work<ReminderJob>(QUEUES.reminder, work, async ([job]) => void (await handleReminder(job)));
  await boss.work<DigestJob>(QUEUES.digest, work, async ([job]) => void (await handleDigest(job)));
  await boss.work<{ outboxId: string }>(QUEUES.delivery, work, ([job]) => handleDelivery(job));
  await sweep();
}

/** Stops sweeping and working; running jobs finish first unless `graceful` is false. */
export async function stopWorker(options: { graceful?: boolean } = {}): Promise<void> {
  const held = store.__betweenUsWorker;
  store.__betweenUsWorker = undefined;
  if (held) clearInterval(held.sweep);
  await stopQueue(options);
}
