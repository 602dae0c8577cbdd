import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, signInWithPassword } from "./fixtures";

// People this spec creates through the Testbed admin, so that no other spec shares them.
const STRONG = "plum otter violin harbour";
const WRONG = "That email and password do not match an account.";
const LIMITED = /Too many failed sign-in attempts\. Try again in 1 minute\./;

async function invite(page: Page, name: string, email: string) {
  await page.goto("/admin/people");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Invite" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(form.getByRole("status")).toHaveText("Invitation sent.");
  // Without SMTP the link is shown once to the inviting admin; the outbox never shows it.
  return new URL(await form.getByLabel(/give .* this link yourself/).inputValue()).pathname;
}

/** The admin invites someone; the newcomer sets a strong password in a context of their own. */
async function newPerson(browser: Browser, admin: Page, name: string, email: string) {
  const link = await invite(admin, name, email);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel("Password", { exact: true }).fill(STRONG);
  await page.getByLabel("Repeat the password").fill(STRONG);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page).toHaveURL(/sign-in/);
  return { context, page };
}

async function attempt(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a common password is refused when accepting an invitation", async ({ page, browser }) => {
  await signInWithPassword(page, "admin@e2e.test");
  const link = await invite(page, "Wes Weakpass", "weak.auth@e2e.test");
  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto(link);
  for (const password of ["password1234", "qwertyuiop12"]) {
    await newcomer.getByLabel("Password", { exact: true }).fill(password);
    await newcomer.getByLabel("Repeat the password").fill(password);
    await newcomer.getByRole("button", { name: "Set password" }).click();
    await expect(newcomer.getByText("This password is too easy to guess")).toBeVisible();
  }
  await expectAccessible(newcomer);
  await context.close();
});

test("after five wrong passwords the next attempt from the same address waits, with the same messages as for an address without an account", async ({
  page,
  browser,
}) => {
  await signInWithPassword(page, "admin@e2e.test");
  const { context, page: person } = await newPerson(browser, page, "Lou Locked", "locked.auth@e2e.test");
  for (const email of ["locked.auth@e2e.test", "no-such-person.auth@e2e.test"]) {
    for (let i = 0; i < 5; i++) {
      await attempt(person, email, `wrong guess number ${i}`);
      await expect(person.getByText(WRONG)).toBeVisible();
    }
    await attempt(person, email, STRONG);
    await expect(person.getByText(LIMITED)).toBeVisible();
    await expect(person).toHaveURL(/sign-in/);
  }
  await expectAccessible(person);
  await context.close();
});

test("signing out everywhere ends the session in another browser on its next navigation", async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const here = await first.newPage();
  const there = await second.newPage();
  await signInWithPassword(here, "spare.other@e2e.test");
  await signInWithPassword(there, "spare.other@e2e.test");
  await here.goto("/settings");
  await expectAccessible(here);
  await here.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(here).toHaveURL(/\/sign-in/);
  await there.goto("/settings");
  await expect(there).toHaveURL(/\/sign-in/);
  await signInWithPassword(there, "spare.other@e2e.test");
  await expect(there.getByRole("link", { name: "Settings" })).toBeVisible();
  await first.close();
  await second.close();
});

test("an admin's role change and deactivation reach the person on their next request", async ({ page, browser }) => {
  await signInWithPassword(page, "admin@e2e.test");
  const { context, page: person } = await newPerson(browser, page, "Dana Deactivated", "deactivated.auth@e2e.test");
  await signInWithPassword(person, "deactivated.auth@e2e.test", STRONG);
  await expect(person.getByRole("link", { name: "People" })).toHaveCount(0);

  await page.goto("/admin/people");
  await page.getByRole("button", { name: "Make admin (Dana Deactivated)" }).click();
  await expect(page.getByRole("button", { name: "Make member (Dana Deactivated)" })).toBeVisible();
  await person.goto("/dashboard");
  await expect(person.getByRole("link", { name: "People" })).toBeVisible();
  await page.getByRole("button", { name: "Make member (Dana Deactivated)" }).click();
  await expect(page.getByRole("button", { name: "Make admin (Dana Deactivated)" })).toBeVisible();
  await person.goto("/admin/people");
  await expect(person.getByRole("heading", { name: "Not found" })).toBeVisible();

  await page.getByRole("button", { name: "Deactivate Dana Deactivated" }).click();
  await expect(page.getByRole("alertdialog", { name: "Deactivate Dana Deactivated?" })).toBeVisible();
  // The confirmation says what happens to their meetings: none ahead for someone just invited.
  await expect(page.getByRole("alertdialog", { name: "Deactivate Dana Deactivated?" }).getByTestId("deactivate-cancels")).toHaveText(
    "They have no upcoming one-on-one meetings; none are planned for their one-on-ones while they are deactivated.",
  );
  await page.getByRole("button", { name: "Yes, deactivate Dana Deactivated" }).click();
  await expect(page.getByRole("button", { name: "Reactivate Dana Deactivated" })).toBeVisible();
  await expectAccessible(page);
  await person.goto("/dashboard");
  await expect(person).toHaveURL(/\/sign-in/);
  await attempt(person, "deactivated.auth@e2e.test", STRONG);
  await expect(person.getByText(WRONG)).toBeVisible();

  await page.getByRole("button", { name: "Reactivate Dana Deactivated" }).click();
  await expect(page.getByRole("button", { name: "Deactivate Dana Deactivated" })).toBeVisible();
  await signInWithPassword(person, "deactivated.auth@e2e.test", STRONG);
  await context.close();
});
