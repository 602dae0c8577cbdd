import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Test files that replace modules, globals, timers or environment variables for their own run
// (vi.mock, vi.stubEnv, vi.spyOn, fake timers, process.env writes), directly or through a helper
// such as test/actions-harness.ts, and the backup tests (they start the npm scripts on folders
// their worker opened): each gets a fresh module graph, found here by reading the files. Every
// other file shares its worker's modules with the files before it (isolate: false): loading
// lib/server's graph took about 1.2 s per file, a sixth of the suite's time, for modules whose
// only state is the database handle that test/db.ts installs per file.
const REPLACES = /\bvi\.(mock|doMock|stubEnv|stubGlobal|resetModules|spyOn|useFakeTimers)\(|process\.env\.\w+\s*=(?!=)|delete process\.env/;
const SKIP = new Set(["node_modules", ".next", ".git", "e2e"]);
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name) || entry.name.startsWith(".")) return [];
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : entry.name.endsWith(".ts") ? [path.relative(root, file)] : [];
  });
}
const root = import.meta.dirname;
const files = sources(root).map((file) => ({ file, text: fs.readFileSync(path.join(root, file), "utf8") }));
const helpers = files.filter((f) => !f.file.endsWith(".test.ts") && REPLACES.test(f.text)).map((f) => path.basename(f.file, ".ts"));
const ISOLATED = files
  .filter((f) => f.file.endsWith(".test.ts"))
  .filter((f) => f.file.startsWith("lib/backup/") || REPLACES.test(f.text) || helpers.some((h) => new RegExp(`/${h}(\\.ts)?["']`).test(f.text)))
  .map((f) => f.file.split(path.sep).join("/"));
// .stryker-tmp: the sandboxes of `npm run test:mutation`, copies of this tree.
const EXCLUDE = ["node_modules/**", "e2e/**", ".next/**", ".stryker-tmp/**"];
// The two files that time the event loop while one person floods the collaboration server: `npm
// test` runs them on their own afterwards (--project timed --maxWorkers=1), in a fresh process.
const TIMED = ["lib/server/collab-abuse.test.ts", "lib/server/collab-eventloop.test.ts"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // The guard that keeps server modules out of client bundles has no meaning in tests.
      "server-only": path.resolve(import.meta.dirname, "test/empty.ts"),
    },
  },
  test: {
    environment: "node",
    // A fixed key that wraps the test databases' notes key (a test, not a secret), so no run writes a key file.
    env: { NOTES_KEY: "dGVzdC1vbmx5IG5vdGVzIGtleSwgMzIgYnl0ZXMgLi4=" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default leaves a core to itself, which on 2 cores (CI) is one worker at a time; but
    // the main process mostly waits while a worker runs a file and its in-process PGlite.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // Each file starts from one migrated, seeded database built once per run (test/db.ts).
    globalSetup: ["test/global-setup.ts"],
    projects: [
      { extends: true, test: { name: "isolated", include: ISOLATED, exclude: EXCLUDE } },
      { extends: true, test: { name: "timed", include: TIMED, exclude: EXCLUDE } },
      { extends: true, test: { name: "shared", isolate: false, include: ["**/*.test.ts"], exclude: [...EXCLUDE, ...ISOLATED, ...TIMED] } },
    ],
  },
});
