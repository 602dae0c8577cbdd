// `npm test`: every check in order, stopping at the first failure.
// dependency advisories -> format -> lint and types (side by side) -> unit and integration tests on PGlite (and on PostgreSQL when DATABASE_URL
// is set) -> one production build -> the benchmark's smoke run on it -> browser tests against it.
import { spawn, spawnSync } from "node:child_process";

import { Buffer } from "node:buffer";
import fs from "node:fs";
import path from "node:path";

// Every child runs on the project's Node (the npm package `node`, a devDependency): its
// node_modules/.bin comes first in PATH, as `npm test` does, even when this file is run directly.
const bin = path.resolve("node_modules/.bin");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
// The test files that assert how long something takes (the event loop's delay, /api/health's answer):
// vitest.config.ts's project "timed"; every other file is in "isolated" or "shared".
const TIMED = ["lib/server/collab-abuse.test.ts", "lib/server/collab-eventloop.test.ts"];
const MAIN = ["--project", "isolated", "--project", "shared"];
const steps = [
  [
    "runtime",
    "node",
    [
      "-e",
      "const v = process.versions.node; console.log('Node.js', v, process.execPath); if (+v.split('.')[0] < 22) { console.error('Node.js 22 or later is needed: run npm install (it brings Node 22 as a devDependency).'); process.exit(1); }",
    ],
  ],
  ["dependency advisories", "node", ["scripts/security-check.mjs"]],
  // One format for the whole tree (Prettier): a difference fails here, `npm run format` fixes it.
  ["format", "npx", ["prettier", "--check", "--log-level", "warn", "."]],
  // ESLint and tsc each use one core: side by side they take as long as the slower one alone.
  [
    ["lint", "npx", ["eslint", "."]],
    ["type check", "npx", ["tsc", "--noEmit"]],
  ],
  ["unit and integration tests (PGlite)", "npx", ["vitest", "run", ...MAIN], { TEST_DB: "pglite" }],
  // They measure the event loop while one person floods the collaboration server; a second worker's
  // tests on the other core would be measured with it, so they run alone, after the rest.
  ["timing tests, alone (PGlite)", "npx", ["vitest", "run", "--project", "timed", "--maxWorkers=1"], { TEST_DB: "pglite" }],
];
if (process.env.DATABASE_URL) {
  // This pass proves the code that talks to the database on a real server, so it runs the test files
  // under lib and db that open one (test/db.ts); the others (policy tables, validation, parsing)
  // would run exactly as in the PGlite pass above. A worker per core, as there; the timed files
  // (collab-eventloop.test.ts measures the event loop on PostgreSQL too) run alone afterwards.
  const dbFiles = ["lib", "db"]
    .flatMap((dir) => fs.readdirSync(dir, { recursive: true }).map((file) => path.join(dir, String(file))))
    .filter((file) => file.endsWith(".test.ts") && fs.readFileSync(file, "utf8").includes("useTestDatabase("))
    .sort();
  if (dbFiles.length === 0) throw new Error("no database test files found under lib and db");
  const timedDbFiles = dbFiles.filter((file) => TIMED.includes(file));
  steps.push([
    "integration tests (PostgreSQL)",
    "npx",
    ["vitest", "run", ...MAIN, ...dbFiles.filter((file) => !TIMED.includes(file))],
    { TEST_DB: "postgres" },
  ]);
  if (timedDbFiles.length)
    steps.push([
      "timing tests, alone (PostgreSQL)",
      "npx",
      ["vitest", "run", "--project", "timed", "--maxWorkers=1", ...timedDbFiles],
      { TEST_DB: "postgres" },
    ]);
}
steps.push(["production build", "npx", ["next", "build"]]);
// Tiny data, one request per page per client: every number of `npm run bench` is still produced.
steps.push(["benchmark smoke", "node", ["bench/run.mjs", "--smoke"]]);
steps.push(["browser tests", "npx", ["playwright", "test"], process.env.DATABASE_URL ? { E2E_DATABASE_URL: process.env.DATABASE_URL } : {}]);

/** Runs one step with the terminal as its output; resolves with its exit status. */
function runStep([name, cmd, args, extra = {}]) {
  const t = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extra } });
  console.log(`=== ${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  return result.status ?? 1;
}

/** Runs steps at the same time; each one's output is held and printed whole when it ends, so none interleave. */
async function runTogether(group) {
  const statuses = await Promise.all(
    group.map(
      ([name, cmd, args, extra = {}]) =>
        new Promise((resolve) => {
          const t = Date.now();
          const chunks = [];
          const child = spawn(cmd, args, {
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...env, ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : {}), ...extra },
          });
          child.stdout.on("data", (c) => chunks.push(c));
          child.stderr.on("data", (c) => chunks.push(c));
          const done = (status) => {
            console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
            process.stdout.write(Buffer.concat(chunks));
            console.log(`=== ${name}: ${status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
            resolve(status);
          };
          child.on("error", (error) => {
            chunks.push(Buffer.from(`${error.message}\n`));
            done(1);
          });
          child.on("close", (code) => done(code ?? 1));
        }),
    ),
  );
  return statuses.find((status) => status !== 0) ?? 0;
}

const started = Date.now();
for (const step of steps) {
  const status = Array.isArray(step[0]) ? await runTogether(step) : runStep(step);
  if (status !== 0) process.exit(status);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 60000).toFixed(1)} min.`);
