// `npm test`: every check in order, stopping at the first failure.
// dependency advisories -> lint and types -> unit and integration tests on PGlite (and on PostgreSQL when DATABASE_URL
// is set) -> one production build -> the benchmark's smoke run on it -> browser tests against it.
import { spawnSync } from "node:child_process";

import path from "node:path";

// Every child runs on the project's Node (the npm package `node`, a devDependency): its
// node_modules/.bin comes first in PATH, as `npm test` does, even when this file is run directly.
const bin = path.resolve("node_modules/.bin");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
const steps = [
  [
    "runtime",
    "node",
    ["-e", "const v = process.versions.node; console.log('Node.js', v, process.execPath); if (+v.split('.')[0] < 22) { console.error('Node.js 22 or later is needed: run npm install (it brings Node 22 as a devDependency).'); process.exit(1); }"],
  ],
  ["dependency advisories", "node", ["scripts/security-check.mjs"]],
  ["lint", "npx", ["eslint", "."]],
  ["type check", "npx", ["tsc", "--noEmit"]],
  ["unit and integration tests (PGlite)", "npx", ["vitest", "run"], { TEST_DB: "pglite" }],
];
if (process.env.DATABASE_URL) {
  steps.push(["integration tests (PostgreSQL)", "npx", ["vitest", "run", "lib", "db"], { TEST_DB: "postgres" }]);
}
steps.push(["production build", "npx", ["next", "build"]]);
// Tiny data, one request per page per client: every number of `npm run bench` is still produced.
steps.push(["benchmark smoke", "node", ["bench/run.mjs", "--smoke"]]);
steps.push([
  "browser tests",
  "npx",
  ["playwright", "test"],
  process.env.DATABASE_URL ? { E2E_DATABASE_URL: process.env.DATABASE_URL } : {},
]);

const started = Date.now();
for (const [name, cmd, args, extra = {}] of steps) {
  const t = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extra } });
  console.log(`=== ${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 60000).toFixed(1)} min.`);
