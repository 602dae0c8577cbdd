import { expect, test } from "@playwright/test";
import { expectAccessible, personIn } from "./fixtures";

// One story in order: the second test continues from the meetings the first one completed.
test.describe.configure({ mode: "serial" });

const MANAGER = "topics.manager@e2e.test";
const REPORT = "topics.report@e2e.test";

test("the report adds topics between meetings, the manager sees them, and what stays open carries over on completion", async ({ browser }) => {
  const report = await personIn(browser, REPORT);
  await report.page.getByRole("link", { name: "Topics Manager", exact: true }).click();
  await expect(report.page.getByRole("heading", { name: "Add a topic to the next meeting" })).toBeVisible();
  const form = report.page.locator("form").filter({ has: report.page.locator("#series-topic-text") });
  await form.getByLabel("Topic").fill("Career path towards staff engineer");
  await form.getByLabel("Category").selectOption({ label: "Career growth" });
  await form.getByRole("button", { name: "Add topic" }).click();
  await expect(form.getByLabel("Topic")).toHaveValue("");
  await form.getByLabel("Topic").fill("Flaky deploy script");
  await form.getByLabel("Kind").selectOption("tactical");
  await expect(form.getByText("may fit another channel")).toBeVisible();
  await form.getByLabel("Category").selectOption({ label: "Productivity" });
  await form.getByRole("button", { name: "Add topic" }).click();
  await expect(form.getByLabel("Topic")).toHaveValue("");
  await expectAccessible(report.page);

  const manager = await personIn(browser, MANAGER);
  await expect(manager.page.getByTestId("new-topics")).toHaveText("2 new topics from Topics Report");
  await manager.page.getByRole("link", { name: "Open agenda" }).click();
  const topics = manager.page.getByRole("list", { name: "Topics" });
  await expect(topics.getByTestId("topic")).toHaveCount(2);
  await expect(topics.getByTestId("topic").nth(0)).toContainText("Career path towards staff engineer");
  await expect(topics.getByTestId("topic").nth(1)).toContainText("Tactical · Productivity · added by Topics Report");
  // The manager may tick the report's topic but not edit or remove it.
  await expect(topics.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expectAccessible(manager.page);

  await manager.page.getByRole("button", { name: "Start meeting" }).click();
  await expect(manager.page.getByTestId("meeting-status")).toHaveText("In progress");
  await manager.page.getByRole("button", { name: "Mark discussed: Flaky deploy script" }).click();
  await expect(topics.getByTestId("topic").nth(1)).toContainText("Discussed");
  await manager.page.getByLabel("Action item").fill("Write down the staff engineer expectations");
  await manager.page.getByLabel("Owner").selectOption("manager");
  await manager.page.getByRole("button", { name: "Add action item" }).click();
  await expect(manager.page.getByTestId("action-item")).toContainText("Write down the staff engineer expectations");

  // The report completes it from their own browser at the same time as the manager. Each is
  // asked to confirm first, with what will carry over.
  await report.page.goto(manager.page.url());
  for (const person of [manager, report]) {
    await person.page.getByRole("button", { name: "Complete meeting" }).click();
    await expect(person.page.getByTestId("carry-over-summary")).toContainText("1 topic not yet discussed and 1 open action item will carry over");
  }
  await expectAccessible(manager.page);
  await Promise.all([
    manager.page.getByRole("button", { name: "Yes, complete the meeting" }).click(),
    report.page.getByRole("button", { name: "Yes, complete the meeting" }).click(),
  ]);
  await expect(manager.page.getByTestId("meeting-status")).toHaveText("Completed");
  await expect(manager.page.getByTestId("completed-on")).toContainText("Completed on");
  // Read-only now: no topic or action item form, and the manager may reopen.
  await expect(manager.page.getByRole("button", { name: "Add topic" })).toHaveCount(0);
  await expect(manager.page.getByRole("button", { name: "Add action item" })).toHaveCount(0);
  await expect(manager.page.getByRole("button", { name: "Reopen meeting" })).toBeVisible();
  await manager.page.getByRole("link", { name: "Open the next meeting" }).click();
  const next = manager.page.getByRole("list", { name: "Topics" }).getByTestId("topic");
  await expect(next.filter({ hasText: "Career path towards staff engineer" })).toHaveCount(1);
  await expect(next.filter({ hasText: "Career path towards staff engineer" })).toContainText("carried over from");
  await expect(next.filter({ hasText: "Flaky deploy script" })).toHaveCount(0);
  await expect(manager.page.getByTestId("action-item").filter({ hasText: "Write down the staff engineer expectations" })).toHaveCount(1);
  await expectAccessible(manager.page);

  await manager.page.getByRole("link", { name: "Back to the series" }).click();
  await expect(manager.page.getByTestId("strategic-share")).toContainText("50% of topics were strategic (1 of 2)");
  await expectAccessible(manager.page);
  await manager.page.getByRole("searchbox", { name: "Search this series" }).fill("staff engineer");
  await manager.page.getByRole("button", { name: "Search" }).click();
  await expect(manager.page.getByTestId("search-results")).toContainText("Career path towards staff engineer");
  await expectAccessible(manager.page);
  await manager.context.close();
  await report.context.close();
});

test("the manager reopens the completed first meeting to settle the working agreement, it shows on later meetings, and one meeting can be moved", async ({
  browser,
}) => {
  const report = await personIn(browser, REPORT);
  await report.page.getByRole("link", { name: "Topics Manager", exact: true }).click();
  await report.page.getByRole("link", { name: "Browse past meetings" }).click();
  await expect(report.page.getByRole("heading", { name: "Past meetings" })).toBeVisible();
  await expectAccessible(report.page);
  await report.page.getByRole("link", { name: "Open this meeting" }).first().click();
  // Completed: read-only for everyone, and only the manager may reopen.
  await expect(report.page.getByTestId("completed-on")).toContainText("Completed on");
  await expect(report.page.getByRole("button", { name: "Save working agreement" })).toHaveCount(0);
  await expect(report.page.getByRole("button", { name: "Reopen meeting" })).toHaveCount(0);

  const manager = await personIn(browser, MANAGER);
  await manager.page.goto(report.page.url());
  await manager.page.getByRole("button", { name: "Reopen meeting" }).click();
  await expect(manager.page.getByTestId("meeting-status")).toHaveText("In progress");

  await report.page.reload();
  await expect(report.page.getByTestId("reopened-note")).toContainText("Topics Manager reopened this meeting on");
  await report.page.getByLabel("Goals and expectations").fill("Grow towards a staff engineer role");
  await report.page.getByLabel("Current challenges and concerns").fill("Too many interruptions");
  await report.page.getByRole("button", { name: "Save working agreement" }).click();
  await expect(report.page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  // Completed again: what was carried the first time is not carried twice.
  await manager.page.reload();
  await manager.page.getByRole("button", { name: "Complete meeting" }).click();
  await expect(manager.page.getByTestId("carry-over-summary")).toContainText("0 topics not yet discussed and 0 open action items");
  await manager.page.getByRole("button", { name: "Yes, complete the meeting" }).click();
  await expect(manager.page.getByTestId("meeting-status")).toHaveText("Completed");
  await manager.page.getByRole("link", { name: "Open the next meeting" }).click();
  const next = manager.page.getByRole("list", { name: "Topics" }).getByTestId("topic");
  await expect(next.filter({ hasText: "Career path towards staff engineer" })).toHaveCount(1);
  await expect(manager.page.getByTestId("action-item").filter({ hasText: "Write down the staff engineer expectations" })).toHaveCount(1);

  await manager.page.goto("/dashboard");
  await manager.page.getByRole("link", { name: "Open agenda" }).click();
  // After the first meeting the agreement is a line under the title that opens in place.
  await expect(manager.page.getByRole("heading", { name: "Working agreement" })).toBeHidden();
  await manager.page
    .getByTestId("header-agreement")
    .getByText(/^Working agreement · agreed/)
    .click();
  await expect(manager.page.getByRole("heading", { name: "Working agreement" })).toBeVisible();
  await expect(manager.page.getByText("Grow towards a staff engineer role")).toBeVisible();
  await expect(manager.page.getByText("Too many interruptions")).toBeVisible();

  await manager.page.getByRole("link", { name: "Back to the series" }).click();
  const move = manager.page
    .locator("form")
    .filter({ has: manager.page.getByRole("button", { name: /^Move the meeting/ }) })
    .first();
  await move.getByLabel(/^New time/).fill("15:45");
  await move.getByRole("button", { name: /^Move/ }).click();
  await expect(manager.page.getByText(/15:45 \(UTC\) \(moved\)/)).toBeVisible();
  await expectAccessible(manager.page);
  await manager.context.close();
  await report.context.close();
});

test("a topic the report adds shows on the manager's open meeting page without a reload, and the series page shows what is queued", async ({ browser }) => {
  const manager = await personIn(browser, MANAGER);
  await manager.page.getByRole("link", { name: "Open agenda" }).click();
  await manager.page.waitForURL(/\/meetings\//);
  const meetingUrl = manager.page.url();
  const topics = manager.page.getByRole("list", { name: "Topics" }).getByTestId("topic");
  await expect(manager.page.getByRole("heading", { name: "Topics", exact: true })).toBeVisible();
  await expect(topics.filter({ hasText: "Live: pairing rotation for the new hires" })).toHaveCount(0);
  // A mark that a reload would wipe.
  await manager.page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

  const report = await personIn(browser, REPORT);
  await report.page.getByRole("link", { name: "Topics Manager", exact: true }).click();
  const queued = report.page.getByRole("list", { name: "Queued topics" });
  const form = report.page.locator("form").filter({ has: report.page.locator("#series-topic-text") });
  await form.getByLabel("Topic").fill("Live: pairing rotation for the new hires");
  await form.getByLabel("Category").selectOption({ label: "Collaboration with partner teams" });
  await form.getByRole("button", { name: "Add topic" }).click();
  await expect(queued.getByTestId("queued-topic").filter({ hasText: "Live: pairing rotation for the new hires" })).toContainText("you");
  await expectAccessible(report.page);

  // The manager's page, open all along, shows it within a few seconds, with who added it.
  await expect(topics.filter({ hasText: "Live: pairing rotation for the new hires" })).toContainText("added by Topics Report", { timeout: 20_000 });
  expect(await manager.page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  expect(manager.page.url()).toBe(meetingUrl);
  await manager.context.close();
  await report.context.close();
});

test("on a phone the meeting page is tabs (Agenda, My notes, Actions, Goals) driven by arrow keys, and without JavaScript a row of links to its sections", async ({
  browser,
}) => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true };
  const first = await personIn(browser, REPORT);
  await first.page.getByRole("link", { name: "Open agenda" }).click();
  await first.page.waitForURL(/\/meetings\//);
  const url = first.page.url();
  await first.context.close();

  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(REPORT);
  await page.getByLabel("Password").fill("between-us-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/dashboard/);
  await page.goto(url);
  const tablist = page.getByRole("tablist", { name: "Meeting sections" });
  await expect(tablist.getByRole("tab")).toHaveText(["Agenda", "My notes", "Actions", "Goals"]);
  const agenda = tablist.getByRole("tab", { name: "Agenda" });
  await expect(agenda).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel", { name: "Agenda" }).getByRole("list", { name: "Topics" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "My private notes" })).toBeHidden();
  await agenda.focus();
  await page.keyboard.press("ArrowRight");
  await expect(tablist.getByRole("tab", { name: "My notes" })).toBeFocused();
  await expect(tablist.getByRole("tab", { name: "My notes" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("textbox", { name: "My private notes" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Topics" })).toBeHidden();
  await page.keyboard.press("End");
  await expect(tablist.getByRole("tab", { name: "Goals" })).toBeFocused();
  await expect(page.getByRole("tabpanel", { name: "Goals" })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(agenda).toBeFocused();
  await expectAccessible(page);
  // Nothing on the phone is wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();

  const noJs = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/sign-in");
  await plain.getByLabel("Email").fill(REPORT);
  await plain.getByLabel("Password").fill("between-us-demo");
  await plain.getByRole("button", { name: "Sign in" }).click();
  await plain.waitForURL(/dashboard/);
  await plain.goto(url);
  const links = plain.getByRole("navigation", { name: "Meeting sections" }).getByRole("link");
  await expect(links).toHaveText(["Agenda", "My notes", "Actions", "Goals"]);
  await expect(plain.getByRole("tablist")).toHaveCount(0);
  await links.filter({ hasText: "Actions" }).click();
  await expect(plain).toHaveURL(/#panel-actions$/);
  await expect(plain.getByRole("region", { name: "Actions" }).getByRole("heading", { name: "Action items" })).toBeInViewport();
  await noJs.close();
});

test("two tabs of the report editing the same topic: the later save is refused with the text the other tab saved, not silently overwritten", async ({
  browser,
}) => {
  const report = await personIn(browser, REPORT);
  const a = report.page;
  await a.getByRole("link", { name: "Open agenda" }).click();
  await a.waitForURL(/\/meetings\//);
  const add = a.locator("form").filter({ has: a.locator("#new-topic-text") });
  await add.getByLabel("Topic").fill("Two tabs: as first written");
  await add.getByRole("button", { name: "Add topic" }).click();
  const added = a.getByRole("list", { name: "Topics" }).getByTestId("topic").filter({ hasText: "Two tabs: as first written" });
  await expect(added).toHaveCount(1);
  const itemId = await added.getAttribute("id");

  // The same person's second tab, opened on the same meeting, starts an edit of its own.
  const b = await report.context.newPage();
  await b.goto(a.url());
  // Typing must reach the hydrated form (it marks the edit as begun); React tags the elements it hydrated.
  await b.waitForFunction((id) => {
    const field = document.querySelector(`[id="${id}"] textarea`);
    return Boolean(field && Object.keys(field).some((k) => k.startsWith("__reactProps")));
  }, itemId);
  const inA = a.locator(`[id="${itemId}"]`);
  const inB = b.locator(`[id="${itemId}"]`);
  await inB.getByText("Edit", { exact: true }).click();
  await inB.getByLabel("Topic").fill("Two tabs: typed in tab B");

  await inA.getByText("Edit", { exact: true }).click();
  await inA.getByLabel("Topic").fill("Two tabs: saved in tab A");
  await inA.getByRole("button", { name: "Save topic" }).click();
  await expect(inA.locator("p").first()).toHaveText("Two tabs: saved in tab A");

  await inB.getByRole("button", { name: "Save topic" }).click();
  await expect(inB.getByRole("alert").first()).toContainText("changed in another tab or window since you opened it");
  await expect(inB.getByTestId("topic-current-text")).toHaveText("Two tabs: saved in tab A");
  // What tab B typed is still there, and the stored topic is tab A's.
  await expect(inB.getByLabel("Topic")).toHaveValue("Two tabs: typed in tab B");
  await b.reload();
  await expect(inB.locator("p").first()).toHaveText("Two tabs: saved in tab A");
  await report.context.close();
});
