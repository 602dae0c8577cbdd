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
  // Bad input gets its field error: a lunch that ends before it starts.
  await form.getByLabel("Lunch until").fill("11:00");
  await form.getByRole("button", { name: "Start one-on-ones" }).click();
  await expect(form.getByText("Lunch must end after it starts.")).toBeVisible();
  await form.getByLabel("Lunch until").fill("13:00");
  // The zone is chosen from the list, never typed.
  await form.getByLabel("Time zone", { exact: true }).selectOption("America/New_York");
  await form.getByRole("button", { name: "Start one-on-ones" }).click();
  await expect(page.getByRole("status")).toContainText("Started 1 series");
  await expect(page.getByRole("row", { name: /Lena Fischer/ }).getByRole("link", { name: "Open series" })).toBeVisible();
  await page
    .getByRole("row", { name: /Lena Fischer/ })
    .getByRole("link", { name: "Open series" })
    .click();
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

test("a manager reviews a leave: the meeting it would cancel is listed with its time, and nothing changes before confirming", async ({ page }) => {
  await signIn(page, "spare.manager@e2e.test");
  await page.goto("/team");
  const leave = page.locator("#leave");
  // The spare pair's one stored meeting is the first Tuesday at 10:00 UTC at least two days ahead:
  // a week from the day after tomorrow holds it and no other slot.
  const day = (plus: number) => new Date(Date.now() + plus * 86_400_000).toISOString().slice(0, 10);
  await leave.getByLabel("Who is on leave").selectOption({ label: "Spare Report" });
  await leave.getByLabel("First day").fill(day(2));
  await leave.getByLabel("Last day").fill(day(8));
  await leave.getByRole("button", { name: "Review the leave" }).click();
  const review = leave.getByRole("alert");
  await expect(review).toContainText("Marking Spare Report on leave cancels this meeting");
  // The time is written out by the server, in the series' zone.
  await expect(review.getByRole("listitem")).toHaveText([/^Tue \d{1,2} [A-Z][a-z]{2} \d{4}, 10:00 \(UTC\) with Spare Report$/]);
  await expect(review.getByRole("button", { name: "Confirm leave" })).toBeVisible();
  await page.reload();
  await expect(page.getByText("Spare Report is on leave")).toHaveCount(0);
});

test("an admin's support page that is a placeholder is refused, and the text's counter shows near its limit", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/people");
  const support = page.locator("form").filter({ has: page.getByRole("button", { name: "Save support resources" }) });
  await support.getByLabel("What reports should know").fill("x".repeat(290));
  await expect(support.getByTestId("char-counter")).toHaveText("290 / 300");
  await expect(support.getByLabel("What reports should know")).toHaveAttribute("maxlength", "300");
  await expect(support.getByLabel("Support page (web address)")).toHaveAttribute("maxlength", "500");
  await support.getByLabel("Support page (web address)").fill("https://example.com/employee-assistance");
  await support.getByRole("button", { name: "Save support resources" }).click();
  await expect(support.getByText("This is a placeholder address (example.com).", { exact: false })).toBeVisible();
  await page.reload();
  await expect(support.getByLabel("Support page (web address)")).not.toHaveValue("https://example.com/employee-assistance");
});

test("the health route reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: { ok: true } });
});
