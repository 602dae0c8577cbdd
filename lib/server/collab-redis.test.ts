import net from "node:net";
import { eq, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { meetings, users } from "@/db/schema";
import { accessChanged } from "@/lib/collab/access-events";
import { resetEnvForTests } from "@/lib/env";
import { agendaDocumentName, noteDocumentName } from "@/lib/collab/names";
import { startCollabServer } from "@/lib/collab/server";
import type { Actor } from "@/lib/policy";
import { connect, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { issueAgendaToken, issueNoteToken } from "./collab";
import { startSeries } from "./series";

const REDIS_URL = "redis://127.0.0.1:6379";
const within = <T>(p: Promise<T>, ms: number, fallback: T) => Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), ms))]);

/** Whether Redis answers on 127.0.0.1:6379 (it does here and in CI; elsewhere the test says why it skips). */
const redisUp = await new Promise<boolean>((resolve) => {
  const socket = net.connect(6379, "127.0.0.1");
  socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
  socket.once("connect", () => (socket.destroy(), resolve(true)));
  socket.once("error", () => resolve(false));
});
if (!redisUp) console.warn("collab-redis.test.ts skipped: no Redis on 127.0.0.1:6379 (start one to run it)");

/**
 * Access ends at once with several instances too: the action that changes access runs on one
 * instance, the open connection lives on another. The event goes through Redis: the first test
 * shows that an action's accessChanged publishes it there; the second, that a collaboration
 * server with Redis closes or downgrades its connections on an event it did not raise itself
 * (published by another process, straight on Redis; nothing in this process emits it). The
 * periodic check is a minute here, so a close within two seconds is the event's.
 */
describe.skipIf(!redisUp)("access changes across instances, through Redis", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];
  let other: Redis;
  let channel = "";

  beforeAll(async () => {
    who.manager = await actorOf(t.db, "manager@demo.test");
    who.report = await actorOf(t.db, "report8@demo.test");
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000, redisUrl: REDIS_URL });
    // "Another instance": its own Redis connection.
    other = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
    await other?.quit();
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("publishes an action's access change on Redis for the other instances", async () => {
    const listener = new Redis(REDIS_URL);
    try {
      const seen = new Promise<{ channel: string; change: unknown }>((resolve) => {
        listener.on("pmessage", (_pattern: string, on: string, message: string) => {
          const change = JSON.parse(message) as { userId?: string };
          // Other test runs may share this Redis: only ours counts.
          if (change.userId === who.report.id) resolve({ channel: on, change });
        });
      });
      await listener.psubscribe("*:access-changed");
      vi.stubEnv("REDIS_URL", REDIS_URL);
      resetEnvForTests(); // configuration is read once; this test sets it late
      accessChanged({ userId: who.report.id });
      const got = await within(seen, 3_000, null);
      expect(got?.change).toEqual({ userId: who.report.id });
      channel = got!.channel;
    } finally {
      await listener.quit();
    }
  });

  it("closes a person's connection, and downgrades a completed meeting's agenda, on an event from another instance", async () => {
    expect(channel).not.toBe("");
    const [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report.id] }));
    const note = connect(server.port, noteDocumentName(meetingId, who.report.id), (await issueNoteToken(who.report, { meetingId })).token);
    const agenda = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(who.manager, { meetingId })).token);
    clients.push(note, agenda);
    expect(await note.outcome).toBe("synced");
    expect(await agenda.outcome).toBe("synced");

    // The other instance signed the report out everywhere (its database write; its event on Redis).
    await t.db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, who.report.id));
    // Without the event, nothing happens before the periodic check.
    expect(await within(note.closed, 500, "still open")).toBe("still open");
    await other.publish(channel, JSON.stringify({ userId: who.report.id }));
    expect(await within(note.closed, 2_000, "still open")).toBe("access-removed");
    // The manager's agenda connection is not concerned.
    expect(await within(agenda.closed, 300, "still open")).toBe("still open");

    // The other instance completed the meeting: the agenda connection turns read-only.
    await t.db.update(meetings).set({ status: "completed", completedAt: new Date() }).where(eq(meetings.id, meetingId));
    await other.publish(channel, JSON.stringify({ meetingId }));
    expect(await within(agenda.closed, 2_000, "still open")).toBe("meeting-completed");
  });
});
