import { expect, test, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { expectAccessible, personIn } from "./fixtures";

test.describe.configure({ mode: "serial" });

const MANAGER = "mail.manager@e2e.test";

async function openSeries(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Mail Report", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Mail Manager & Mail Report" })).toBeVisible();
}

test("the manager creates a private calendar feed with the recurrence rule, then revokes it", async ({ browser }) => {
  const { page, context } = await personIn(browser, MANAGER);
  await openSeries(page);
  const calendar = page.locator("section").filter({ has: page.getByRole("heading", { name: "Calendar" }) });
  await calendar.getByRole("button", { name: "Create feed link" }).click();
  const link = calendar.getByLabel(/Your feed link/);
  await expect(link).toHaveValue(/\/api\/calendar\/[A-Za-z0-9_-]+\.ics$/);
  const url = await link.inputValue();
  await expectAccessible(page);

  // A calendar app fetches the feed without any cookie.
  const anonymous = await browser.newContext();
  const feed = await anonymous.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toMatch(/^text\/calendar/);
  const text = await feed.text();
  expect(text).toContain("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU");
  expect(text).toContain("SUMMARY:One-on-one: Mail Manager & Mail Report");

  await calendar.getByRole("button", { name: "Revoke" }).click();
  await expect(calendar.getByRole("button", { name: "Create feed link" })).toBeVisible();
  expect((await anonymous.request.get(url)).status()).toBe(404);
  await anonymous.close();
  await context.close();
});

test("the settings page turns meeting reminders off and on again", async ({ browser }) => {
  const { page, context } = await personIn(browser, MANAGER);
  await page.getByRole("link", { name: "Settings" }).click();
  const reminders = page.getByRole("switch", { name: "Meeting reminders" });
  await expect(reminders).toHaveAttribute("aria-checked", "true");
  await reminders.click();
  await expect(reminders).toHaveAttribute("aria-checked", "false");
  await page.reload();
  await expect(reminders).toHaveAttribute("aria-checked", "false");
  await expect(page.getByRole("switch", { name: "New topics" })).toHaveAttribute("aria-checked", "true");
  await expectAccessible(page);
  await reminders.click();
  await expect(reminders).toHaveAttribute("aria-checked", "true");
  await page.reload();
  await expect(reminders).toHaveAttribute("aria-checked", "true");
  await context.close();
});

test("a meeting moved to within 24 hours gets its reminder in each person's inbox; the admin sees only that it went out", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, context } = await personIn(browser, MANAGER);
  await openSeries(page);
  // The series is in UTC: one to two hours from now, on the hour.
  const soon = DateTime.utc().plus({ hours: 2 }).startOf("hour");
  await page
    .getByLabel(/^New date for/)
    .first()
    .fill(soon.toISODate()!);
  await page
    .getByLabel(/^New time for/)
    .first()
    .fill(soon.toFormat("HH:mm"));
  await page
    .getByRole("button", { name: /^Move the meeting on/ })
    .first()
    .click();
  await expect(page.getByText("(moved)")).toBeVisible();

  // The worker sweeps for upcoming meetings every 30 seconds; each person's mail is its own job.
  await page.getByRole("link", { name: "Inbox" }).click();
  await page.waitForURL(/\/inbox$/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: /^Reminder: one-on-one with Mail Report/ })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000, intervals: [3000] });
  await expect(page.getByText("/series/").first()).toBeVisible();
  await expectAccessible(page);
  await context.close();

  const report = await personIn(browser, "mail.report@e2e.test");
  await report.page.goto("/inbox");
  await expect(async () => {
    await report.page.reload();
    await expect(report.page.getByRole("heading", { name: /^Reminder: one-on-one with Mail Manager/ })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [3000] });
  // Only their own: the manager's reminder is not in the report's inbox.
  await expect(report.page.getByRole("heading", { name: /^Reminder: one-on-one with Mail Report/ })).toHaveCount(0);
  // A mail's time is shown in the reader's own zone once they choose one (in UTC, and said so, before).
  const reminder = report.page.getByRole("article").filter({ hasText: "Reminder: one-on-one with Mail Manager" }).first();
  await expect(reminder).toContainText(" UTC");
  await report.page.goto("/settings");
  await report.page.getByLabel("Time zone", { exact: true }).selectOption("Pacific/Auckland");
  await report.page.getByRole("button", { name: "Save time zone" }).click();
  await expect(report.page.getByText("Saved: times now show in Pacific/Auckland")).toBeVisible();
  await report.page.goto("/inbox");
  await expect(reminder).toContainText("(Pacific/Auckland)");
  await report.context.close();

  const admin = await personIn(browser, "admin@e2e.test");
  await admin.page.goto("/admin/outbox");
  const rows = admin.page.getByRole("row").filter({ hasText: "Meeting reminder" });
  await expect(rows.filter({ hasText: "mail.manager@e2e.test" }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "mail.report@e2e.test" }).first()).toBeVisible();
  const outbox = (await admin.page.locator("main").textContent()) ?? "";
  expect(outbox).not.toMatch(/Reminder: one-on-one|Hello |\/series\//);
  await expectAccessible(admin.page);
  await admin.context.close();
});

test("a person with no mail sees an empty inbox", async ({ browser }) => {
  const { page, context } = await personIn(browser, "mail.other@e2e.test");
  await page.goto("/inbox");
  await expect(page.getByText(/^No mail for you yet/)).toBeVisible();
  await expectAccessible(page);
  await context.close();
});
