// Screenshots of the pages a change touched, for looking at before calling it done:
// desktop and phone, light and dark (the device's setting: the app follows it while no theme is chosen). Against a running server (the browser-test server is handy:
// `E2E_PORT=3510 node scripts/e2e-server.mjs` after `npx next build`), e.g.
//   node scripts/screenshots.mjs http://127.0.0.1:3510 /tmp/shots
// Pages are given as "email path" pairs, separated by ";", in SCREENSHOT_PAGES (e.g.
// SCREENSHOT_PAGES="topics.manager@e2e.test {meeting}"), or by default the list below. {meeting}
// is the person's first meeting on the dashboard, {series} its series.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const out = process.argv[3] ?? "screenshots";
const PASSWORD = "between-us-demo";
const DEFAULT = [
  ["canary.manager@e2e.test", "/dashboard"],
  ["canary.report@e2e.test", "/dashboard"],
  ["canary.report@e2e.test", "/settings"],
  ["canary.report@e2e.test", "/inbox"],
  ["canary.report@e2e.test", "/privacy/access-log"],
  ["admin@e2e.test", "/admin/outbox"],
  ["admin@e2e.test", "/admin/people"],
  ["canary.manager@e2e.test", "{series}"],
  ["canary.manager@e2e.test", "{meeting}"],
  ["canary.report@e2e.test", "{meeting}"],
  ["canary.manager@e2e.test", "/privacy/themes"],
  [null, "/sign-in"],
];
const PAGES = process.env.SCREENSHOT_PAGES
  ? process.env.SCREENSHOT_PAGES.split(";").map((pair) => {
      const [email, target] = pair.trim().split(/\s+/);
      return [email === "-" ? null : email, target];
    })
  : DEFAULT;
const VIEWS = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true },
];

fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const scheme of ["light", "dark"]) {
  for (const view of VIEWS) {
    const byPerson = new Map();
    for (const [n, [email, target]] of PAGES.entries()) {
      let page = byPerson.get(email);
      if (!page) {
        const context = await browser.newContext({ ...view, colorScheme: scheme, baseURL: base });
        page = await context.newPage();
        if (email) {
          await page.goto("/sign-in");
          await page.getByLabel("Email").fill(email);
          await page.getByLabel("Password").fill(PASSWORD);
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.waitForURL(/dashboard/);
        }
        byPerson.set(email, page);
      }
      let url = target;
      if (target.startsWith("{")) {
        await page.goto("/dashboard");
        const href = await page.locator('a[href*="/meetings/"]').first().getAttribute("href");
        url = target === "{meeting}" ? href : href.replace(/\/meetings\/.*/, "");
      }
      await page.goto(url);
      await page.waitForLoadState("networkidle").catch(() => {});
      const file = path.join(out, `${n + 1}-${(email ?? "visitor").split("@")[0]}${url.replace(/[^a-z0-9]+/gi, "_").slice(0, 40)}-${view.name}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
  }
}
// The meeting page as it prints (the print stylesheet): a screenshot under print media, and the
// PDF Chromium prints (see it with `pdftoppm -png`).
{
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, baseURL: base });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("canary.report@e2e.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/dashboard/);
  await page.goto(await page.locator('a[href*="/meetings/"]').first().getAttribute("href"));
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.evaluate('window.dispatchEvent(new Event("beforeprint"))');
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: path.join(out, "meeting-print.png"), fullPage: true });
  await page.pdf({ path: path.join(out, "meeting-print.pdf"), format: "A4" });
  console.log(path.join(out, "meeting-print.png"));
  await context.close();
}
await browser.close();
