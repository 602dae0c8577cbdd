// The Yjs half of a compaction, in a worker thread (./compact.ts starts it): loading a document
// at the limits, encoding its state and reading its content each take tens of milliseconds on
// a busy machine, which on the main thread would hold every other request of the process.
// Plain JavaScript that imports only yjs, so Node loads it as it is, in tests and in the built
// app alike (Next.js never bundles it). Keep in step with documentDepth (./validate-update.ts)
// and yXmlFragmentToProsemirrorJSON (@tiptap/y-tiptap); ./compact.test.ts compares them.
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";

// The lowest scheduling priority, for this thread only (on Linux, setpriority of "0" is the
// calling thread; elsewhere it would be the whole process, so it is left alone there): on a
// busy machine, compaction waits for the CPU, the thread that answers requests does not.
if (process.platform === "linux") {
  try {
    setPriority(19);
  } catch {
    // Not allowed here: compaction still runs, at the process's priority.
  }
}

/** The deepest element nesting, or Infinity for content the editor never writes (no recursion). */
function depthOf(doc, field, stopAt) {
  for (const key of doc.share.keys()) if (key !== field) return Infinity;
  const stack = [[doc.getXmlFragment(field), 0]];
  let deepest = 0;
  while (stack.length) {
    const [node, depth] = stack.pop();
    deepest = Math.max(deepest, depth);
    if (deepest > stopAt) return deepest;
    if (node instanceof Y.XmlElement) {
      for (const value of Object.values(node.getAttributes())) if (value instanceof Y.AbstractType) return Infinity;
    }
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) stack.push([child, depth + 1]);
      else if (child instanceof Y.XmlText) {
        for (const op of child.toDelta()) if (typeof op.insert !== "string") return Infinity;
      } else return Infinity;
    }
  }
  return deepest;
}

// Yjs keys a mark that may repeat as "name--<8 characters>".
const hashedMarkName = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

/** The ProseMirror JSON of the editor's fragment (called only within the depth limit). */
function jsonOf(fragment) {
  const serialize = (item) => {
    if (item instanceof Y.XmlText) {
      return item.toDelta().map((d) => {
        const text = { type: "text", text: d.insert };
        if (d.attributes) text.marks = Object.keys(d.attributes).map((key) => ({ type: hashedMarkName.exec(key)?.[1] ?? key, attrs: d.attributes[key] }));
        return text;
      });
    }
    const node = { type: item.nodeName };
    const attrs = item.getAttributes();
    if (Object.keys(attrs).length) node.attrs = attrs;
    const children = item.toArray();
    if (children.length) node.content = children.map(serialize).flat();
    return node;
  };
  return { type: "doc", content: fragment.toArray().map(serialize) };
}

parentPort?.on("message", ({ id, updates, field, maxDepth, json: wanted }) => {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const state = Y.encodeStateAsUpdate(doc);
    const depth = depthOf(doc, field, maxDepth);
    // The JSON travels as a string: one JSON.parse on the main thread costs less than a
    // structured clone of thousands of small objects.
    const json = wanted && depth <= maxDepth ? JSON.stringify(jsonOf(doc.getXmlFragment(field))) : null;
    parentPort.postMessage({ id, ok: true, state, depth, json }, [state.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  } finally {
    doc.destroy();
  }
});
