import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "between-us-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await streamed(page);
}

/**
 * The page has finished streaming: no loading placeholder (marked data-stream-fallback) is left.
 * The URL changes as soon as the shell arrives; what a test then reads from the page (links,
 * ids) may still be on its way on a busy machine.
 */
export async function streamed(page: Page) {
  await expect(page.locator("[data-stream-fallback]")).toHaveCount(0, { timeout: 30_000 });
}

/**
 * Adds a topic from the open meeting page and waits until it shows: the action answers with the
 * page rendered again by the server, so every section gets new props (what the tests of state that
 * must survive a re-render need).
 */
export async function addTopicOnMeeting(page: Page, text: string) {
  const form = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Add topic" }) })
    .first();
  await form.getByLabel("Topic", { exact: true }).fill(text);
  await form.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByText(text).first()).toBeVisible();
}

/** A separate browser context (its own cookies) signed in as one person. */
export async function personIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** No serious or critical accessibility violation on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}
