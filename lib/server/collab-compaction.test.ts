import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { agendaDocuments, collabDocuments, collabUpdates } from "@/db/schema";
import { agendaDocumentName, YJS_FIELD } from "@/lib/collab/names";
import { startCollabServer } from "@/lib/collab/server";
import type { Actor } from "@/lib/policy";
import { acknowledged, allText, connect, typeInto, waitFor } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { issueAgendaToken } from "./collab";
import { appendCollabUpdate, compactCollabDocument, loadCollabState } from "./collab-store";
import { startSeries } from "./series";

/**
 * A long-lived document's updates are merged, so loading it reads one small
 * row instead of replaying every keystroke ever typed.
 */
describe("compaction of the real-time documents", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const meetings: string[] = [];
  const logBytes = async (name: string) =>
    (await t.db.select({ u: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.name, name))).reduce((n, r) => n + r.u.byteLength, 0);
  // How many log rows a document has (compaction keeps this near zero).
  const collabLogLength = async (name: string) => (await t.db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.name, name))).length;
  const stateBytes = async (name: string) => (await t.db.select().from(collabDocuments).where(eq(collabDocuments.name, name)))[0]?.state.byteLength ?? 0;

  beforeAll(async () => {
    who.manager = await actorOf(t.db, "manager@demo.test");
    for (const email of ["report3@demo.test", "report4@demo.test", "report5@demo.test"]) {
      const [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [(await actorOf(t.db, email)).id] }));
      meetings.push(meetingId);
    }
  });

  it("loses no acknowledged edit when a document is loaded while it is being compacted (a reload as the server stores it)", async () => {
    const name = agendaDocumentName(meetings[2]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await loadCollabState(name));
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (let round = 0; round < 16; round++) {
      const line = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      line.insert(0, [text]);
      doc.getXmlFragment(YJS_FIELD).push([line]);
      for (const ch of `round ${round} kept`) text.insert(text.length, ch);
      for (const u of updates.splice(0)) await appendCollabUpdate(name, u);
      // The load starts with the compaction: whichever commits first, the load must see every update.
      // Staggered starts, so that some round's compaction commits between the load's reads.
      const [, loaded] = await Promise.all([
        compactCollabDocument(name),
        new Promise((resolve) => setTimeout(resolve, round * 3)).then(() => loadCollabState(name)),
      ]);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, loaded);
      expect(allText(copy), `round ${round}`).toBe(allText(doc));
    }
  });

  it("merges thousands of keystroke updates (typed, deleted, retyped) into one small state with the same text", async () => {
    const name = agendaDocumentName(meetings[0]);
    // Start from the stored agenda, as the server does, then type like a person for a long time.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await loadCollabState(name));
    const seeded = await stateBytes(name);
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const line = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    line.insert(0, [text]);
    doc.getXmlFragment(YJS_FIELD).push([line]);
    for (let i = 0; i < 1500; i++) {
      text.insert(text.length, String.fromCharCode(97 + (i % 26)));
      // Every third keystroke is taken back, as people do.
      if (i % 3 === 2) text.delete(text.length - 1, 1);
    }
    text.insert(text.length, " END");
    for (const u of updates) await appendCollabUpdate(name, u);
    const expected = allText(doc);
    expect(await collabLogLength(name)).toBe(updates.length);
    expect(updates.length).toBeGreaterThan(2000);
    const before = await logBytes(name);

    const result = await compactCollabDocument(name);
    expect(result).toMatchObject({ merged: updates.length, derived: true });
    // One row, no log left, and smaller than the updates it replaced.
    expect(await collabLogLength(name)).toBe(0);
    // (Each surviving character typed alone stays an item of its own; the deletions and the
    // per-update framing are what merging saves.)
    const grown = (await stateBytes(name)) - seeded;
    expect(grown).toBeLessThan(before / 2);
    // Loading is reading that row: the same text as the document that typed it.
    const started = performance.now();
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await loadCollabState(name));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(allText(loaded)).toBe(expected);
    const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetings[0]));
    expect(agenda.searchText).toContain(" END");
  });

  it("compacts while people keep typing (at most every 10 s), and when the last person leaves", async () => {
    const server = await startCollabServer({ port: 0, address: "127.0.0.1" });
    const name = agendaDocumentName(meetings[1]);
    const client = connect(server.port, name, (await issueAgendaToken(who.manager, { meetingId: meetings[1] })).token);
    try {
      expect(await client.outcome).toBe("synced");
      // Type without a pause longer than the 2 s debounce for 12 s: the 10 s ceiling compacts anyway.
      let compactedWhileTyping = false;
      const until = Date.now() + 12_000;
      let typed = 0;
      while (Date.now() < until) {
        typeInto(client.doc, "x");
        typed++;
        await new Promise((r) => setTimeout(r, 100));
        if (typed > 20 && (await collabLogLength(name)) < typed / 2) compactedWhileTyping = true;
      }
      await acknowledged(client.provider);
      expect(compactedWhileTyping).toBe(true);
    } finally {
      client.destroy();
    }
    // The last person left: the document is stored and unloaded with nothing left in the log.
    await waitFor(() => server.server.hocuspocus.getDocumentsCount() === 0, 10_000, "unload");
    expect(await collabLogLength(name)).toBe(0);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, await loadCollabState(name));
    expect(allText(reloaded)).toMatch(/x{100,}/);
    await server.stop();
  });

  it("keeps every update when two compactions race (two servers, one database)", async () => {
    const name = agendaDocumentName(meetings[2]);
    const a = new Y.Doc();
    Y.applyUpdate(a, await loadCollabState(name));
    const b = new Y.Doc();
    Y.applyUpdate(b, await loadCollabState(name));
    const writes: Promise<boolean>[] = [];
    const log = (d: Y.Doc) => d.on("update", (u: Uint8Array) => writes.push(appendCollabUpdate(name, u)));
    log(a);
    log(b);
    for (let i = 0; i < 50; i++) {
      typeInto(a, `a${i} `, "end", 0);
      typeInto(b, `b${i} `, "end", 0);
    }
    await Promise.all(writes);
    expect(await collabLogLength(name)).toBe(100);
    // Both "servers" compact at once, each with its own in-memory copy.
    await Promise.all([compactCollabDocument(name, { memory: Y.encodeStateAsUpdate(a) }), compactCollabDocument(name, { memory: Y.encodeStateAsUpdate(b) })]);
    expect(await collabLogLength(name)).toBe(0);
    const merged = new Y.Doc();
    Y.applyUpdate(merged, await loadCollabState(name));
    const text = allText(merged);
    for (let i = 0; i < 50; i++) {
      expect(text).toContain(`a${i} `);
      expect(text).toContain(`b${i} `);
    }
  });
});
