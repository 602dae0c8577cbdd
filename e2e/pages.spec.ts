import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./fixtures";

test("the sign-in page shows the demo password and refuses a wrong one with one message", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByText("between-us-demo")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email").fill("nobody@demo.test");
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
});

test("a manager starts a series for one report only, and sees field errors for bad input", async ({ page }) => {
  await signIn(page, "manager2@demo.test");
  await page.goto("/team");
  await page.getByRole("link", { name: "Start with Lena" }).click();
  const form = page.locator("#start");
  await expect(form.getByRole("checkbox", { name: "Lena Fischer" })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: "Kwame Mensah" })).not.toBeChecked();
  await form.getByLabel("Time zone").fill("Mars/Olympus");
  await form.getByRole("button", { name: "Start one-on-ones" }).click();
  await expect(form.getByText("Choose a known time zone")).toBeVisible();
  await form.getByLabel("Time zone").fill("America/New_York");
  await form.getByRole("button", { name: "Start one-on-ones" }).click();
  await expect(page.getByRole("status")).toContainText("Started 1 series");
  await expect(page.getByRole("row", { name: /Lena Fischer/ }).getByRole("link", { name: "Open series" })).toBeVisible();
  await page.getByRole("row", { name: /Lena Fischer/ }).getByRole("link", { name: "Open series" }).click();
  await expect(page.getByRole("heading", { name: "Upcoming meetings" })).toBeVisible();
  await expect(page.getByText("Planned").first()).toBeVisible();
  await expectAccessible(page);
});

test("templates: copy the built-in first meeting, edit the copy, delete it; built-ins stay read-only", async ({ page }) => {
  await signIn(page, "manager2@demo.test");
  await page.goto("/templates");
  await expectAccessible(page);
  await page.getByRole("link", { name: "First meeting" }).click();
  await expect(page.getByText("built-in, read-only")).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await page.getByRole("button", { name: "Make a copy" }).click();
  await expect(page.getByLabel("Name")).toHaveValue("First meeting (my copy)");
  await page.getByLabel("Name").fill("My first meeting");
  const editor = page.getByRole("textbox", { name: "Template agenda" });
  await editor.click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("Welcome aboard! ");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("status")).toHaveText("Template saved.");
  await expectAccessible(page);
  await page.goto("/templates");
  await expect(page.getByRole("link", { name: "My first meeting" })).toBeVisible();
  await page.getByRole("button", { name: "Delete My first meeting" }).click();
  await expect(page.getByText("Template deleted.")).toBeVisible();
  await expect(page.getByRole("link", { name: "My first meeting" })).toHaveCount(0);
});

test("an admin invites a person who sets a password from the link shown once and signs in", async ({ page, browser }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/people");
  await expectAccessible(page);
  const invite = page.locator("form").filter({ has: page.getByRole("button", { name: "Invite" }) });
  await invite.getByLabel("Name").fill("Nora Lindqvist");
  await invite.getByLabel("Email").fill("not-an-email");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(invite.getByText("Enter a valid email address.")).toBeVisible();
  await invite.getByLabel("Email").fill("nora@demo.test");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(invite.getByRole("status")).toHaveText("Invitation sent.");
  // Without SMTP the inviting admin gets the link once, to hand over; the outbox shows only
  // that an invitation went to the address.
  const link = await invite.getByLabel(/give nora@demo.test this link yourself/).inputValue();
  expect(link).toMatch(/\/invite\/[\w-]+$/);
  await expectAccessible(page);
  await page.goto("/admin/outbox");
  await expectAccessible(page);
  await expect(page.getByRole("row").filter({ hasText: "nora@demo.test" }).filter({ hasText: "Invitation" })).toBeVisible();
  expect(await page.locator("main").textContent()).not.toContain(new URL(link).pathname);

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto(new URL(link!).pathname);
  await newcomer.getByLabel("Password", { exact: true }).fill("short");
  await newcomer.getByRole("button", { name: "Set password" }).click();
  await expect(newcomer.getByText("A password has at least 12 characters.")).toBeVisible();
  await newcomer.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
  await newcomer.getByLabel("Repeat the password").fill("a long enough passphrase");
  await newcomer.getByRole("button", { name: "Set password" }).click();
  await expect(newcomer).toHaveURL(/sign-in/);
  await newcomer.getByLabel("Email").fill("nora@demo.test");
  await newcomer.getByLabel("Password").fill("a long enough passphrase");
  await newcomer.getByRole("button", { name: "Sign in" }).click();
  await expect(newcomer).toHaveURL(/dashboard/);
  await context.close();
});

test("the health route reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: { ok: true } });
});
