import { expect, test } from "@playwright/test";
import { addTopicOnMeeting, personIn, signIn } from "./fixtures";

// The spare pair: the canary sweeps only read it, so text added here disturbs no other spec.
const REPORT = "spare.report@e2e.test";

test("a half-written topic survives a reload, and is gone once added", async ({ page }) => {
  await signIn(page, REPORT);
  await page.getByRole("link", { name: "Spare Manager", exact: true }).click();
  const form = page.locator("form").filter({ has: page.locator("#series-topic-text") });
  await form.getByLabel("Topic").fill("Half a thought about the roadmap");
  await page.reload();
  await expect(form.getByLabel("Topic")).toHaveValue("Half a thought about the roadmap");
  await form.getByRole("button", { name: "Add topic" }).click();
  await expect(form.getByLabel("Topic")).toHaveValue("");
  await page.reload();
  await expect(form.getByLabel("Topic")).toHaveValue("");
});

test("a table pasted into the agenda keeps its rows as paragraphs", async ({ page }) => {
  await signIn(page, REPORT);
  await page.getByRole("link", { name: "Open agenda" }).first().click();
  const editor = page.getByRole("textbox", { name: "Shared agenda" });
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  // A paste as a spreadsheet sends it: HTML with a table, and tab-separated text beside it.
  await editor.evaluate((el) => {
    const data = new DataTransfer();
    data.setData("text/html", "<table><tr><th>Goal</th><th>Owner</th></tr><tr><td>Ship the API</td><td>Jonas</td></tr></table>");
    data.setData("text/plain", "Goal\tOwner\nShip the API\tJonas");
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(editor.getByText("Goal | Owner", { exact: true })).toBeVisible();
  await expect(editor.getByText("Ship the API | Jonas", { exact: true })).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("Saved");
});

test("new terms begun before another tab saved its own are refused as stale, even after the page rendered again meanwhile", async ({ browser }) => {
  // The manager changes the terms; two tabs of theirs stand for two people at two desks.
  const first = await personIn(browser, "spare.manager@e2e.test");
  await first.page.getByRole("link", { name: "Open agenda" }).first().click();
  await first.page.waitForURL(/\/series\/[^/]+\/meetings\/[^/]+$/);
  const mine = first.page.locator("#confidentiality-terms");
  await mine.getByText("Change the terms").click();
  const wording = "The first tab's wording, begun before the other tab saved its own.";
  await mine.getByLabel("Terms text").fill(wording);

  const second = await first.context.newPage();
  await second.goto(first.page.url());
  const theirs = second.locator("#confidentiality-terms");
  await theirs.getByText("Change the terms").click();
  await theirs.getByLabel("Terms text").fill("The second tab's wording of our terms, saved first of the two.");
  await theirs.getByRole("button", { name: "Save as a new version" }).click();
  await expect(theirs.getByText("New version saved.")).toBeVisible();

  // The first tab renders again from the server (adding a topic), with the newer version: the box
  // keeps its text and the version it was begun on.
  await addTopicOnMeeting(first.page, "A topic while the terms are being changed");
  await expect(mine.getByText("The second tab's wording of our terms, saved first of the two.").first()).toBeVisible();
  await expect(mine.getByLabel("Terms text")).toHaveValue(wording);
  await mine.getByRole("button", { name: "Save as a new version" }).click();
  await expect(mine.getByText("The terms changed in the meantime.")).toBeVisible();
  // Nothing replaced the other tab's version.
  await first.page.reload();
  // (The closed "Change the terms" box holds the same text as its starting value.)
  await expect(first.page.locator("#confidentiality-terms").getByText("The second tab's wording of our terms, saved first of the two.").first()).toBeVisible();
  await expect(first.page.locator("#confidentiality-terms").getByText(wording)).toHaveCount(0);
  await first.context.close();
});
