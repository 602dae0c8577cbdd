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

test("the manager reopens the completed first meeting to settle the working agreement, it shows on later meetings, and one meeting can be moved", async ({ browser }) => {
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
  await expect(manager.page.getByRole("heading", { name: "Working agreement" })).toBeVisible();
  await expect(manager.page.getByText("Grow towards a staff engineer role")).toBeVisible();
  await expect(manager.page.getByText("Too many interruptions")).toBeVisible();

  await manager.page.getByRole("link", { name: "Back to the series" }).click();
  const move = manager.page.locator("form").filter({ has: manager.page.getByRole("button", { name: /^Move the meeting/ }) }).first();
  await move.getByLabel(/^New time/).fill("15:45");
  await move.getByRole("button", { name: /^Move/ }).click();
  await expect(manager.page.getByText(/15:45 \(UTC\) \(moved\)/)).toBeVisible();
  await expectAccessible(manager.page);
  await manager.context.close();
  await report.context.close();
});
