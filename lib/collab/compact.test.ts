import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CompactionWorkerFailed, mergeUpdatesOffThread, stopCompactionWorker } from "./compact";
import { YJS_FIELD } from "./names";
import { documentDepth } from "./validate-update";
import { docFromUpdates, updateFromJSON } from "./yjs";

const richDocument = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Agenda" }] },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "plain " },
        { type: "text", text: "bold", marks: [{ type: "bold" }] },
        { type: "text", text: " link", marks: [{ type: "link", attrs: { href: "https://example.com" } }] },
      ],
    },
    { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "item" }] }] }] },
  ],
};

/** What the main thread would compute from the same updates. */
function here(updates: Uint8Array[]) {
  const doc = docFromUpdates(updates);
  try {
    return { state: Y.encodeStateAsUpdate(doc), depth: documentDepth(doc), json: yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(YJS_FIELD)) };
  } finally {
    doc.destroy();
  }
}

describe("compaction in a worker thread", () => {
  afterAll(() => stopCompactionWorker());

  it("gives the same state, depth and JSON as the main thread would", async () => {
    const base = updateFromJSON(richDocument);
    const doc = docFromUpdates([base]);
    const edits: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => edits.push(u));
    const text = new Y.XmlText();
    text.insert(0, "added later");
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [text]);
    doc.getXmlFragment(YJS_FIELD).push([p]);
    doc.destroy();
    const updates = [base, ...edits];
    const expected = here(updates);
    const merged = await mergeUpdatesOffThread(updates);
    expect(merged.depth).toBe(expected.depth);
    expect(merged.json).toEqual(expected.json);
    expect(JSON.stringify(merged.json)).toContain("added later");
    // The same content, whichever thread encoded it.
    expect(here([merged.state]).json).toEqual(expected.json);
  });

  it("reports content the editor never writes, and nesting past the limit, without JSON", async () => {
    const odd = new Y.Doc();
    odd.getMap("other").set("x", 1);
    expect((await mergeUpdatesOffThread([Y.encodeStateAsUpdate(odd)])).depth).toBe(Infinity);
    const deep = new Y.Doc();
    let parent: Y.XmlFragment | Y.XmlElement = deep.getXmlFragment(YJS_FIELD);
    for (let i = 0; i < 200; i++) {
      const child: Y.XmlElement = new Y.XmlElement("bulletList");
      parent.insert(0, [child]);
      parent = child;
    }
    const merged = await mergeUpdatesOffThread([Y.encodeStateAsUpdate(deep)]);
    expect(merged.depth).toBeGreaterThan(32);
    expect(merged.json).toBeNull();
  });

  it("rejects an update that cannot be decoded, and keeps working after", async () => {
    await expect(mergeUpdatesOffThread([new Uint8Array([1, 200, 200, 200, 200, 200])])).rejects.toThrow();
    expect((await mergeUpdatesOffThread([updateFromJSON(richDocument)])).json).not.toBeNull();
  });

  it("tells a failed worker from a broken document, and starts a new worker after", async () => {
    const big = new Y.Doc();
    const text = new Y.XmlText();
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [text]);
    big.getXmlFragment(YJS_FIELD).push([p]);
    for (let i = 0; i < 2_000; i++) text.insert(text.length, `line ${i} `, i % 2 ? { bold: {} } : {});
    const pending = mergeUpdatesOffThread([Y.encodeStateAsUpdate(big)]);
    await stopCompactionWorker();
    await expect(pending).rejects.toBeInstanceOf(CompactionWorkerFailed);
    expect((await mergeUpdatesOffThread([Y.encodeStateAsUpdate(big)])).json).not.toBeNull();
  });
});
