import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./fixtures";

// Forms post: what people type never goes into a URL, even when the page has no JavaScript
// (submitted before hydration, on a slow connection, or with scripts off). Only search forms
// (role="search") may use GET, and they carry no hidden, password or free-text field but the query.

const MANAGER = "nojs.manager@e2e.test";
const REPORT = "nojs.report@e2e.test";
const CRAWL_LIMIT = 60;

async function noJs(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on("request", (r) => requested.push(`${r.method()} ${r.url()}`));
  return { context, page, requested };
}

async function submitSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Every form on the page that could send what was typed in a URL, described for the failure message. */
function formsThatLeak(page: Page) {
  return page.locator("form").evaluateAll((forms: HTMLFormElement[]) => {
    const problems: string[] = [];
    let posting = 0;
    for (const form of forms) {
      const describe = () => form.outerHTML.replace(/\s+/g, " ").slice(0, 200);
      // A submit button may override the form's method (formmethod) or target URL (formaction).
      const buttons = [...form.querySelectorAll<HTMLButtonElement | HTMLInputElement>("button, input[type=submit], input[type=image]")];
      const methods = new Set([form.method.toLowerCase(), ...buttons.filter((b) => b.hasAttribute("formmethod")).map((b) => b.formMethod.toLowerCase())]);
      if (/^javascript:/i.test(form.getAttribute("action") ?? "")) problems.push(`a form that only works with JavaScript: ${describe()}`);
      if (!methods.has("get")) {
        posting += 1;
        continue;
      }
      if (form.getAttribute("role") !== "search") {
        problems.push(`a GET form that is not a search form: ${describe()}`);
        continue;
      }
      for (const field of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input[name], select[name], textarea[name]")) {
        const type = field.type; // "select-one" for a single select, "textarea" for a textarea
        // The query itself (type=search) and choices from a fixed list (dates, selects) are all it may carry.
        if (!["search", "date", "select-one", "submit"].includes(type)) problems.push(`a search form carrying ${type} field "${field.name}": ${describe()}`);
      }
    }
    return { problems, posting, total: forms.length };
  });
}

/** Follows same-origin links breadth-first from the dashboard (the nav first), auditing each page's forms. */
async function crawl(page: Page, limit = CRAWL_LIMIT) {
  const origin = new URL(page.url()).origin;
  const queue = ["/dashboard"];
  const seen = new Set<string>();
  const problems: string[] = [];
  let posting = 0;
  while (queue.length && seen.size < limit) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await page.goto(path);
    expect(response?.status(), `GET ${path}`).toBeLessThan(500);
    if (!response?.headers()["content-type"]?.includes("text/html")) continue;
    expect(new URL(page.url()).pathname, `${path} should not send a signed-in person to sign in`).not.toBe("/sign-in");
    const audit = await formsThatLeak(page);
    problems.push(...audit.problems.map((p) => `${path}: ${p}`));
    posting += audit.posting;
    // A download link (a meeting as Markdown) is a file, not a page: no forms, and a browser saves it rather than showing it.
    const hrefs = await page.locator("a[href]:not([download])").evaluateAll((links: HTMLAnchorElement[]) => links.map((a) => a.href));
    for (const href of hrefs) {
      const url = new URL(href);
      // Plain HTTP endpoints (feeds, the export) are no pages and hold no forms.
      if (url.origin !== origin || url.pathname.startsWith("/api/")) continue;
      const next = url.pathname + url.search;
      if (!seen.has(next)) queue.push(next);
    }
  }
  return { problems, posting, pages: [...seen] };
}

for (const { role, email, pages } of [
  { role: "an admin", email: "admin@demo.test", pages: ["/admin/people", "/admin/outbox", "/privacy"] },
  { role: "a manager", email: MANAGER, pages: ["/team", "/templates", "/settings"] },
  { role: "a report", email: REPORT, pages: ["/privacy", "/settings"] },
]) {
  test(`signed in as ${role} without JavaScript, no page reachable from the nav has a form that submits by GET`, async ({ browser }) => {
    const { context, page } = await noJs(browser);
    await page.goto("/sign-in");
    await submitSignIn(page, email);
    await expect(page).toHaveURL(/\/dashboard$/);
    const result = await crawl(page);
    expect(result.problems).toEqual([]);
    // The crawl really went somewhere and really saw forms.
    for (const p of pages) expect(result.pages).toContain(p);
    expect(result.posting).toBeGreaterThan(3);
    if (email !== "admin@demo.test") expect(result.pages.some((p) => /^\/series\/[^/]+\/meetings\/[^/]+$/.test(p))).toBe(true);
    await context.close();
  });
}

test("without JavaScript, signing in posts: neither the email nor the password ever appears in a URL", async ({ browser }) => {
  const { context, page, requested } = await noJs(browser);
  await page.goto("/sign-in");
  await submitSignIn(page, REPORT, "not the password at all");
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await submitSignIn(page, REPORT);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Nojs Report");
  const leaks = requested.filter((r) => /nojs|not%20the|not\+the|between-us-demo|password=|email=/i.test(r));
  expect(leaks).toEqual([]);
  expect(requested.some((r) => r.startsWith("POST ") && new URL(r.slice(5)).pathname === "/sign-in")).toBe(true);
  await context.close();
});

test("without JavaScript, a report adds a topic: it is posted, stored, and its text is in no URL", async ({ browser }) => {
  const { context, page, requested } = await noJs(browser);
  await page.goto("/sign-in");
  await submitSignIn(page, REPORT);
  await page.getByRole("link", { name: "Nojs Manager", exact: true }).click();
  const seriesPath = new URL(page.url()).pathname;
  const form = () => page.locator("form").filter({ has: page.locator("#series-topic-text") });
  // A refusal comes back in the server's render of the same page.
  await form().getByRole("button", { name: "Add topic" }).click();
  await expect(form().getByRole("alert").first()).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(seriesPath);

  const text = "Quietly considering a transfer to the Lisbon office";
  await form().getByLabel("Topic").fill(text);
  await form().getByLabel("Category").selectOption({ label: "Career growth" });
  await form().getByRole("button", { name: "Add topic" }).click();
  // The page after the post is the server's render: no refusal, and the form is empty again.
  await expect(page.locator("#series-topic-text")).toHaveValue("");
  await expect(form().getByRole("alert")).toHaveCount(0);
  expect(page.url()).toMatch(/\/series\/[^/?]+$/);
  // It was stored: the next meeting's agenda lists it.
  await page.locator(`a[href^="${seriesPath}/meetings/"]`).first().click();
  await expect(page.getByRole("list", { name: "Topics" }).getByTestId("topic").filter({ hasText: text })).toHaveCount(1);
  const leaks = requested.filter((r) => /Lisbon|transfer|text=/i.test(r));
  expect(leaks).toEqual([]);
  expect(requested.filter((r) => r.startsWith(`POST `) && new URL(r.slice(5)).pathname === seriesPath)).toHaveLength(2);
  await context.close();
});

test("signing in from a deep link returns to that page, with or without JavaScript; a foreign callback goes to the dashboard", async ({ browser }) => {
  const finder = await noJs(browser);
  await finder.page.goto("/sign-in");
  await submitSignIn(finder.page, REPORT);
  const meeting = await finder.page.locator('a[href*="/meetings/"]').first().getAttribute("href");
  expect(meeting).toMatch(/^\/series\/[^/]+\/meetings\/[^/]+$/);
  await finder.context.close();

  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(meeting!);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(meeting);
    await submitSignIn(page, REPORT);
    await expect(page).toHaveURL((url) => url.pathname === meeting);
    await context.close();
  }

  for (const evil of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
    const { context, page } = await noJs(browser);
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(evil)}`);
    await submitSignIn(page, REPORT);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
    await context.close();
  }
});
