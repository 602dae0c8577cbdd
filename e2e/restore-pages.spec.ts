import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import postgres from "postgres";
import { CANARY } from "../db/seed-e2e-canary";
import { DEMO_PASSWORD, streamed } from "./fixtures";
import { basePort, startServer, tempDir, type AppServer } from "./servers";

// After a restore the app serves the same pages with the same content. A server on the embedded
// database (demo data and the browser fixtures) is backed up while it runs (`npm run backup`, the
// app makes the dump over its socket) and keeps answering; the backup is restored into a new
// PostgreSQL database and into a new PGlite folder (`npm run restore`); each restored database
// gets a server, and a manager's and a report's pages read the same there as on the original. So
// does the PostgreSQL database `npm run db:move` copies the original folder into, once it stopped.
// Every server gets the same NOTES_KEY: the private notes in the backup are sealed under it.
test.describe.configure({ mode: "serial" });

// Each person's pages after their dashboard, in the order they are reached: a page's links lead to the next one.
const PEOPLE: { email: string; pages: ("series" | "meeting" | "goals" | "goal" | "history" | "team")[] }[] = [
  // The canary pair (e2e fixtures): a series with a meeting holding an agenda, a topic, an action
  // item and each person's private note, a goal with a check-in, a covering manager.
  { email: "canary.manager@e2e.test", pages: ["series", "meeting", "goals", "goal", "history"] },
  { email: "canary.report@e2e.test", pages: ["series", "meeting", "goals"] },
  // A demo manager: eight reports, no series yet.
  { email: "manager@demo.test", pages: ["team"] },
];

const NOTES_KEY = crypto.randomBytes(32).toString("base64");
// One server at a time, on ports of its own: collab-durability.spec.ts (basePort, +1) and
// collab-scale.spec.ts (+2 to +5) may run beside this file. E2E_RESTORE_PORT moves them.
const first = Number(process.env.E2E_RESTORE_PORT ?? basePort() + 6);
const ports = { port: first, collabPort: first + 1 };
// A database made for this test on the server of E2E_DATABASE_URL / DATABASE_URL, else 127.0.0.1:5432 (as collab-scale.spec.ts).
const adminUrl = (() => {
  const base = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL;
  if (!base) return "postgres://postgres@127.0.0.1:5432/postgres";
  const url = new URL(base);
  url.pathname = "/postgres";
  return url.toString();
})();
const database = `bu_e2e_restore_${crypto.randomBytes(6).toString("hex")}`;
// The database `npm run db:move` copies the original into, once its app has stopped.
const movedDatabase = `${database}_moved`;
const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
const databaseUrl = urlOf(database);
const movedUrl = urlOf(movedDatabase);

let dir = "";
let server: AppServer | null = null;

test.beforeAll(() => {
  dir = tempDir("between-us-restore-");
});
test.afterAll(async () => {
  await server?.kill("SIGKILL");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin
    .unsafe(`drop database if exists ${database} with (force)`)
    .then(() => admin.unsafe(`drop database if exists ${movedDatabase} with (force)`))
    .finally(() => admin.end());
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs one of the npm scripts (scripts/*.ts) as the CLI does; its output is in the error if it fails. */
async function npmScript(name: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(path.join(process.cwd(), "node_modules", ".bin", "tsx"), [path.join("scripts", name), ...args], {
    env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: "", NOTES_KEY, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => output.push(c));
  child.stderr.on("data", (c: Buffer) => output.push(c));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const text = Buffer.concat(output).toString("utf8");
  expect(code, `npm run ${name}: ${text}`).toBe(0);
  return text;
}

/** Each person's page addresses, found on the original server by following its links. */
type Paths = Record<string, string[]>;

/**
 * Each page's main text, as each person sees it, once every live editor on it has its document.
 * Without `paths` (the original server) the pages are found by following links, and returned.
 */
async function readPages(browser: Browser, base: string, paths?: Paths): Promise<{ texts: Record<string, string>; paths: Paths }> {
  const texts: Record<string, string> = {};
  const found: Paths = {};
  for (const person of PEOPLE) {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    const read = async (at: string) => {
      const response = await page.goto(at);
      expect(response?.status(), `${person.email} ${at}`).toBe(200);
      // The load event can come before React reveals the streamed sections (it batches the reveals),
      // so the page is read once no loading placeholder is left.
      await streamed(page);
      if (/\/meetings\/[^/]+$/.test(at)) {
        // A meeting's live editors (the shared agenda, the person's own private note) load after the page.
        await expect(page.getByTestId("save-status")).toHaveText("Saved");
        await expect(page.getByTestId("private-notes-status")).toHaveText("Saved");
      }
      texts[`${person.email} ${at}`] = normalize(await page.locator("main").innerText());
    };
    /** The first link on the current page into a series whose address matches. */
    const link = async (pattern: RegExp) => {
      const hrefs = await page.locator("main a[href^='/series/']").evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      const href = hrefs.find((h) => pattern.test(h));
      expect(href, `${person.email}: a link matching ${pattern} on ${page.url()}`).toBeTruthy();
      return href!;
    };
    if (paths) {
      for (const at of paths[person.email]!) await read(at);
    } else {
      const list = ["/dashboard"];
      await read("/dashboard");
      let series = "";
      for (const kind of person.pages) {
        if (kind === "series") series = (await link(/^\/series\/[^/]+/)).split("/").slice(0, 3).join("/");
        const at = {
          series,
          meeting: kind === "meeting" ? await link(/\/meetings\/[^/]+$/) : "",
          goals: `${series}/goals`,
          goal: kind === "goal" ? await link(/\/goals\/[^/]+$/) : "",
          history: `${series}/history`,
          team: "/team",
        }[kind];
        list.push(at);
        await read(at);
      }
      found[person.email] = list;
    }
    await context.close();
  }
  return { texts, paths: paths ?? found };
}

/** Only what legitimately differs between two servers; nothing so far. */
const normalize = (text: string) => text.replace(/[ \t]+\n/g, "\n").trim();

test("a live backup restored into PostgreSQL and into a new PGlite folder, and the folder moved to PostgreSQL, serve the same pages with the same content", async ({
  browser,
}) => {
  // Four servers started one after the other, each read as three people: minutes on a loaded 2-core machine.
  test.setTimeout(600_000);
  const source = path.join(dir, "source");
  server = await startServer({ ...ports, pgliteDir: source, env: { NOTES_KEY } });

  // The backup, while the app runs: it answers its health check all along.
  const out = path.join(dir, "backups");
  let backingUp = true;
  const backupRun = npmScript("backup.ts", ["--out", out], { PGLITE_DIR: source }).finally(() => (backingUp = false));
  backupRun.catch(() => {}); // awaited below; a failure is reported there
  const health: number[] = [];
  while (backingUp) {
    const response = await fetch(`${server.url}/api/health`);
    health.push(response.status);
    expect(((await response.json()) as { status: string }).status).toBe("ok");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await backupRun).toContain(`from the running app (process `);
  expect(health.length).toBeGreaterThan(0);
  expect(health.every((status) => status === 200)).toBe(true);
  const [archive] = fs.readdirSync(out);
  const file = path.join(out, archive!);

  // The restores run while the original's pages are read. Those are read after the backup, so the
  // original and its copies start from the same state and see the same visits.
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin
    .unsafe(`create database ${database}`)
    .then(() => admin.unsafe(`create database ${movedDatabase}`))
    .finally(() => admin.end());
  const restoredFolder = path.join(dir, "restored");
  const restores = Promise.all([npmScript("restore.ts", [file, "--to", databaseUrl]), npmScript("restore.ts", [file, "--pglite", restoredFolder])]);
  restores.catch(() => {}); // awaited below; a failure is reported there
  const original = await readPages(browser, server.url);
  // The report's private note is read back: the texts are the pages' real content.
  expect(Object.values(original.texts).join("\n")).toContain(CANARY.reportNote);
  // Reading a page is a visit that changes what later pages show (a meeting opened clears "1 new
  // topic"). The move copies the folder after those visits, so its copy is compared with the
  // original as read a second time, after them.
  const visited = await readPages(browser, server.url, original.paths);
  await server.kill();
  server = null;
  await restores;
  // The move to PostgreSQL refuses a folder an app holds, so it runs once the original has stopped.
  await npmScript("db-move.ts", ["--to", movedUrl, "--from", source]);

  // The copies: no demo data or fixtures loaded again (they are in the backup), the same notes key.
  const copies = { postgres: { databaseUrl }, pglite: { pgliteDir: restoredFolder }, "db:move": { databaseUrl: movedUrl } };
  for (const [kind, where] of Object.entries(copies)) {
    server = await startServer({ ...ports, ...where, env: { NOTES_KEY, DEMO_DATA: "off", E2E_FIXTURES: "off" } });
    const restored = await readPages(browser, server.url, original.paths);
    const expected = kind === "db:move" ? visited.texts : original.texts;
    for (const [page, text] of Object.entries(expected)) expect(restored.texts[page], `${page} on the ${kind} copy`).toBe(text);
    await server.kill();
    server = null;
  }
});
