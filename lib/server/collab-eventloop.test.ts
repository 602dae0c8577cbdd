import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { mergeUpdatesOffThread, stopCompactionWorker } from "@/lib/collab/compact";
import { MAX_STATE_BYTES, MAX_STRUCTS } from "@/lib/collab/limits";
import { agendaDocumentName, YJS_FIELD } from "@/lib/collab/names";
import { structCount } from "@/lib/collab/validate-update";
import { checkDerived } from "@/lib/collab/yjs";
import { documentText, MAX_DOCUMENT_BYTES } from "@/lib/editor/document";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { appendCollabUpdate, compactCollabDocument, loadCollabState } from "./collab-store";
import { startSeries } from "./series";

/** The bound: compaction never holds the event loop longer than this. */
const BOUND_MS = 50;

/**
 * The largest document the limits allow, as log rows of 100 updates each, built on `state`:
 * as many structs as allowed, spread over hundreds of short paragraphs with bold and plain
 * runs (the most nodes the schema check on the main thread can meet), then as many bytes as
 * allowed as text.
 */
function worstCaseRows(state: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const rows: Uint8Array[] = [];
  let batch: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => {
    batch.push(u);
    if (batch.length === 100) {
      rows.push(Y.mergeUpdates(batch));
      batch = [];
    }
  });
  const fragment = doc.getXmlFragment(YJS_FIELD);
  let text = new Y.XmlText();
  while (structCount(doc) < MAX_STRUCTS - 60) {
    doc.transact(() => {
      const p = new Y.XmlElement("paragraph");
      text = new Y.XmlText();
      p.insert(0, [text]);
      fragment.push([p]);
      text.insert(0, "plain ");
      text.insert(text.length, "bold", { bold: {} });
      text.insert(text.length, " a");
      // One letter typed and taken back: a struct that loading must still walk.
      text.delete(text.length - 1, 1);
    });
  }
  // Both limits bind: the Yjs state (MAX_STATE_BYTES) and the editor document it derives
  // (MAX_DOCUMENT_BYTES). The JSON of these paragraphs is a few kB larger than their state, and
  // the state's size moves with its random client ids, so the room is what is left under both.
  const jsonBytes = Buffer.byteLength(JSON.stringify(yXmlFragmentToProsemirrorJSON(fragment)), "utf8");
  const room = Math.min(MAX_STATE_BYTES - Y.encodeStateAsUpdate(doc).byteLength, MAX_DOCUMENT_BYTES - jsonBytes) - 5_000;
  text.insert(text.length, "b".repeat(room));
  if (batch.length) rows.push(Y.mergeUpdates(batch));
  const size = { structs: structCount(doc), bytes: Y.encodeStateAsUpdate(doc).byteLength, rows: rows.length };
  doc.destroy();
  return { rows, size };
}

/**
 * The longest event-loop delay while `work` runs: the max of perf_hooks' histogram and of our
 * own 5 ms timer's longest gap (the histogram samples; the timer sees every stall).
 */
async function longestDelay(work: () => Promise<unknown>) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = performance.now();
  let gap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last - 5);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(tick);
    histogram.disable();
  }
  return { longest: Math.max(histogram.max / 1e6, gap), p99: histogram.percentile(99) / 1e6, ms: performance.now() - started };
}

/**
 * How much the machine itself stalls this process now (on a shared 2-core machine other
 * processes take the CPU away for tens of ms at times): the longest delay over an idle wait,
 * measured in the same run, at least a second long so it meets the machine's usual stalls.
 */
async function machineStall(ms: number) {
  return (await longestDelay(() => new Promise((resolve) => setTimeout(resolve, Math.max(3 * ms, 1_000))))).longest;
}

/**
 * Runs `work` several times and checks the shortest of its longest delays against the bound
 * plus the machine's own stall. Work that holds the event loop does so on every run; a stall
 * of a busy machine (the scheduler giving the CPU to another process) rarely hits every run.
 */
async function expectBounded(what: string, rounds: number, work: () => Promise<unknown>, prepare?: () => Promise<unknown>) {
  const longest: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await prepare?.();
    const delay = await longestDelay(work);
    longest.push(delay.longest);
    console.log(`${what}, round ${round}: longest delay ${delay.longest.toFixed(1)} ms (p99 ${delay.p99.toFixed(1)} ms, ${delay.ms.toFixed(0)} ms in all)`);
  }
  const stall = await machineStall(100);
  console.log(`${what}: shortest longest delay ${Math.min(...longest).toFixed(1)} ms; idle machine stall ${stall.toFixed(1)} ms`);
  expect(Math.min(...longest)).toBeLessThan(BOUND_MS + stall);
}

/**
 * One person's large document must not slow everyone else's: compaction of the largest document the limits allow never holds the event
 * loop for more than ~50 ms. The Yjs work (loading, encoding, reading the content) runs in a
 * worker thread (lib/collab/compact.ts); the main thread parses and checks the JSON.
 */
describe("compaction of a document at the limits", () => {
  const t = useTestDatabase();
  let name = "";
  let rows: Uint8Array[] = [];
  let seeded: Uint8Array = new Uint8Array();

  beforeAll(async () => {
    const manager = await actorOf(t.db, "manager@demo.test");
    const report = await actorOf(t.db, "report6@demo.test");
    const [{ meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    name = agendaDocumentName(meetingId);
    seeded = await loadCollabState(name);
    const built = worstCaseRows(seeded);
    rows = built.rows;
    console.log(`document at the limits: ${built.size.structs} structs, ${built.size.bytes} bytes, ${rows.length} log rows`);
    expect(built.size.bytes).toBeLessThanOrEqual(MAX_STATE_BYTES);
    expect(built.size.structs).toBeGreaterThan(MAX_STRUCTS - 100);
  }, 120_000);
  afterAll(() => stopCompactionWorker());

  // What compaction computes, without the database: the same on PGlite and PostgreSQL.
  it(`keeps the event loop's longest delay under ${BOUND_MS} ms while merging and checking`, { timeout: 60_000 }, async () => {
    let paragraphs = 0;
    // The first round also starts the worker and compiles the code: it counts like the others.
    await expectBounded("merge and check", 5, async () => {
      const merged = await mergeUpdatesOffThread([seeded, ...rows]);
      await new Promise((resolve) => setImmediate(resolve));
      const derived = checkDerived(merged.json!);
      expect(derived.ok ? "ok" : derived.error).toBe("ok");
      if (!derived.ok) return;
      paragraphs = derived.doc.content!.length;
      await new Promise((resolve) => setImmediate(resolve));
      expect(documentText(derived.doc)).toContain("bbbb");
    });
    expect(paragraphs).toBeGreaterThan(300);
  });

  // On the embedded PGlite the database itself runs on the event loop (WebAssembly, in process):
  // writing a 1 MB row there blocks for far longer than 50 ms whatever compaction does, so the
  // whole compaction, queries included, is measured on PostgreSQL, where queries are I/O.
  it.skipIf(process.env.TEST_DB !== "postgres")(
    `keeps the event loop's longest delay under ${BOUND_MS} ms through a whole compaction`,
    { timeout: 180_000 },
    async () => {
      await expectBounded(
        "compaction at the limits",
        5,
        async () => expect((await compactCollabDocument(name)).merged).toBe(rows.length),
        // Every round compacts the whole document again from its log (and its state row).
        async () => {
          for (const row of rows) await appendCollabUpdate(name, row);
        },
      );
    },
  );
});
