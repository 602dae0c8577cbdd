import { EventEmitter } from "node:events";
import { env } from "@/lib/env";

/**
 * "Someone's access may have just changed": sent by the lib/server action that changed it
 * (sign out everywhere, deactivation, the end of a reporting line or covering range, the
 * completion of a meeting), so the collaboration server re-reads access for the open
 * connections it concerns at once instead of at its next periodic check. With REDIS_URL set,
 * it also reaches the collaboration servers of other instances (Redis pub/sub).
 * A change names a person, a meeting, or nothing (then every connection is checked again).
 */
export type AccessChange = { userId?: string; meetingId?: string };

const CHANNEL = `${env().COLLAB_REDIS_PREFIX}:access-changed`;
type RedisLike = { publish(channel: string, message: string): Promise<unknown>; quit(): Promise<unknown> };
const store = globalThis as unknown as { __betweenUsAccess?: { emitter: EventEmitter; publisher?: Promise<RedisLike | null> } };
const state = (store.__betweenUsAccess ??= { emitter: new EventEmitter().setMaxListeners(50) });

async function publisher(): Promise<RedisLike | null> {
  const url = env().REDIS_URL;
  if (!url) return null;
  state.publisher ??= import("ioredis")
    .then(({ Redis }) => new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 }) as unknown as RedisLike)
    .catch(() => null);
  return state.publisher;
}

/** Tells every collaboration server (this process, and others through Redis) to check again. */
export function accessChanged(change: AccessChange = {}): void {
  state.emitter.emit("change", change);
  void publisher()
    .then((redis) => redis?.publish(CHANNEL, JSON.stringify(change)))
    .catch((error: unknown) => console.error("collab: could not publish an access change", error));
}

/** Listens for access changes (local ones, and other instances' through Redis when redisUrl is set). */
export async function onAccessChanged(listener: (change: AccessChange) => void, redisUrl?: string | null): Promise<() => Promise<void>> {
  state.emitter.on("change", listener);
  let subscriber: { quit(): Promise<unknown> } | null = null;
  if (redisUrl) {
    const { Redis } = await import("ioredis");
    const redis = new Redis(redisUrl);
    await redis.subscribe(CHANNEL);
    redis.on("message", (_channel: string, message: string) => {
      try {
        listener(JSON.parse(message) as AccessChange);
      } catch {
        // Not ours: ignore.
      }
    });
    subscriber = redis;
  }
  return async () => {
    state.emitter.off("change", listener);
    await subscriber?.quit();
  };
}
