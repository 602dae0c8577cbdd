import { expect, test } from "@playwright/test";
import { expectAccessible, personIn, signIn } from "./fixtures";

// One story in order: the manager sets up the team, edits the first agenda, the report joins in.
test.describe.configure({ mode: "serial" });

test("the manager starts one-on-ones with the whole team in one action, staggered with a buffer and a lunch break", async ({ page }) => {
  await signIn(page, "manager@demo.test");
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { name: "Your team" })).toBeVisible();
  await expectAccessible(page);
  const form = page.locator("#start");
  await expect(form.locator('input[name="reportIds"]')).toHaveCount(8);
  await form.getByLabel("Cadence").selectOption("weekly");
  await form.getByLabel("Weekday").selectOption({ label: "Wednesday" });
  await form.getByLabel("First start time").fill("09:00");
  await form.getByLabel("Duration (minutes)").fill("30");
  // The defaults: 15 minutes between meetings, lunch from 12:00 to 13:00; the zone is chosen from the list.
  await expect(form.getByLabel("Buffer between meetings (minutes)")).toHaveValue("15");
  await expect(form.getByLabel("Lunch from")).toHaveValue("12:00");
  await expect(form.getByLabel("Lunch until")).toHaveValue("13:00");
  await form.getByLabel("Time zone", { exact: true }).selectOption("Europe/Berlin");
  await form.getByRole("button", { name: "Start one-on-ones" }).click();
  await expect(page.getByRole("status")).toContainText("Started 8 series");
  const schedules = await page.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(schedules).toHaveLength(8);
  const times = schedules.map((s) => s.match(/at (\d\d:\d\d)/)?.[1]);
  expect(new Set(times).size).toBe(8);
  expect([...times].sort()).toEqual(["09:00", "09:45", "10:30", "11:15", "13:00", "13:45", "14:30", "15:15"]);
  // Each series' format shows beside its time.
  expect((await page.locator("tbody tr td:nth-child(2)").first().textContent()) ?? "").toContain("Every week, 30 minutes, unstructured");
});

test("the first agenda comes from the first-meeting template and autosaves what the manager types", async ({ page }) => {
  await signIn(page, "manager@demo.test");
  const first = page.getByRole("link", { name: "Open agenda" }).first();
  await first.click();
  await expect(page.getByRole("heading", { name: "Our first one-on-one" })).toBeVisible();
  await expectAccessible(page);
  const editor = page.getByRole("textbox", { name: "Shared agenda" });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  // The agenda's own toolbar: the private notes beside it are an editor with a toolbar too.
  const agenda = page.getByRole("region", { name: "Agenda" });
  // A loaded machine draws its next frame late: the typing that follows a click on a tool must
  // still go into the text (the tool never takes the focus; were it to, the editor would get it
  // back only on the next frame, and a space would press the tool again).
  await page.evaluate(() => {
    const frame = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) => frame(() => setTimeout(() => callback(performance.now()), 1_500));
  });
  await agenda.getByRole("button", { name: "Heading", exact: true }).click();
  await page.keyboard.type("Manager prep notes");
  await page.keyboard.press("Enter");
  await agenda.getByRole("button", { name: "Bullets" }).click();
  await page.keyboard.type("Ask about the migration project");
  await expect(agenda.getByRole("heading", { name: "Manager prep notes" })).toBeVisible();
  // Each change goes to the collaboration server at once; "Saved" once it acknowledged (stored) all.
  await expect(page.getByTestId("save-status")).toHaveText("Saved");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Manager prep notes" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Ask about the migration project" })).toBeVisible();
});

test("the report sees the series on the dashboard, reads the manager's text and edits it too", async ({ browser }) => {
  const manager = await personIn(browser, "manager@demo.test");
  const report = await personIn(browser, "report1@demo.test");
  await expect(report.page.getByRole("link", { name: "Priya Raman", exact: true })).toBeVisible();
  await report.page.getByRole("link", { name: "Open agenda" }).click();
  await expect(report.page.getByRole("heading", { name: "Manager prep notes" })).toBeVisible();
  const editor = report.page.getByRole("textbox", { name: "Shared agenda" });
  await editor.click();
  await report.page.keyboard.press("Control+End");
  await report.page.keyboard.press("Enter");
  await report.page.keyboard.type("Report wants to talk about on-call load");
  await expect(report.page.getByTestId("save-status")).toHaveText("Saved");

  await manager.page.goto(report.page.url());
  await expect(manager.page.getByText("Report wants to talk about on-call load")).toBeVisible();
  await expectAccessible(manager.page);
  await manager.context.close();
  await report.context.close();
});

test("two tabs of the same agenda typing at once keep both texts (no stale copy can overwrite)", async ({ browser }) => {
  const a = await personIn(browser, "manager@demo.test");
  await a.page.getByRole("link", { name: "Open agenda" }).first().click();
  await a.page.waitForURL(/\/meetings\//);
  const url = a.page.url();
  const b = await personIn(browser, "report1@demo.test");
  await b.page.goto(url);
  await expect(a.page.getByRole("textbox", { name: "Shared agenda" })).toBeVisible();
  await expect(b.page.getByRole("textbox", { name: "Shared agenda" })).toBeVisible();

  await b.page.getByRole("textbox", { name: "Shared agenda" }).click();
  await b.page.keyboard.press("Control+End");
  await b.page.keyboard.type(" Report edit first");
  // At the other end of the document: typing at the same spot while the other's letters are
  // still arriving would interleave the two texts (both kept, but no longer readable as phrases).
  await a.page.getByRole("textbox", { name: "Shared agenda" }).click();
  await a.page.keyboard.press("Control+Home");
  await a.page.keyboard.type("Manager edit right after ");
  await expect(a.page.getByTestId("save-status")).toHaveText("Saved");
  await expect(b.page.getByTestId("save-status")).toHaveText("Saved");
  for (const page of [a.page, b.page]) {
    await expect(page.getByRole("textbox", { name: "Shared agenda" })).toContainText("Report edit first");
    await expect(page.getByRole("textbox", { name: "Shared agenda" })).toContainText("Manager edit right after");
  }
  await a.context.close();
  await b.context.close();
});
