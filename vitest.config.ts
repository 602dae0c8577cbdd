import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

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
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
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
  },
});
