// Screenshots of the pages a change touched, for looking at before calling it done:
// desktop and phone, light and dark. Against a running server (the browser-test server is handy:
// `E2E_PORT=3510 node scripts/e2e-server.mjs` after `npx next build`), e.g.
//   node scripts/screenshots.mjs http://127.0.0.1:3510 /tmp/shots
// Pages are given as "email path" pairs on stdin or, by default, the list below.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const out = process.argv[3] ?? "screenshots";
const PASSWORD = "between-us-demo";
const DEFAULT = [
  ["canary.report@e2e.test", "/inbox"],
  ["canary.report@e2e.test", "/privacy/access-log"],
  ["admin@e2e.test", "/admin/outbox"],
  ["canary.manager@e2e.test", "{series}"],
  ["canary.manager@e2e.test", "{meeting}"],
  ["canary.manager@e2e.test", "/privacy/themes"],
  [null, "/sign-in"],
];
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
    for (const [n, [email, target]] of DEFAULT.entries()) {
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
await browser.close();
