import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { axeViolations as violations, signIn, streamed } from "./fixtures";
import { discoverPages, fill } from "./routes";

// Look and access: the theme switch and its cookie, both themes free of axe
// violations on the main pages, the skip link, the phone menu, and a navigation without empty pages.

const MANAGER = "canary.manager@e2e.test";
const REPORT = "canary.report@e2e.test";
const ADMIN = "admin@e2e.test";
const THEMES = ["light", "dark"] as const;

/** Whether the page's background, as the browser paints it, is dark (any colour syntax: painted on a canvas and read back). */
const darkBackground = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5;
  });

async function themed(context: BrowserContext, theme: "light" | "dark", baseURL: string) {
  await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
}

/** The main pages of a signed-in person, found from their dashboard (series, meeting, goals, history). */
async function mainPages(page: Page) {
  await page.goto("/dashboard");
  const meeting = await page.locator('a[href*="/meetings/"]').first().getAttribute("href");
  const series = meeting!.replace(/\/meetings\/.*/, "");
  return ["/dashboard", series, meeting!, `${series}/goals`, `${series}/history`, "/privacy", "/privacy/access-log", "/inbox", "/settings"];
}

test("the theme switch keeps the choice in a cookie: Dark and Light hold over a reload, System follows the device", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await signIn(page, REPORT);
  await page.goto("/settings");
  const html = page.locator("html");
  await expect(page.getByRole("button", { name: "System" })).toHaveAttribute("aria-pressed", "true");
  expect(await darkBackground(page)).toBe(false);

  await page.getByRole("button", { name: "Dark" }).click();
  await expect(page.getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");
  await expect(html).toHaveClass("dark");
  expect(await darkBackground(page)).toBe(true);
  // The server renders the class from the cookie: the first paint of the next page is dark already.
  const response = await page.goto("/dashboard");
  expect(await response!.text()).toMatch(/<html[^>]*class="dark"/);
  expect(await darkBackground(page)).toBe(true);

  await page.goto("/settings");
  await page.getByRole("button", { name: "Light" }).click();
  await expect(html).toHaveClass("light");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  expect(await darkBackground(page), "Light holds whatever the device says").toBe(false);

  await page.getByRole("button", { name: "System" }).click();
  await expect(html).toHaveClass("system");
  expect(await darkBackground(page), "System follows the device's dark setting").toBe(true);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await darkBackground(page), "and its light one").toBe(false);
  await context.close();
});

/**
 * Every page a person can open, from app/ (e2e/routes.ts) with the ids of their own pair, goal
 * and template put in; the pages that answer them 404 are left to the canary spec.
 */
async function everyPageOf(page: Page): Promise<string[]> {
  await page.goto("/dashboard");
  const meeting =
    (await page
      .locator('a[href*="/meetings/"]')
      .first()
      .getAttribute("href", { timeout: 2_000 })
      .catch(() => null)) ?? "";
  const [, seriesId = "", meetingId = ""] = meeting.match(/\/series\/([0-9a-f-]{36})\/meetings\/([0-9a-f-]{36})/) ?? [];
  const idIn = async (url: string, pattern: RegExp) => {
    const response = await page.goto(url);
    return response?.ok() ? (await page.content()).match(pattern)?.[1] : undefined;
  };
  const goalId = seriesId ? await idIn(`/series/${seriesId}/goals`, new RegExp(`/series/${seriesId}/goals/([0-9a-f-]{36})`)) : undefined;
  const templateId = await idIn("/templates", /\/templates\/([0-9a-f-]{36})/);
  const ids = { seriesId, meetingId, goalId: goalId ?? "", templateId };
  return discoverPages()
    .filter((pattern) => !["/", "/sign-in", "/sign-in/forgot"].includes(pattern) && !pattern.startsWith("/invite/") && !pattern.startsWith("/recover/"))
    .filter((pattern) => !Object.entries({ seriesId, meetingId, goalId, templateId }).some(([k, v]) => pattern.includes(`[${k}]`) && !v))
    .map((pattern) => fill(pattern, ids));
}

// What a theme can change: colours. Each page is loaded once, in the light theme the server renders
// from the cookie, and audited against every rule; then the page is switched to the dark theme as
// the theme switch does (the class on <html>: the palette is CSS alone, app/globals.css) and
// audited against the colour rules, since the markup is the same in both. Loading every page again
// for the dark audit cost a third of this file's time and checked nothing more.
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** Switches the open page to a theme the way the theme switch does, and waits until it is painted. */
async function switchTheme(page: Page, theme: "light" | "dark") {
  await page.evaluate((next) => {
    document.documentElement.className = next;
  }, theme);
  expect(await darkBackground(page), `the ${theme} palette is painted`).toBe(theme === "dark");
}

for (const [who, email, mustInclude] of [
  ["a manager", MANAGER, ["/meetings/", "/goals/", "/templates/", "/team", "/privacy/handoff"]],
  ["a report", REPORT, ["/meetings/", "/goals/", "/privacy/sharing", "/privacy/access-log"]],
  ["the org admin", ADMIN, ["/admin/people", "/admin/outbox", "/privacy/themes"]],
] as const) {
  test(`every page of ${who} has no axe violations of any impact in the light theme, nor of contrast in the dark one`, async ({ browser, baseURL }) => {
    test.setTimeout(600_000);
    const context = await browser.newContext();
    await themed(context, "light", baseURL!);
    const page = await context.newPage();
    await signIn(page, email);
    const wrong: string[] = [];
    const audited: string[] = [];
    for (const path of await everyPageOf(page)) {
      const response = await page.goto(path);
      if (response?.status() !== 200) continue;
      // Audit the page people read, not its loading placeholder: React may reveal streamed
      // sections after the load event that goto waits for.
      await streamed(page);
      expect(await page.locator("html").getAttribute("class"), "the server renders the cookie's theme").toBe("light");
      audited.push(path);
      wrong.push(...(await violations(page)).map((v) => `${path} (light): ${v}`));
      await switchTheme(page, "dark");
      wrong.push(...(await violations(page, COLOUR_RULES)).map((v) => `${path} (dark): ${v}`));
    }
    await context.close();
    for (const part of mustInclude)
      expect(
        audited.some((path) => path.includes(part)),
        `${part} was audited`,
      ).toBe(true);
    expect(wrong).toEqual([]);
  });
}

for (const theme of THEMES) {
  test(`the sign-in page has no axe violations of any impact in the ${theme} theme`, async ({ browser, baseURL }) => {
    const context = await browser.newContext();
    await themed(context, theme, baseURL!);
    const page = await context.newPage();
    await page.goto("/sign-in");
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
}

test("the skip link is the first thing Tab reaches and moves focus to the main content", async ({ page }) => {
  await signIn(page, REPORT);
  await page.goto("/dashboard");
  // The dashboard's series stream in after the shell; until they have, the main content holds
  // nothing a Tab could reach.
  await streamed(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  // The next Tab goes on from the content, past the navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
});

test("on a phone the navigation is one line with a Menu that opens, navigates and closes", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, MANAGER);
  const nav = page.getByRole("navigation", { name: "Main" });
  const box = await nav.boundingBox();
  expect(box!.height, "one line").toBeLessThan(70);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing wider than the phone").toBeLessThanOrEqual(390);
  await expect(nav.getByRole("link", { name: "Settings" })).toBeHidden();
  await nav.getByText("Menu").click();
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("button", { name: "Sign out" })).toBeVisible();
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(nav.getByRole("link", { name: "Settings" })).toBeHidden();
  await context.close();
});

test("a report's navigation has no Team or Templates; their manager's has both", async ({ browser }) => {
  for (const [email, listed] of [
    [REPORT, false],
    [MANAGER, true],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Privacy" })).toBeVisible();
    for (const name of ["Team", "Templates"]) await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(listed ? 1 : 0);
    await context.close();
  }
});

test("after adding, focus lands on the new topic and action item; after a refusal, on the field to correct", async ({ page }) => {
  await signIn(page, REPORT);
  await page.goto((await mainPages(page))[2]);
  const run = Date.now().toString(36);
  const topicForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add topic" }) });
  await topicForm.getByRole("button", { name: "Add topic" }).click();
  await expect(topicForm.getByLabel("Topic")).toBeFocused();
  await topicForm.getByLabel("Topic").fill(`Focus check ${run}`);
  await topicForm.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByTestId("topic").filter({ hasText: `Focus check ${run}` })).toBeFocused();

  const itemForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add action item" }) });
  await itemForm.getByLabel("Action item").fill(`Focus item ${run}`);
  await itemForm.getByRole("button", { name: "Add action item" }).click();
  await expect(page.getByTestId("action-item").filter({ hasText: `Focus item ${run}` })).toBeFocused();
  // Its buttons are named for what they show first, then which item.
  await expect(page.getByRole("button", { name: `Remove: Focus item ${run}` })).toBeVisible();
});
