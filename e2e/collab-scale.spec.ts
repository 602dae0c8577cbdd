import { execFileSync } from "node:child_process";
import { expect, test, type Browser } from "@playwright/test";
import { DEMO_PASSWORD } from "./fixtures";
import { basePort, startServer, type AppServer } from "./servers";

// The app scales out: two app instances, each with its own collaboration server, on one
// PostgreSQL database and synchronized through Redis (127.0.0.1:6379): a person on instance A
// and one on instance B edit the same agenda and converge. The database is made for this test
// (scripts/ci-db.mjs, on the server of E2E_DATABASE_URL / DATABASE_URL, else 127.0.0.1:5432).
test.describe.configure({ mode: "serial" });

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const dbName = `between_us_e2e_scale_${run}`;
const adminUrl = (() => {
  const base = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL;
  if (!base) return "postgres://postgres@127.0.0.1:5432/postgres";
  const url = new URL(base);
  url.pathname = "/postgres";
  return url.toString();
})();
const dbUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();
const db = (op: "create" | "drop") =>
  execFileSync(process.execPath, ["scripts/ci-db.mjs", op, dbName], { env: { ...process.env, PG_ADMIN_URL: adminUrl }, stdio: "pipe" });

const servers: AppServer[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  db("create");
  const shared = {
    databaseUrl: dbUrl,
    redisUrl: "redis://127.0.0.1:6379",
    // What the README asks of several instances: one secret, one Redis prefix per deployment.
    env: { AUTH_SECRET: `scale-test-secret-${run}`, COLLAB_REDIS_PREFIX: `between-us-e2e-${run}`, DEMO_DATA: "on" },
  };
  // One first, so that migrations and the seed ran; then the second (both take advisory locks anyway).
  servers.push(await startServer({ ...shared, port: basePort() + 2, collabPort: basePort() + 3 }));
  servers.push(await startServer({ ...shared, port: basePort() + 4, collabPort: basePort() + 5 }));
});
// A failure here may be either instance's or Redis's: the report carries both servers' logs.
test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const [i, s] of servers.entries())
    await testInfo.attach(`instance ${"AB"[i]} (port ${s.port}) log`, { body: s.log().slice(-8000), contentType: "text/plain" });
});
test.afterAll(async () => {
  for (const s of servers) await s.kill("SIGTERM").catch(() => {});
  db("drop");
});

async function personOn(browser: Browser, base: string, email: string) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return { context, page };
}

test("a person on instance A and one on instance B edit the same agenda through Redis and converge", async ({ browser }) => {
  const [a, b] = servers;
  const manager = await personOn(browser, a.url, "collab.manager@e2e.test");
  const report = await personOn(browser, b.url, "collab.report@e2e.test");
  await manager.page.getByRole("link", { name: "Open agenda" }).first().click();
  await manager.page.waitForURL(/\/meetings\//);
  const path = new URL(manager.page.url()).pathname;
  await report.page.goto(path);
  const onA = manager.page.getByRole("textbox", { name: "Shared agenda" });
  const onB = report.page.getByRole("textbox", { name: "Shared agenda" });
  await expect(onA).toBeVisible();
  await expect(onB).toBeVisible();
  await expect(manager.page.getByTestId("save-status")).toHaveText("Saved");
  await expect(report.page.getByTestId("save-status")).toHaveText("Saved");

  // A types on instance A; B, connected to instance B's collaboration server, sees it.
  await onA.click();
  await manager.page.keyboard.press("Control+End");
  await manager.page.keyboard.press("Enter");
  await manager.page.keyboard.type("From instance A:");
  await expect(onB.locator("p", { hasText: "From instance A:" })).toBeVisible({ timeout: 10_000 });
  // Carets and names cross instances too.
  await expect(onB.locator(".collaboration-carets__label", { hasText: "Collab Manager" })).toBeVisible();

  // Both type at once in that paragraph, at its two ends: two people typing at the same spot
  // interleave their letters (both kept, as a CRDT must), which no substring check can read back.
  await onB.locator("p", { hasText: "From instance A:" }).click();
  await report.page.keyboard.press("Home");
  await Promise.all([manager.page.keyboard.type(" alpha-on-A", { delay: 40 }), report.page.keyboard.type("beta-on-B ", { delay: 40 })]);
  for (const editor of [onA, onB]) {
    await expect(editor.locator("p", { hasText: "From instance A:" })).toContainText("alpha-on-A");
    await expect(editor.locator("p", { hasText: "From instance A:" })).toContainText("beta-on-B");
  }
  await expect(manager.page.getByTestId("save-status")).toHaveText("Saved");
  await expect(report.page.getByTestId("save-status")).toHaveText("Saved");
  await manager.context.close();
  await report.context.close();

  // Stored once in the shared database: each instance renders both texts from it.
  for (const server of servers) {
    const person = await personOn(browser, server.url, "collab.manager@e2e.test");
    await person.page.goto(path);
    await expect(person.page.getByRole("textbox", { name: "Shared agenda" }).locator("p", { hasText: "From instance A:" })).toContainText("beta-on-B");
    await expect(person.page.getByRole("textbox", { name: "Shared agenda" }).locator("p", { hasText: "From instance A:" })).toContainText("alpha-on-A");
    await person.context.close();
  }
});
