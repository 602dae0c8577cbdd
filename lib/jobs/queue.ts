import "server-only";
import PgBoss from "pg-boss";
import { getDb, type Db } from "@/db/client";
import { logFailure } from "@/lib/log";
import { executorFor } from "./executor";

export const QUEUES = { reminder: "meeting-reminder", digest: "topic-digest", delivery: "mail-delivery" } as const;

type Held = { db: Db; boss: Promise<PgBoss> };
const store = globalThis as unknown as { __betweenUsQueue?: Held };

// Completed jobs stay in the job table (their ids are the deduplication keys) for longer than
// any reminder or digest window, so sending the same key again is a no-op.
const KEEP_COMPLETED_SECONDS = 7 * 86_400;

async function startBoss(db: Db): Promise<PgBoss> {
  const boss = new PgBoss({
    db: executorFor(db),
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 60,
    archiveCompletedAfterSeconds: KEEP_COMPLETED_SECONDS,
    archiveFailedAfterSeconds: KEEP_COMPLETED_SECONDS,
    deleteAfterDays: 30,
  });
  boss.on("error", (error: unknown) => logFailure("job queue error", error));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    if (await boss.getQueue(name)) continue;
    // A worker that dies mid-job leaves it active; after expireInSeconds it is retried.
    await boss.createQueue(name, { name, retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 });
  }
  return boss;
}

/** The app database's pg-boss, started once per process (and per test database). */
export async function getQueue(): Promise<PgBoss> {
  const db = await getDb();
  if (store.__betweenUsQueue?.db !== db) {
    const boss = startBoss(db);
    store.__betweenUsQueue = { db, boss };
    boss.catch(() => {
      if (store.__betweenUsQueue?.boss === boss) store.__betweenUsQueue = undefined;
    });
  }
  return store.__betweenUsQueue.boss;
}

/** Stops pg-boss (waiting for running jobs unless `graceful` is false). The database stays open. */
export async function stopQueue(options: { graceful?: boolean } = {}): Promise<void> {
  const held = store.__betweenUsQueue;
  store.__betweenUsQueue = undefined;
  if (!held) return;
  const boss = await held.boss.catch(() => null);
  await boss?.stop({ graceful: options.graceful ?? true, wait: true, close: false, timeout: 10_000 });
}
