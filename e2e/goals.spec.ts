import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, personIn } from "./fixtures";

const MANAGER = "goals.manager@e2e.test";
const REPORT = "goals.report@e2e.test";
const TITLE = "Run the monthly incident review";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const utcDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const shown = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

async function openGoals(page: Page) {
  await page.goto("/dashboard");
  await page
    .getByRole("link", { name: /^Goals with/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: /^Goals: Goals Manager & Goals Report/ })).toBeVisible();
}

async function markInMeeting(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Open agenda" }).first().click();
  const section = page
    .getByRole("region", { name: "Goals" })
    .or(page.locator("section").filter({ has: page.getByRole("heading", { name: "Goals", exact: true }) }));
  await section.getByRole("button", { name: `Mark “${TITLE}” reviewed` }).click();
  await expect(section.getByText("You marked it reviewed")).toBeVisible();
}

test("manager and report set a SMART goal, check in and review it together", async ({ browser }) => {
  const manager = await personIn(browser, MANAGER);
  const report = await personIn(browser, REPORT);

  // The manager creates the goal; the form says live which SMART parts are met.
  await openGoals(manager.page);
  await expectAccessible(manager.page);
  const m = manager.page;
  await expect(m.getByTestId("smart-measurable")).toHaveAttribute("data-met", "false");
  await m.getByLabel("Title", { exact: true }).fill(TITLE);
  await m.getByLabel("Specific: what exactly will be achieved?").fill("Lead the monthly incident review for the platform team.");
  await m.getByLabel("A number to reach").check();
  await m.getByLabel("Metric").fill("Reviews led");
  await m.getByLabel("Baseline (optional)").fill("0");
  await m.getByLabel("Unit (optional)").fill("reviews");
  await m.getByLabel("Target", { exact: true }).fill("ten");
  await expect(m.getByTestId("smart-measurable")).toContainText("The target must be a number");
  await m.getByLabel("Target", { exact: true }).fill("10");
  await expect(m.getByTestId("smart-measurable")).toHaveAttribute("data-met", "true");
  await m.getByLabel("Achievable: how, and with what support?").fill("Shadow the current lead twice, then run it with their help.");
  await m.getByLabel("Relevant: why does it matter?").fill("Builds towards the staff engineer role.");
  await m.getByLabel("Time-bound: due date").fill(utcDay(-3));
  await expect(m.getByTestId("smart-timeBound")).toContainText("The due date must be in the future.");
  await m.getByLabel("Time-bound: due date").fill(utcDay(120));
  for (const part of ["specific", "measurable", "achievable", "relevant", "timeBound"]) {
    await expect(m.getByTestId(`smart-${part}`)).toHaveAttribute("data-met", "true");
  }
  await m.getByRole("button", { name: "Create goal" }).click();
  await expect(m.getByRole("heading", { name: TITLE })).toBeVisible();
  await expectAccessible(m);

  // The report finds it from the dashboard and adds a check-in.
  await openGoals(report.page);
  const r = report.page;
  await r.getByRole("link", { name: TITLE }).click();
  await expect(r.getByRole("heading", { name: TITLE })).toBeVisible();
  await r.getByLabel("Current value (reviews)").fill("3");
  await r.getByLabel("Note").fill("Ran the March review on my own.");
  await r.getByRole("button", { name: "Add check-in" }).click();
  await expect(r.getByRole("status").filter({ hasText: "Check-in saved." })).toBeVisible();
  await expect(r.getByRole("list", { name: "Check-ins" })).toContainText("Ran the March review on my own.");
  await expect(r.getByRole("img", { name: /Latest progress 30 %/ })).toBeVisible();
  await expectAccessible(r);

  // Both mark it reviewed in the meeting's Goals section.
  await markInMeeting(r);
  await expectAccessible(r);
  await markInMeeting(m);

  // The goals page shows that they reviewed it together today.
  await openGoals(m);
  const row = m.getByTestId("goal-row").filter({ hasText: TITLE });
  await expect(row).toContainText(`Reviewed together on ${shown(new Date())}`);
  await expect(row).not.toContainText("Nobody reviewed");
  await expectAccessible(m);

  await manager.context.close();
  await report.context.close();
});

test("another member of the org sees nothing of the pair's goals", async ({ browser }) => {
  const pair = await personIn(browser, MANAGER);
  await openGoals(pair.page);
  const url = pair.page.url();
  const other = await personIn(browser, "goals.other@e2e.test");
  const response = await other.page.goto(url);
  expect(response?.status()).toBe(404);
  await expect(other.page.getByText(TITLE)).toHaveCount(0);
  await pair.context.close();
  await other.context.close();
});

test("the goals page, which has no editor, ships neither zod nor the editor to the browser", async ({ browser }) => {
  const { context, page } = await personIn(browser, MANAGER);
  await openGoals(page);
  const goalsPath = new URL(page.url()).pathname;
  await context.close();
  const fresh = await personIn(browser, MANAGER);
  const bodies: Promise<string>[] = [];
  fresh.page.on("response", (response) => {
    if (response.request().resourceType() === "script") bodies.push(response.text().catch(() => ""));
  });
  await fresh.page.goto(goalsPath, { waitUntil: "networkidle" });
  const scripts = await Promise.all(bodies);
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((s) => s.includes("ZodError") || /prosemirror/i.test(s))).toEqual([]);
  // The live SMART check is there: its rules travel as the small zod-free module.
  expect(scripts.some((s) => s.includes("The due date must be in the future."))).toBe(true);
  await fresh.context.close();
});
