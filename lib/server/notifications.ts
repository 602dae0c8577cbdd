import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notificationOptOuts } from "@/db/schema";
import { enqueueTopicDigests } from "@/lib/jobs/digests";
import { logFailure } from "@/lib/log";
import { type Actor, assertSignedIn } from "@/lib/policy";
import { NOTIFICATION_KINDS, type NotificationSettingInput } from "@/lib/validation/notifications";
import { ownRowsOnly } from "./scope";

/** Which mails the person receives: everything, unless they turned a kind off. */
export async function getNotificationSettings(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const off = await db.select({ kind: notificationOptOuts.kind }).from(notificationOptOuts).where(ownRowsOnly(notificationOptOuts.userId, actor));
  const offKinds = new Set(off.map((r) => r.kind));
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, !offKinds.has(kind)])) as Record<(typeof NOTIFICATION_KINDS)[number], boolean>;
}

/** Turns one kind of mail on or off for the person asking, and only for them. */
export async function setNotificationEnabled(actor: Actor, input: NotificationSettingInput) {
  assertSignedIn(actor);
  const db = await getDb();
  if (input.enabled) {
    await db.delete(notificationOptOuts).where(and(ownRowsOnly(notificationOptOuts.userId, actor), eq(notificationOptOuts.kind, input.kind)));
  } else {
    await db.insert(notificationOptOuts).values({ userId: actor.id, kind: input.kind }).onConflictDoNothing();
  }
  return { kind: input.kind, enabled: input.enabled };
}

/**
 * Call after a transaction that added topics has committed: queues the digest for the other
 * person of the pair. A queue failure is logged, never turned into a failed topic save.
 */
export async function notifyTopicsAdded(seriesId: string, meetingId: string, authorId: string): Promise<void> {
  try {
    await enqueueTopicDigests(seriesId, meetingId, authorId);
  } catch (error) {
    logFailure("could not queue the topic digest", error, { meetingId });
  }
}
