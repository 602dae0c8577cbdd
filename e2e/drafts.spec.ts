import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

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
