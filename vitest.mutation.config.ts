import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The tests Stryker runs against each mutant of the confidentiality core (stryker.config.mjs):
// the policy's own tests and the lib/server tests that exercise who stands where in a series and
// whose rows a query selects. One project, the repository's alias, NOTES_KEY and global setup
// (each file's PGlite starts from one snapshot); none of these files replaces modules, so they
// share their worker's modules as the "shared" project does.
export const MUTATION_TESTS = ["lib/policy/**/*.test.ts"];

export default defineConfig({
  resolve: base.resolve,
  test: { ...base.test, projects: undefined, include: MUTATION_TESTS, isolate: false },
});
