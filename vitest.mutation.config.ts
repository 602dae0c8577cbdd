import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The tests Stryker runs against each mutant of the confidentiality core (stryker.config.mjs):
// the policy's own tests, and lib/server/access.test.ts for the files that read who stands where
// in a series and whose rows a query selects. Their fixtures are written straight into the
// database, so no mutated code runs outside a test: a mutant reached in a beforeAll would count
// as covered by every test (a "static" mutant) and run the whole set. The repository's alias,
// NOTES_KEY and global setup (each file's PGlite starts from one snapshot) are kept; none of these
// files replaces modules, so they share their worker's modules as the "shared" project does.
export const MUTATION_TESTS = ["lib/policy/**/*.test.ts", "lib/server/access.test.ts"];

export default defineConfig({
  resolve: base.resolve,
  // Generous timeouts: the first file builds the PGlite snapshot, and a busy machine (Stryker keeps
  // both cores at work) can take minutes for it.
  test: { ...base.test, projects: undefined, include: MUTATION_TESTS, isolate: false, testTimeout: 120_000, hookTimeout: 300_000 },
});
