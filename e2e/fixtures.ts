import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Cookie, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "between-us-demo";

/**
 * Signs in through the sign-in form, as a person does, and lands on the dashboard. The tests of
 * signing in itself (e2e/auth.spec.ts) use this one.
 */
export async function signInWithPassword(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await streamed(page);
}

/** The server the tests run against (the config's baseURL), also from a hook with no test running. */
function serverOf() {
  try {
    return test.info().project.use.baseURL;
  } catch {
    return `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
  }
}

// This worker's session cookie of each person it signed in (key: server, email, password).
const sessions = new Map<string, Cookie>();

/**
 * Signs a browser context in as this person and opens the dashboard. The first time in a worker it
 * goes through the form (signInWithPassword); later it gives the context the session cookie that
 * sign-in issued, which the server checks on every request as it would the form's (a session
 * signed out everywhere since sends it to the form again). The form, the password hash and the
 * redirect took a second or two of a 2-core machine for each of the browser tests' hundred-odd
 * sign-ins; what the tests are about starts at the dashboard.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  const key = `${serverOf()}|${email}|${password}`;
  const saved = sessions.get(key);
  if (saved) {
    await page.context().addCookies([saved]);
    await page.goto("/dashboard");
    if (new URL(page.url()).pathname === "/dashboard") {
      await streamed(page);
      return;
    }
    sessions.delete(key);
  }
  await signInWithPassword(page, email, password);
  const cookie = (await page.context().cookies()).find((c) => c.name.includes("session-token"));
  if (cookie) sessions.set(key, cookie);
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
  const results = await axe(page).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/**
 * An axe audit of the open page, run in the page itself (axe's legacy mode). The default mode
 * opens a new blank page for every audit to merge the results of cross-origin frames, which this
 * app has none of: it reports the same violations on the same nodes (checked on the dashboard,
 * a meeting and the settings with seven kinds of fault planted, in both themes) in less than half
 * the time (a meeting: 1.1 s against 2.6 s), and the browser tests run about 170 audits.
 */
export const axe = (page: Page) => new AxeBuilder({ page }).setLegacyMode(true);

/** Every axe violation, of any impact, as readable lines (an empty list passes); `rules` limits the audit to those. */
export async function axeViolations(page: Page, rules?: string[]) {
  const builder = axe(page);
  const results = await (rules ? builder.withRules(rules) : builder).analyze();
  return results.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
