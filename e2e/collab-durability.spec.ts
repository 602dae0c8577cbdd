import fs from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { DEMO_PASSWORD } from "./fixtures";
import { basePort, startServer, tempDir, type AppServer } from "./servers";

// What the person was told is saved is saved: an edit the collaboration server acknowledged survives a SIGKILL of the
// server (it is stored before the acknowledgement), and a graceful stop loses nothing.
// These tests run their own server (its own PGlite folder) so that they can kill it.
test.describe.configure({ mode: "serial" });

const MANAGER = "collab.manager@e2e.test";
let dir = "";
let server: AppServer | null = null;
const ports = { port: basePort(), collabPort: basePort() + 1 };

test.beforeAll(() => {
  dir = tempDir("between-us-kill-");
});
test.afterAll(async () => {
  await server?.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signedIn(browser: Browser, base: string) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(MANAGER);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole("link", { name: "Open agenda" }).first().click();
  await page.waitForURL(/\/meetings\//);
  await expect(page.getByRole("textbox", { name: "Shared agenda" })).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("Saved");
  return { context, page };
}

async function typeLine(page: import("@playwright/test").Page, text: string) {
  await page.getByRole("textbox", { name: "Shared agenda" }).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

test("SIGKILL right after the text was acknowledged: after a restart the text is there", async ({ browser }) => {
  server = await startServer({ ...ports, pgliteDir: dir });
  const { context, page } = await signedIn(browser, server.url);
  const marker = `acknowledged-${Date.now().toString(36)}`;
  await typeLine(page, marker);
  // "Saved" is shown when the server acknowledged every change; kill it at once, no grace.
  await expect(page.getByTestId("save-status")).toHaveText("Saved");
  await server.kill("SIGKILL");
  await expect(page.getByTestId("save-status")).toContainText("Offline");

  server = await startServer({ ...ports, pgliteDir: dir });
  // The server-rendered page (the JSON derived at start from the stored updates) has it ...
  const html = await (await context.request.get(page.url())).text();
  expect(html).toContain(marker);
  // ... and so does the real-time document in a fresh page.
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await expect(fresh.getByRole("textbox", { name: "Shared agenda" })).toContainText(marker);
  await context.close();
});

test("a graceful stop (SIGTERM) loses nothing, and the browser's edits made meanwhile merge on restart", async ({ browser }) => {
  server ??= await startServer({ ...ports, pgliteDir: dir });
  const { context, page } = await signedIn(browser, server.url);
  const before = `before-stop-${Date.now().toString(36)}`;
  await typeLine(page, before);
  await expect(page.getByTestId("save-status")).toHaveText("Saved");
  await server.kill("SIGTERM");
  // While the server is down the editor keeps working.
  const during = `while-down-${Date.now().toString(36)}`;
  await typeLine(page, during);
  await expect(page.getByTestId("save-status")).toContainText("Offline");

  server = await startServer({ ...ports, pgliteDir: dir });
  // The provider reconnects by itself and sends what was typed meanwhile.
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 45_000 });
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  const editor = fresh.getByRole("textbox", { name: "Shared agenda" });
  await expect(editor).toContainText(before);
  await expect(editor).toContainText(during);
  await context.close();
});
