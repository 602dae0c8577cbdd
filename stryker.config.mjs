// Mutation testing of the confidentiality core: `npm run test:mutation` (docs/SECURITY.md says how
// long it takes and the score it reached). Each mutant runs only the tests that cover it
// (perTest), on vitest.mutation.config.ts; the run fails below the break threshold.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  // The policy, and the lib/server files that decide who stands where in a series (the facts read
  // for it, the SQL twins of its date rules, covering assignments) and whose rows a query selects.
  mutate: [
    "lib/policy/**/*.ts",
    "!lib/policy/**/*.test.ts",
    "lib/server/access.ts",
    "lib/server/lines.ts",
    "lib/server/scope.ts",
    "lib/server/private-notes.ts",
  ],
  coverageAnalysis: "perTest",
  reporters: ["html", "json", "clear-text", "progress"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  thresholds: { high: 95, low: 85, break: 85 },
  // Two cores at most: the PGlite tests are heavy, and CI machines have two.
  concurrency: 2,
  // A mutant's run counts as killed by a timeout past this (plus 1.5 times the tests' own time):
  // long enough that a slow machine does not pass for a detected mutant.
  timeoutMS: 60_000,
  tempDirName: ".stryker-tmp",
  ignorePatterns: [".next", ".next-*", ".data", "backups", "reports", "test-results", "playwright-report", "blob-report", "e2e", "bench/results*.json"],
  cleanTempDir: "always",
};
