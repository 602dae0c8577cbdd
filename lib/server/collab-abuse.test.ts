import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { collabDocuments, collabUpdates } from "@/db/schema";
import { CONNECTION_UPDATES, MAX_SOCKETS_PER_ADDRESS } from "@/lib/collab/limits";
import { agendaDocumentName, YJS_FIELD } from "@/lib/collab/names";
import { startCollabServer } from "@/lib/collab/server";
import type { Actor } from "@/lib/policy";
import { allText, connect, sendRawUpdate, updateOf, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { issueAgendaToken } from "./collab";
import { appendCollabUpdate, compactPendingDocuments, isQuarantined } from "./collab-store";
import { startSeries } from "./series";

const within = <T>(p: Promise<T>, ms: number, fallback: T) => Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), ms))]);

/**
 * The other person of a pair is not necessarily friendly: a signed-in person with a valid token, using a raw client (y-protocols framing, no
 * editor), can neither break a document for both people nor stall the app for everyone.
 */
describe("the collaboration socket against a hostile client", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const meetings: Record<string, string> = {};
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];
  const open = async (person: Actor, meetingId: string) => {
    const c = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(person, { meetingId })).token);
    clients.push(c);
    return c;
  };
  const logRows = async (meetingId: string) =>
    (
      await t.db
        .select({ id: collabUpdates.id })
        .from(collabUpdates)
        .where(eq(collabUpdates.name, agendaDocumentName(meetingId)))
    ).length;
  /** Both people still open the agenda and see its text. */
  const opensForBoth = async (meetingId: string) => {
    for (const person of [who.manager, who[`report:${meetingId}`]]) {
      const c = await open(person, meetingId);
      expect(await c.outcome).toBe("synced");
      expect(allText(c.doc)).toContain("Our first one-on-one");
      c.destroy();
    }
  };

  beforeAll(async () => {
    who.manager = await actorOf(t.db, "manager@demo.test");
    for (const [key, email] of [
      ["malformed", "report1@demo.test"],
      ["deep", "report2@demo.test"],
      ["large", "report3@demo.test"],
      ["flood", "report4@demo.test"],
      ["broken", "report5@demo.test"],
    ]) {
      const report = await actorOf(t.db, email);
      const [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [report.id] }));
      meetings[key] = meetingId;
      who[`report:${meetingId}`] = report;
    }
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  // First, before any test leaves a large document to compact: on the embedded PGlite, writing a
  // state of several hundred kB holds the event loop longer than 200 ms by itself (docs/SECURITY.md).
  it("limits the rate of updates per person, and the database answers within 200 ms while one person floods", async () => {
    const id = meetings.flood;
    const c = await open(who.manager, id);
    expect(await c.outcome).toBe("synced");
    const before = await logRows(id);
    // A copy that types 1,000 keystrokes as fast as a socket can carry them.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(c.doc));
    const updates: Uint8Array[] = [];
    copy.on("update", (u: Uint8Array) => updates.push(u));
    const txt = (copy.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    for (let i = 0; i < 1_000; i++) txt.insert(0, "z");
    // A health query every 20 ms; its time counts from when it was due (a blocked event loop
    // delays the timer as much as a slow database delays the answer).
    let slowest = 0;
    const pings = (async () => {
      let due = performance.now();
      for (let i = 0; i < 40; i++) {
        await t.db.execute(sql`select 1`);
        slowest = Math.max(slowest, performance.now() - due);
        due = performance.now() + 20;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    for (const u of updates) await sendRawUpdate(c, u);
    expect(await within(c.closed, 10_000, "still open")).toBe("rate-limited");
    await pings;
    expect(slowest).toBeLessThan(200);
    // Refused updates are not stored: no more than the burst got through.
    expect((await logRows(id)) - before).toBeLessThanOrEqual(CONNECTION_UPDATES.burst + 5);
    await opensForBoth(id);
  });

  it("refuses a malformed update (struct count raised, junk before the end): nothing stored, the agenda still opens for both", async () => {
    const id = meetings.malformed;
    const c = await open(who.manager, id);
    expect(await c.outcome).toBe("synced");
    const before = await logRows(id);
    const good = updateOf(c, (doc) => ((doc.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "hello "));
    // [clients=1][structs=n][client][clock]...[delete set: 0] → structs n+1, a junk byte before the final 0.
    expect(good[0]).toBe(1);
    const bad = new Uint8Array(good.length + 1);
    bad.set(good.subarray(0, good.length - 1));
    bad[1] = good[1] + 1;
    bad[good.length - 1] = 0x07;
    bad[good.length] = 0;
    const stateless: string[] = [];
    c.provider.on("stateless", ({ payload }: { payload: string }) => stateless.push(payload));
    await sendRawUpdate(c, bad);
    expect(await within(c.closed, 5_000, "still open")).toBe("refused:update-malformed");
    expect(stateless).toContain(JSON.stringify({ refused: "update-malformed" }));
    expect(await logRows(id)).toBe(before);
    await opensForBoth(id);
  });

  it("refuses a 5,000-level nested list: nothing stored, the agenda still opens for both", async () => {
    const id = meetings.deep;
    const c = await open(who.manager, id);
    expect(await c.outcome).toBe("synced");
    const before = await logRows(id);
    const deep = updateOf(c, (doc) => {
      // Built from the top down, each level inserted into an integrated one (no deep preliminary tree).
      let list = new Y.XmlElement("bulletList");
      doc.getXmlFragment(YJS_FIELD).push([list]);
      for (let i = 0; i < 5_000; i++) {
        const item = new Y.XmlElement("listItem");
        list.insert(0, [item]);
        const inner = new Y.XmlElement("bulletList");
        item.insert(0, [inner]);
        list = inner;
      }
    });
    await sendRawUpdate(c, deep);
    expect(await within(c.closed, 5_000, "still open")).toBe("refused:document-too-deep");
    expect(await logRows(id)).toBe(before);
    await opensForBoth(id);
  });

  it("refuses an update over the limit and growth past 1 MB of state, and stores neither", async () => {
    const id = meetings.large;
    const text = (n: number) => "x".repeat(n);
    const insert = (n: number) => (doc: Y.Doc) => {
      const p = new Y.XmlElement("paragraph");
      const t = new Y.XmlText();
      p.insert(0, [t]);
      doc.getXmlFragment(YJS_FIELD).push([p]);
      t.insert(0, text(n));
    };
    // One 1.9 MB message: the socket refuses it before it is read (maxPayload).
    const huge = await open(who.manager, id);
    expect(await huge.outcome).toBe("synced");
    const before = await logRows(id);
    await sendRawUpdate(huge, updateOf(huge, insert(1_900_000)));
    expect(await within(huge.closed, 5_000, "still open")).not.toBe("still open");
    expect(await logRows(id)).toBe(before);
    // 600 kB is within the limits; a second 600 kB would make the state larger than 1 MB.
    const c = await open(who.manager, id);
    expect(await c.outcome).toBe("synced");
    await sendRawUpdate(c, updateOf(c, insert(600_000)));
    expect(await within(c.closed, 1_000, "still open")).toBe("still open");
    expect(await logRows(id)).toBe(before + 1);
    await sendRawUpdate(c, updateOf(c, insert(600_000)));
    expect(await within(c.closed, 5_000, "still open")).toBe("refused:document-too-large");
    expect(await logRows(id)).toBe(before + 1);
    await opensForBoth(id);
  });

  it("closes an unauthenticated socket that sends a message larger than a few kB, and releases the memory", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const startHeap = process.memoryUsage().heapUsed;
    const big = Buffer.alloc(20 * 1024 * 1024, 1);
    const codes = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
        await new Promise((r) => ws.once("open", r));
        const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
        ws.on("error", () => {});
        ws.send(big);
        return within(closed, 10_000, -1);
      }),
    );
    // 1009: message too big (ws refuses it at maxPayload, before buffering 20 MB).
    expect(codes.every((code) => code === 1009)).toBe(true);
    // A small message before authentication is a few kB at most: 16 kB closes the socket too.
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
    await new Promise((r) => ws.once("open", r));
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    ws.send(Buffer.alloc(16 * 1024, 1));
    expect(await within(closed, 5_000, -1)).toBe(1009);
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
    gc?.();
    expect(process.memoryUsage().heapUsed - startHeap).toBeLessThan(50 * 1024 * 1024);
  });

  it(`accepts at most ${MAX_SOCKETS_PER_ADDRESS} open sockets from one address`, async () => {
    const sockets: WebSocket[] = [];
    try {
      const results = await Promise.all(
        Array.from({ length: MAX_SOCKETS_PER_ADDRESS + 5 }, () => {
          const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
          sockets.push(ws);
          return new Promise<string>((r) => {
            ws.once("open", () => r("open"));
            ws.once("error", () => r("refused"));
          });
        }),
      );
      expect(results.filter((r) => r === "open").length).toBeLessThanOrEqual(MAX_SOCKETS_PER_ADDRESS);
      expect(results).toContain("refused");
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });

  it("quarantines a document whose stored log cannot be read: others still open, start-up compaction goes on", async () => {
    const broken = meetings.broken;
    const name = agendaDocumentName(broken);
    // Older data: a malformed row stored before updates were checked, and a good row on another document.
    const c = await open(who.manager, broken);
    expect(await c.outcome).toBe("synced");
    c.destroy();
    await new Promise((r) => setTimeout(r, 300));
    await appendCollabUpdate(name, new Uint8Array([1, 2, 155, 180, 235, 206, 13, 0, 7, 0]));
    const other = await open(who.manager, meetings.malformed);
    expect(await other.outcome).toBe("synced");
    const good = updateOf(other, (doc) => ((doc.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "AFTER-BROKEN "));
    other.destroy();
    await appendCollabUpdate(agendaDocumentName(meetings.malformed), good);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(" "));
    try {
      await compactPendingDocuments();
    } finally {
      console.error = original;
    }
    expect(errors.filter((e) => e.includes(name))).toHaveLength(1);
    expect(await isQuarantined(name)).toBe(true);
    expect(await logRows(meetings.malformed)).toBe(0);
    // The quarantined document is refused with its reason; the others open as before.
    const again = await open(who.manager, broken);
    expect(await again.outcome).toBe("refused:quarantined");
    const ok = await open(who.manager, meetings.malformed);
    expect(await ok.outcome).toBe("synced");
    expect(allText(ok.doc)).toContain("AFTER-BROKEN");
    const [row] = await t.db.select({ reason: collabDocuments.quarantineReason }).from(collabDocuments).where(eq(collabDocuments.name, name));
    expect(row.reason).toBeTruthy();
  });
});
