import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Never download a browser: an explicit path, else Debian's headless shell (the old headless mode,
// what Playwright itself runs headless: about a fifth less CPU than the full browser here, and the
// browser tests are bound by CPU on 2 cores), else Debian's chromium, else Playwright's own.
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((file) => fs.existsSync(file));
const port = Number(process.env.E2E_PORT ?? 3210);
// Each run writes its own report folder so that two runs on one machine do not collide.
const outputDir = process.env.E2E_OUTPUT_DIR ?? "test-results";
// Where the web server's log is copied, for the canary spec; set here so the workers inherit it.
process.env.E2E_SERVER_LOG ??= path.join(os.tmpdir(), `between-us-e2e-server-${port}.log`);

export default defineConfig({
  testDir: "./e2e",
  outputDir,
  // Screenshots compared by e2e/visual.spec.ts, committed: one folder, no platform in the name (the
  // baselines are made with the same browser that CI runs, /usr/bin/chromium-headless-shell).
  snapshotPathTemplate: "{testDir}/__screenshots__/{testFilePath}/{arg}{ext}",
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  // On CI a failed test runs once more, in a fresh worker; the list then names it "flaky" and the
  // run still passes. Two people, two instances and a busy 2-core machine make a rare timing miss
  // in one of 92 tests likely somewhere (three CI runs of seven failed so, each on a different
  // test, none reproduced alone); a test that is broken fails both attempts. Locally: no retry.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: true,
  // An axe audit of the meeting workspace (two editors, every section) takes tens of seconds on a loaded 2-core machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A failed test keeps its trace: every action with its timing and error, the network and the
    // console, and a screenshot of the page as it ended (with error-context.md, the page's
    // accessibility tree). Not the DOM before and after each action, nor the screencast: on 2 cores
    // the screencast cost a third of the browser tests' time (10 tests of three specs: 125 s with
    // it, 84 s without) and the DOM snapshots another eighth (18 tests of four specs: 156 s with
    // them, 136 s without, 134 s with no trace at all). E2E_TRACE=full records both, for a
    // failure that needs them.
    trace: process.env.E2E_TRACE === "full" ? "retain-on-failure" : { mode: "retain-on-failure", screenshots: false, snapshots: false },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // One production build (made by `npm test` before this runs), served on a database of its own.
    command: `node scripts/e2e-server.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { E2E_PORT: String(port), NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? "", E2E_SERVER_LOG: process.env.E2E_SERVER_LOG },
  },
});
