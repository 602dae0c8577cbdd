import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { addTopicOnMeeting, expectAccessible, personIn } from "./fixtures";

// Both people edit the shared agenda at once: a real-time document, in two browsers (separate contexts).
test.describe.configure({ mode: "serial" });

const MANAGER = "collab.manager@e2e.test";
const REPORT = "collab.report@e2e.test";

async function openAgenda(page: Page) {
  await page.getByRole("link", { name: "Open agenda" }).first().click();
  await page.waitForURL(/\/series\/[^/]+\/meetings\/[^/]+$/);
  const editor = page.getByRole("textbox", { name: "Shared agenda" });
  await expect(editor).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("Saved");
  return editor;
}

/** The manager and the report, each in their own browser context, on the same meeting's agenda. */
async function openAgendaAsPair(browser: Browser) {
  const manager = await personIn(browser, MANAGER);
  const report = await personIn(browser, REPORT);
  const managerEditor = await openAgenda(manager.page);
  await report.page.goto(manager.page.url());
  const reportEditor = report.page.getByRole("textbox", { name: "Shared agenda" });
  await expect(reportEditor).toBeVisible();
  return { manager, report, managerEditor, reportEditor };
}

/** A paragraph's text without the other people's caret labels. */
function plainText(paragraph: Locator) {
  return paragraph.evaluate((p) => {
    const copy = p.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((c) => c.remove());
    return copy.textContent ?? "";
  });
}

/** Puts the caret at the end of the paragraph holding `text`. */
async function caretAfter(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Shared agenda" }).locator("p", { hasText: text }).click();
  await page.keyboard.press("End");
}

test("manager and report edit the same agenda at once: each sees the other's text, caret and name, and both texts survive", async ({ browser }) => {
  const { manager, report, managerEditor, reportEditor } = await openAgendaAsPair(browser);

  // What one types appears in the other's browser within a moment, with the writer's caret and name.
  await managerEditor.click();
  await manager.page.keyboard.press("Control+End");
  await manager.page.keyboard.press("Enter");
  await manager.page.keyboard.type("Together:");
  await expect(reportEditor.locator("p", { hasText: "Together:" })).toBeVisible({ timeout: 5_000 });
  await expect(reportEditor.locator(".collaboration-carets__label", { hasText: "Collab Manager" })).toBeVisible();

  // Both type in the same paragraph at the same time.
  await caretAfter(report.page, "Together:");
  await expect(managerEditor.locator(".collaboration-carets__label", { hasText: "Collab Report" })).toBeVisible();
  await Promise.all([manager.page.keyboard.type(" manager-words", { delay: 40 }), report.page.keyboard.type(" report-words", { delay: 40 })]);
  for (const editor of [managerEditor, reportEditor]) {
    const paragraph = editor.locator("p", { hasText: "Together:" });
    await expect(paragraph).toContainText("manager-words");
    await expect(paragraph).toContainText("report-words");
  }
  await expect(manager.page.getByTestId("save-status")).toHaveText("Saved");
  await expect(report.page.getByTestId("save-status")).toHaveText("Saved");
  // The same paragraph in both browsers (carets and name labels aside).
  const [mine, theirs] = await Promise.all([managerEditor, reportEditor].map((e) => plainText(e.locator("p", { hasText: "Together:" }))));
  expect(mine).toBe(theirs);
  expect(mine).toContain("manager-words");
  expect(mine).toContain("report-words");
  await expectAccessible(report.page);

  // Stored: a fresh page (server-rendered from the derived JSON, then synced) has both.
  await manager.page.reload();
  await expect(manager.page.getByRole("textbox", { name: "Shared agenda" }).locator("p", { hasText: "Together:" })).toContainText("report-words");
  await manager.context.close();
  await report.context.close();
});

test("offline: both keep editing while one browser is offline, and on reconnect both texts are in both browsers", async ({ browser }) => {
  const { manager, report, managerEditor, reportEditor } = await openAgendaAsPair(browser);
  await expect(report.page.getByTestId("save-status")).toHaveText("Saved");

  await report.context.setOffline(true);
  await managerEditor.click();
  await manager.page.keyboard.press("Control+End");
  await manager.page.keyboard.press("Enter");
  await manager.page.keyboard.type("Manager wrote while the report was offline");
  await reportEditor.click();
  await report.page.keyboard.press("Control+End");
  await report.page.keyboard.press("Enter");
  await report.page.keyboard.type("Report wrote offline");
  await expect(manager.page.getByTestId("save-status")).toHaveText("Saved");
  // The offline browser has not seen the manager's words yet; it keeps its own.
  await expect(reportEditor).not.toContainText("Manager wrote while the report was offline");
  await expect(reportEditor).toContainText("Report wrote offline");
  await expect(report.page.getByTestId("save-status")).toContainText("Offline");

  await report.context.setOffline(false);
  for (const editor of [managerEditor, reportEditor]) {
    await expect(editor).toContainText("Manager wrote while the report was offline", { timeout: 45_000 });
    await expect(editor).toContainText("Report wrote offline", { timeout: 45_000 });
  }
  await expect(report.page.getByTestId("save-status")).toHaveText("Saved", { timeout: 45_000 });
  await manager.context.close();
  await report.context.close();
});

test("the page rendering again from the server (after adding a topic) keeps both editors' connections, and what was just typed", async ({ browser }) => {
  const manager = await personIn(browser, MANAGER);
  const sockets: string[] = [];
  manager.page.on("websocket", (ws) => sockets.push(ws.url()));
  const editor = await openAgenda(manager.page);
  await expect(manager.page.getByTestId("private-notes-status")).toHaveText("Saved");
  const opened = sockets.length;
  expect(opened).toBeGreaterThan(0);
  await editor.click();
  await manager.page.keyboard.press("Control+End");
  await manager.page.keyboard.press("Enter");
  await manager.page.keyboard.type("Typed just before the page renders again");
  // Adding a topic answers with the page rendered again by the server: new props for every section.
  await addTopicOnMeeting(manager.page, "A topic that makes the page render again");
  await expect(manager.page.getByTestId("save-status")).toHaveText("Saved");
  // No editor was torn down and connected anew (a new connection would lose edits not yet sent).
  expect(sockets.length).toBe(opened);
  await manager.page.reload();
  await expect(manager.page.getByText("Typed just before the page renders again")).toBeVisible();
  await manager.context.close();
});
