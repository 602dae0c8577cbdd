import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { JSONContent } from "@tiptap/core";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { logFailure } from "@/lib/log";
import { MAX_DEPTH } from "./limits";
import { YJS_FIELD } from "./names";
import { documentDepth } from "./validate-update";
import { docFromUpdates } from "./yjs";

/** A document's updates made one: its garbage-collected state, its nesting depth, its raw JSON. */
export type Merged = {
  state: Uint8Array;
  /** Infinity when it holds content the editor never writes. */
  depth: number;
  /** The fragment as ProseMirror JSON, unchecked; null when deeper than MAX_DEPTH or not asked for. */
  json: JSONContent | null;
};

/** The worker itself failed (not the document): nothing to conclude about the document's data. */
export class CompactionWorkerFailed extends Error {
  constructor(why: string) {
    super(`the compaction worker failed: ${why}`);
    this.name = "CompactionWorkerFailed";
  }
}

type Reply = { id: number; ok: true; state: Uint8Array; depth: number; json: string | null } | { id: number; ok: false; error: string };
type Pending = { resolve: (merged: Merged) => void; reject: (error: Error) => void };

// Not found by a bundler on purpose: Node loads the file from the project folder, which is
// the working directory of `next start`, `next dev` and the tests alike.
const WORKER_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "collab", "compact-worker.mjs");

const held = globalThis as unknown as { __betweenUsCompactWorker?: { worker: Worker; pending: Map<number, Pending>; next: number } | null };

function worker() {
  if (held.__betweenUsCompactWorker) return held.__betweenUsCompactWorker;
  if (held.__betweenUsCompactWorker === null || !existsSync(WORKER_FILE)) {
    if (held.__betweenUsCompactWorker === undefined) console.error(`collab: ${WORKER_FILE} is missing; documents are compacted on the main thread`);
    held.__betweenUsCompactWorker = null;
    return null;
  }
  const pending = new Map<number, Pending>();
  const instance = new Worker(WORKER_FILE);
  // An idle worker never keeps the process alive; one with work does (mergeUpdatesOffThread).
  instance.unref();
  const entry = { worker: instance, pending, next: 1 };
  held.__betweenUsCompactWorker = entry;
  const fail = (error: Error) => {
    if (held.__betweenUsCompactWorker === entry) held.__betweenUsCompactWorker = undefined;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  instance.on("message", (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) instance.unref();
    if (reply.ok) p.resolve({ state: reply.state, depth: reply.depth, json: reply.json === null ? null : (JSON.parse(reply.json) as JSONContent) });
    else p.reject(new Error(reply.error));
  });
  instance.on("error", (error: Error) => {
    logFailure("collab: the compaction worker failed", error);
    fail(new CompactionWorkerFailed(error.name));
  });
  instance.on("exit", (code) => fail(new CompactionWorkerFailed(`stopped with code ${code}`)));
  return entry;
}

/** The same work on this thread: where the worker cannot run (its file missing). */
function mergeHere(updates: Uint8Array[], json: boolean): Merged {
  const doc = docFromUpdates(updates);
  try {
    const depth = documentDepth(doc);
    return {
      state: Y.encodeStateAsUpdate(doc),
      depth,
      json: json && depth <= MAX_DEPTH ? (yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(YJS_FIELD)) as JSONContent) : null,
    };
  } finally {
    doc.destroy();
  }
}

/**
 * Loads a document from its updates (state row, log rows, memory) in a worker thread, so the
 * main thread never spends more than a JSON.parse on it: the rest of the process (pages,
 * /api/health, other documents) goes on meanwhile. Rejects if an update cannot be decoded, or
 * with CompactionWorkerFailed if the worker itself failed (then a new one starts next time).
 */
export function mergeUpdatesOffThread(updates: Uint8Array[], options: { json?: boolean } = {}): Promise<Merged> {
  const json = options.json ?? true;
  const entry = worker();
  if (!entry) {
    try {
      return Promise.resolve(mergeHere(updates, json));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
  const id = entry.next++;
  return new Promise<Merged>((resolve, reject) => {
    entry.pending.set(id, { resolve, reject });
    entry.worker.ref();
    entry.worker.postMessage({ id, updates, field: YJS_FIELD, maxDepth: MAX_DEPTH, json });
  });
}

/** Stops the worker (tests; a new one starts on the next compaction). */
export async function stopCompactionWorker(): Promise<void> {
  const entry = held.__betweenUsCompactWorker;
  held.__betweenUsCompactWorker = undefined;
  await entry?.worker.terminate();
}
