// `npm run bench`: fills a fresh database at 1 % and at full size (bench/fill.ts), serves the
// production build on it, signs in once as a manager and measures each page with autocannon
// at 1 and at 50 concurrent clients, against a static file of the same server as the floor.
// Also each page's first-load JavaScript (gzipped, in Chromium) and the server's peak memory.
// Writes bench/results.json (one entry per database kind) and the table in docs/PERFORMANCE.md.
//
// `npm run bench:smoke` (part of `npm test`): tiny data, one request per page, checks that
// every number is produced; writes nothing into the repository.
//
// Environment: DATABASE_URL (a PostgreSQL server: each size gets a fresh database on it, dropped
// afterwards; else PGlite in /tmp), NEXT_DIST_DIR (the build to serve; built when missing),
// BENCH_PORT (3410; one server per size on the ports from there, each one's collaboration
// server 5 ports higher), BENCH_SECONDS (10 per measurement), BENCH_SCALES ("0.01,1"),
// BENCH_REUSE=1 (keep and reuse filled PGlite folders between runs, for iterating on fixes).
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { clearInterval, setInterval } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import postgres from "postgres";

const smoke = process.argv.includes("--smoke");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";
const port = Number(process.env.BENCH_PORT ?? 3410);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const scales = smoke ? [0.000001, 0.0001] : (process.env.BENCH_SCALES ?? "0.01,1").split(",").map(Number);
const reuse = process.env.BENCH_REUSE === "1" && !process.env.DATABASE_URL;
const outDir = smoke ? fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-")) : path.join(root, "bench");
const CONCURRENCY = [1, 50];
const PASSWORD = "between-us-demo";
const MANAGER = "manager1@bench.test";
const TARGETS = { p50Ratio: 3, p99Ms: 100, growth: 1.2, jsKb: 120, memoryMb: 250, statements: 15 };

/** The fill's ids: md5 of a label with the version (4) and variant (8) digits set, as a uuid. */
const idOf = (label) => {
  const h = crypto.createHash("md5").update(label).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
};
const log = (...a) => console.log(...a);

function ensureBuild() {
  if (fs.existsSync(path.join(root, distDir, "BUILD_ID"))) return;
  log(`no build in ${distDir}: building`);
  const r = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) throw new Error("build failed");
}

/** A fresh database for one size: a PGlite folder, or a database on the PostgreSQL server. */
async function freshDatabase(scale) {
  const tag = String(scale).replace(".", "_");
  if (process.env.DATABASE_URL) {
    const name = `between_us_bench_${tag}_${process.pid}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    // The fill seals private notes and the server opens them: both get this run's key, so neither
    // depends on a key file left in .data by an earlier run (or missing on a clean clone).
    return {
      env: { DATABASE_URL: url.toString(), NOTES_KEY: crypto.randomBytes(32).toString("base64") },
      filled: false,
      drop: async () => {
        const a = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dir = reuse ? path.join(os.tmpdir(), `bench-pglite-${tag}`) : fs.mkdtempSync(path.join(os.tmpdir(), `bench-${tag}-`));
  const filled = reuse && fs.existsSync(path.join(dir, "filled.json"));
  if (!filled) fs.rmSync(dir, { recursive: true, force: true });
  return { env: { PGLITE_DIR: dir }, dir, filled, drop: async () => (reuse ? undefined : fs.rmSync(dir, { recursive: true, force: true })) };
}

/** spawnSync's answer ({ status, stdout }) without blocking, so that two sizes can be prepared at once. */
function spawnAsync(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout }));
  });
}

async function fillDatabase(scale, dbEnv) {
  const args = ["tsx", "bench/fill.ts", "--scale", String(scale), "--json"];
  if (dbEnv.PGLITE_DIR) args.push("--pglite", dbEnv.PGLITE_DIR);
  const env = { ...process.env, ...dbEnv };
  if (!dbEnv.DATABASE_URL) delete env.DATABASE_URL;
  const r = await spawnAsync("npx", args, { cwd: root, env });
  if (r.status !== 0) throw new Error(`fill failed:\n${r.stdout}`);
  const lines = r.stdout.trim().split("\n");
  for (const line of lines.slice(0, -1)) if (!smoke) log(line);
  const result = JSON.parse(lines.at(-1));
  if (dbEnv.PGLITE_DIR) fs.writeFileSync(path.join(dbEnv.PGLITE_DIR, "filled.json"), JSON.stringify(result));
  return result;
}

/**
 * The SQL statements the meeting and series pages' loaders run for one request, for the manager
 * and the report (bench/statements.ts), on the filled database before the server holds it.
 */
async function countStatements(dbEnv) {
  const env = { ...process.env, ...dbEnv, DEMO_DATA: "off", MAIL_WORKER: "off" };
  if (!dbEnv.DATABASE_URL) delete env.DATABASE_URL;
  delete env.E2E_FIXTURES;
  const r = await spawnAsync("npx", ["tsx", "--conditions=react-server", "bench/statements.ts"], { cwd: root, env });
  if (r.status !== 0) throw new Error(`counting statements failed:\n${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

/** Resident memory of the server and its children, sampled until stopped. */
function memorySampler(pid) {
  let peak = 0;
  const tree = () => {
    const pids = new Set([pid]);
    let grew = true;
    const stats = [];
    for (const p of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const s = fs.readFileSync(`/proc/${p}/stat`, "utf8");
        stats.push([Number(p), Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1])]);
      } catch {
        /* gone */
      }
    }
    while (grew) {
      grew = false;
      for (const [p, ppid] of stats) {
        if (pids.has(ppid) && !pids.has(p)) {
          pids.add(p);
          grew = true;
        }
      }
    }
    return pids;
  };
  const sample = () => {
    let total = 0;
    for (const p of tree()) {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
        if (m) total += Number(m[1]);
      } catch {
        /* gone */
      }
    }
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, 200);
  sample();
  return { peakMb: () => peak / 1024, stop: () => clearInterval(timer) };
}

async function startServer(dbEnv, serverPort) {
  const env = {
    ...process.env,
    ...dbEnv,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: distDir,
    DEMO_DATA: "off",
    MAIL_WORKER: "off",
    COLLAB_PORT: String(serverPort + 5),
    AUTH_SECRET: crypto.randomBytes(32).toString("hex"),
  };
  if (!dbEnv.DATABASE_URL) delete env.DATABASE_URL;
  delete env.E2E_FIXTURES;
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(serverPort), "--hostname", "127.0.0.1"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${serverPort}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      const r = await globalThis.fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await sleep(300);
  }
  return {
    base,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Signs in once through the real sign-in form, then adds one topic through the series page's
 * form to capture the server action's request (id, headers, body) for replay. Also weighs each
 * page's first-load JavaScript in a fresh context (empty cache) with the same session.
 */
async function browse(base, pages, actionPage, weighJs = true) {
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  try {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(MANAGER);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/dashboard$/, { timeout: 60_000 });
    const cookies = await context.cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");

    await page.goto(actionPage, { timeout: 120_000 });
    const captured = new Promise((resolve) =>
      page.on("request", (req) => {
        const h = req.headers();
        if (req.method() === "POST" && h["next-action"]) resolve({ headers: h, body: req.postDataBuffer()?.toString("latin1") ?? "" });
      }),
    );
    await page.locator("#series-topic-text").fill("A benchmark topic");
    await page.getByRole("button", { name: "Add topic" }).first().click();
    const action = await captured;
    await context.close();

    // Sizes, not times: the pages are weighed side by side, each in a fresh context (empty cache).
    const storageState = { cookies, origins: [] };
    const weigh = async ([name, url]) => {
      const ctx = await browser.newContext({ baseURL: base, storageState });
      try {
        const p = await ctx.newPage();
        const sizes = [];
        p.on("response", (response) => {
          if (response.request().resourceType() === "script")
            sizes.push(
              response.body().then(
                (b) => gzipSync(b).length,
                () => 0,
              ),
            );
        });
        const res = await p.goto(url, { waitUntil: "networkidle", timeout: 120_000 });
        if (!res?.ok()) throw new Error(`${url}: HTTP ${res?.status()}`);
        return [name, (await Promise.all(sizes)).reduce((a, b) => a + b, 0) / 1024];
      } finally {
        await ctx.close();
      }
    };
    const js = weighJs ? Object.fromEntries(await Promise.all(Object.entries(pages).map(weigh))) : null;
    return { cookie, action, js };
  } finally {
    await browser.close();
  }
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function measure(base, name, request, connections) {
  const common = { url: base + request.path, method: request.method ?? "GET", headers: request.headers, body: request.body, connections, timeout: 30 };
  // Warm up: the first requests load code and fill caches.
  if (!smoke) await cannon({ ...common, connections: Math.min(connections, 10), amount: Math.max(20, connections * 2) });
  // The smoke sends one request per client, sampled every 100 ms instead of every second (at
  // the default a single request still took a whole second to report): its rate is the requests
  // over the time they took.
  const r = await cannon(smoke ? { ...common, amount: connections, sampleInt: 100 } : { ...common, duration: seconds });
  const failed = r.non2xx + r.errors + r.timeouts;
  if (failed) log(`  ${name} c=${connections}: ${failed} failed of ${r.requests.total}`);
  const rps = smoke ? r.requests.total / Math.max(r.duration, 0.001) : r.requests.average;
  return { p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean, rps, requests: r.requests.total, failed };
}

function machine() {
  const cpus = os.cpus();
  let database = "PGlite " + JSON.parse(fs.readFileSync(path.join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8")).version;
  if (process.env.DATABASE_URL) database = "PostgreSQL";
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    next: JSON.parse(fs.readFileSync(path.join(root, "node_modules/next/package.json"), "utf8")).version,
    database,
    date: new Date().toISOString(),
  };
}

/** Fills (or reuses) the database of one size, starts a server on it, signs in and weighs the pages. */
async function prepare(scale, serverPort, weighJs = true) {
  const db = await freshDatabase(scale);
  log(`\n== scale ${scale}: ${db.filled ? "reusing the filled database" : "filling"}`);
  const fill = db.filled ? JSON.parse(fs.readFileSync(path.join(db.dir, "filled.json"), "utf8")) : await fillDatabase(scale, db.env);
  log(`   ${fill.meetings} meetings, filled in ${fill.seconds.toFixed(0)}s`);
  const statements = await countStatements(db.env);
  log(
    `   SQL statements per page: ${Object.entries(statements)
      .map(
        ([page, by]) =>
          `${page} ${Object.entries(by)
            .map(([who, n]) => `${n} (${who})`)
            .join(", ")}`,
      )
      .join("; ")}`,
  );
  const started = Date.now();
  let server;
  try {
    server = await startServer(db.env, serverPort);
    const serverStartSeconds = (Date.now() - started) / 1000;
    log(`   server up in ${serverStartSeconds.toFixed(1)}s`);
    const seriesId = idOf("s1");
    const pages = {
      dashboard: "/dashboard",
      series: `/series/${seriesId}`,
      meeting: `/series/${seriesId}/meetings/${idOf("mt1-0")}`,
      history: `/series/${seriesId}/history`,
      goals: `/series/${seriesId}/goals`,
      search: `/series/${seriesId}/history?q=feedback+roadmap`,
    };
    // Topics are added to another of the manager's series, so the measured pages stay as filled.
    const actionPage = `/series/${idOf("s2")}`;
    const { cookie, action, js } = await browse(server.base, pages, actionPage, weighJs);
    const replay = { ...action.headers, cookie };
    for (const h of ["content-length", "host", "connection"]) delete replay[h];
    const requests = {
      static: { path: "/robots.txt" },
      // The second floor: a dynamic route of the same server that asks the database one question.
      health: { path: "/api/health" },
      ...Object.fromEntries(Object.entries(pages).map(([k, p]) => [k, { path: p, headers: { cookie } }])),
      "add topic (action)": { path: actionPage, method: "POST", headers: replay, body: action.body },
    };
    return { scale, db, fill, statements, server, serverStartSeconds, requests, firstLoadJsKb: js, memory: memorySampler(server.child.pid), pages: {} };
  } catch (error) {
    if (server) {
      log(server.output().slice(-4000));
      await server.stop();
    }
    await db.drop();
    throw error;
  }
}

/**
 * Every size is served at once, each by its own server, and each measurement runs on every
 * size back to back, so that a busy moment of the machine falls on both sides of a comparison.
 */
async function runAll() {
  const prepared = [];
  // Interrupted: stop the servers (and drop the databases) before leaving.
  const interrupted = async () => {
    for (const run of prepared) {
      run.server.child.kill("SIGTERM");
      await run.db.drop().catch(() => {});
    }
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    // The smoke's two tiny sizes are prepared side by side (filling, counting statements and the
    // browser's visit are mostly process start-up and waiting); the real sizes one after the other,
    // so that each one's fill time is its own.
    if (smoke) {
      // The pages' JavaScript is the build's, whatever the data: the smoke weighs it once, on the
      // first size, and gives the other sizes the same weights.
      const settled = await Promise.allSettled(scales.map((scale, i) => prepare(scale, port + i, i === 0)));
      for (const s of settled) if (s.status === "fulfilled") prepared.push(s.value);
      const failed = settled.find((s) => s.status === "rejected");
      if (failed) throw failed.reason;
      for (const run of prepared) run.firstLoadJsKb ??= prepared[0].firstLoadJsKb;
    } else {
      for (const [i, scale] of scales.entries()) prepared.push(await prepare(scale, port + i));
    }
    for (const c of CONCURRENCY) {
      for (const name of Object.keys(prepared[0].requests)) {
        for (const run of prepared) {
          run.pages[name] ??= {};
          const m = (run.pages[name][`c${c}`] = await measure(run.server.base, name, run.requests[name], c));
          log(
            `   ${String(run.scale).padEnd(8)} ${name.padEnd(20)} c=${String(c).padEnd(3)} p50 ${m.p50.toFixed(1).padStart(7)} ms  p99 ${m.p99.toFixed(1).padStart(7)} ms  ${m.rps.toFixed(1).padStart(7)} req/s`,
          );
        }
      }
    }
    return prepared.map((run) => ({
      scale: run.scale,
      fill: run.fill,
      statements: run.statements,
      serverStartSeconds: run.serverStartSeconds,
      pages: run.pages,
      firstLoadJsKb: run.firstLoadJsKb,
      peakMemoryMb: run.memory.peakMb(),
    }));
  } finally {
    for (const run of prepared) {
      run.memory.stop();
      await run.server.stop();
      await run.db.drop();
    }
  }
}

/** Ratios to the floor, growth from the smallest to the largest size, and the verdicts. */
function analyse(runs) {
  const small = runs[0];
  const full = runs.at(-1);
  const rows = [];
  for (const name of Object.keys(full.pages)) {
    if (name === "static" || name === "health") continue;
    const row = { page: name };
    for (const c of CONCURRENCY) {
      const m = full.pages[name][`c${c}`];
      const floor = full.pages.static[`c${c}`];
      const health = full.pages.health[`c${c}`];
      // autocannon records whole milliseconds: the static floor's p50 is often 0 or 1 ms at one
      // client, so the ratio is taken to the floor's mean latency.
      row[`c${c}`] = {
        ...m,
        floorMs: floor.mean,
        p50Ratio: m.p50 / Math.max(floor.mean, 0.01),
        healthMs: health.p50,
        healthRatio: m.p50 / Math.max(health.p50 || health.mean, 0.01),
        growthP50: m.p50 / Math.max(small.pages[name][`c${c}`].p50, 1),
      };
    }
    row.firstLoadJsKb = full.firstLoadJsKb[name] ?? null;
    row.hasEditor = name === "meeting";
    // Counted for the pages with one loader (bench/statements.ts): the most of manager and report.
    row.statements = full.statements?.[name] ? Math.max(...Object.values(full.statements[name])) : null;
    row.targets = {
      p50Ratio: row.c1.p50Ratio <= TARGETS.p50Ratio && row.c50.p50Ratio <= TARGETS.p50Ratio,
      healthRatio: row.c1.healthRatio <= TARGETS.p50Ratio && row.c50.healthRatio <= TARGETS.p50Ratio,
      p99: row.c50.p99 < TARGETS.p99Ms,
      growth: row.c1.growthP50 <= TARGETS.growth && row.c50.growthP50 <= TARGETS.growth,
      js: row.hasEditor || row.firstLoadJsKb === null ? null : row.firstLoadJsKb <= TARGETS.jsKb,
      statements: row.statements === null ? null : row.statements <= TARGETS.statements,
    };
    rows.push(row);
  }
  return { rows, memory: { peakMb: Math.max(...runs.map((r) => r.peakMemoryMb)), target: TARGETS.memoryMb } };
}

function table(results) {
  const { rows, memory } = results.analysis;
  const full = results.runs.at(-1);
  const small = results.runs[0];
  const f = (n, d = 1) => (n === null || n === undefined ? "–" : n.toFixed(d));
  const lines = [
    `Measured ${results.machine.date.slice(0, 16).replace("T", " ")} UTC on ${results.machine.cores} × ${results.machine.cpu}, ${results.machine.memoryGb} GB, ${results.machine.os}, Node.js ${results.machine.node}, Next.js ${results.machine.next}, ${results.machine.database}.`,
    `Full size: ${full.fill.meetings.toLocaleString("en")} meetings (${full.fill.managers} managers, ${full.fill.reports} reports, ${full.fill.pastWeeks} weeks), filled in ${f(full.fill.seconds, 0)} s; small: ${small.fill.meetings.toLocaleString("en")} meetings (${small.fill.managers} managers, ${small.fill.reports} reports, ${small.fill.pastWeeks} weeks). ${seconds} s per measurement.`,
    `Static floor (\`/robots.txt\` from the same server, full size): mean ${f(full.pages.static.c1.mean, 2)} ms at 1 client (${f(full.pages.static.c1.rps, 0)} req/s), ${f(full.pages.static.c50.mean, 1)} ms at 50 (${f(full.pages.static.c50.rps, 0)} req/s); ratios are p50 ÷ this mean (autocannon records whole milliseconds).`,
    `Dynamic floor (\`/api/health\`, one database query, same server): p50 ${f(full.pages.health.c1.p50)} ms at 1 client, ${f(full.pages.health.c50.p50)} ms at 50; "×health" is a page's p50 ÷ this p50.`,
    "",
    "| page | p50 ms (×floor, ×health) c=1 | p99 ms c=1 | req/s c=1 | p50 ms (×floor, ×health) c=50 | p99 ms c=50 | req/s c=50 | full ÷ small p50 c=1 / c=50 | first-load JS kB | SQL statements |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.page} | ${f(r.c1.p50)} (${f(r.c1.p50Ratio)}×, ${f(r.c1.healthRatio)}×) | ${f(r.c1.p99)} | ${f(r.c1.rps, 0)} | ${f(r.c50.p50)} (${f(r.c50.p50Ratio)}×, ${f(r.c50.healthRatio)}×) | ${f(r.c50.p99)} | ${f(r.c50.rps, 0)} | ${f(r.c1.growthP50, 2)} / ${f(r.c50.growthP50, 2)} | ${r.firstLoadJsKb === null ? "–" : f(r.firstLoadJsKb)}${r.hasEditor ? " (editor)" : ""} | ${r.statements ?? "–"} |`,
    );
  }
  lines.push("", `Server peak memory (resident, server process tree, under load): ${f(memory.peakMb, 0)} MB (target ${memory.target} MB).`);
  const verdict = (ok) => (ok === null ? "n/a" : ok ? "met" : "**missed**");
  lines.push(
    "",
    "SQL statements: those the page's loader runs for one request, the more of the manager's and the report's (bench/statements.ts; the session and layout reads are not counted).",
  );
  lines.push(
    "",
    "| page | p50 ≤ 3× floor | p50 ≤ 3× /api/health | p99 < 100 ms at 50 | growth ≤ 1.2× | JS ≤ 120 kB | ≤ 15 SQL statements |",
    "|---|---|---|---|---|---|---|",
  );
  for (const r of rows)
    lines.push(
      `| ${r.page} | ${verdict(r.targets.p50Ratio)} | ${verdict(r.targets.healthRatio)} | ${verdict(r.targets.p99)} | ${verdict(r.targets.growth)} | ${verdict(r.targets.js)} | ${verdict(r.targets.statements)} |`,
    );
  return lines.join("\n");
}

function check(results) {
  const problems = [];
  for (const run of results.runs) {
    for (const [name, byC] of Object.entries(run.pages)) {
      for (const [c, m] of Object.entries(byC)) {
        for (const key of ["p50", "p99", "rps"]) if (!Number.isFinite(m[key]) || m[key] < 0) problems.push(`${run.scale} ${name} ${c}: ${key} missing`);
        if (m.requests < 1) problems.push(`${run.scale} ${name} ${c}: no request completed`);
        if (m.failed) problems.push(`${run.scale} ${name} ${c}: ${m.failed} failed requests`);
      }
    }
    for (const [name, kb] of Object.entries(run.firstLoadJsKb)) if (!(kb > 0)) problems.push(`${run.scale} ${name}: no first-load JavaScript measured`);
    if (!(run.peakMemoryMb > 0)) problems.push(`${run.scale}: no memory measured`);
    for (const page of ["meeting", "series"])
      for (const who of ["manager", "report"])
        if (!(run.statements?.[page]?.[who] > 0)) problems.push(`${run.scale} ${page}: no statements counted for the ${who}`);
  }
  for (const r of results.analysis.rows) for (const c of CONCURRENCY) if (!Number.isFinite(r[`c${c}`].growthP50)) problems.push(`${r.page}: no growth`);
  return problems;
}

ensureBuild();
const runs = await runAll();
const results = { machine: machine(), smoke, secondsPerMeasurement: seconds, targets: TARGETS, runs };
results.analysis = analyse(runs);
const markdown = table(results);
log(`\n${markdown}\n`);
// One entry per database kind, so a PGlite run and a PostgreSQL run sit side by side.
const kind = process.env.DATABASE_URL ? "postgres" : "pglite";
const resultsFile = path.join(outDir, "results.json");
const all = !smoke && fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, "utf8")) : {};
all[kind] = results;
fs.writeFileSync(resultsFile, JSON.stringify(all, null, 2) + "\n");
log(`wrote ${resultsFile} (${kind})`);
if (!smoke) {
  const doc = path.join(root, "docs", "PERFORMANCE.md");
  const text = fs.readFileSync(doc, "utf8");
  const start = `<!-- bench:${kind}:start -->`;
  const end = `<!-- bench:${kind}:end -->`;
  if (text.includes(start) && text.includes(end)) {
    fs.writeFileSync(doc, text.slice(0, text.indexOf(start) + start.length) + "\n" + markdown + "\n" + text.slice(text.indexOf(end)));
    log(`updated the ${kind} table in ${doc}`);
  }
}
const problems = check(results);
if (smoke) fs.rmSync(outDir, { recursive: true, force: true });
if (problems.length) {
  console.error(`benchmark incomplete:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
log(smoke ? "benchmark smoke: every number produced" : "benchmark done");
