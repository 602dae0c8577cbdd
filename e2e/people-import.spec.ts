import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./fixtures";

// The admin's people import in the browser: a file chosen, the preview read, the import confirmed,
// the same file again changing nothing, and a file with a bad row offering no import at all.

// New people only, reporting to each other: the other specs' people and lines stay as they are.
// Their addresses carry the attempt (a retry on CI, or --repeat-each), so that each attempt starts
// from people who do not exist yet.
const file = ({ retry, repeatEachIndex }: { retry: number; repeatEachIndex: number }) => {
  const tag = retry || repeatEachIndex ? `.${repeatEachIndex}-${retry}` : "";
  const [lead, hire] = [`imported.lead${tag}@e2e.test`, `imported.hire${tag}@e2e.test`];
  return { lead, hire, text: ["\uFEFFemail,name,manager_email,role", `${lead},Ines Lead,,member`, `"${hire}","Hire, Imani",${lead},`].join("\r\n") };
};

// Two axe checks of a long page: more than the default minute on a busy machine.
test.describe.configure({ timeout: 120_000 });

async function choose(page: Page, content: string) {
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Import people from a CSV" }) });
  await card.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(content, "utf8") });
  await card.getByRole("button", { name: "Preview import" }).click();
  return card;
}

test("an admin previews a CSV, imports it, and importing it again changes nothing", async ({ page }, testInfo) => {
  const FILE = file(testInfo);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await signIn(page, "admin@e2e.test");
  await page.goto("/admin/people");
  const card = await choose(page, FILE.text);
  await expect(card.getByRole("status")).toContainText("Preview of 2 rows: 2 to create, 0 to update, 1 reporting line to add");
  const table = card.getByRole("table");
  await expect(table.getByRole("row", { name: new RegExp(`^\\d+ ${escape(FILE.hire)}`) })).toContainText(`Reports to ${FILE.lead} from today`);
  await expect(table.getByRole("row", { name: new RegExp(`^\\d+ ${escape(FILE.lead)}`) })).toContainText("New member, invited");
  await expectAccessible(page);

  await card.getByRole("button", { name: "Import these people" }).click();
  // The server's answer, whichever it is: the import's summary, or a refusal (role "alert"), which a
  // failure then prints instead of the preview's text. An import writes in one transaction and
  // renders the page again: on a 2-core machine busy with the other worker, more than 10 s once.
  const answer = card
    .getByRole("status")
    .or(card.getByRole("alert"))
    .filter({ hasNotText: /^Preview of/ });
  await expect(answer).toHaveText("Imported: 2 created, 0 updated, 1 reporting line added, 0 changed.", { timeout: 30_000 });
  // Without SMTP the invitation links are shown once, to the importing admin.
  await expect(card.getByLabel(/give each new person their link yourself/)).toHaveValue(new RegExp(`${escape(FILE.lead)},http.*/invite/`));
  await expect(page.getByText("Hire, Imani").first()).toBeVisible();

  await choose(page, FILE.text);
  await expect(card.getByRole("status")).toContainText("0 to create, 0 to update, 0 reporting lines to add, 0 to change, 2 unchanged");
  await expect(card.getByText("Everything in this file is already so: there is nothing to import.")).toBeVisible();
  await expect(card.getByRole("button", { name: "Import these people" })).toHaveCount(0);
});

test("a file with a bad row shows the row's errors and offers no import", async ({ page }) => {
  await signIn(page, "admin@e2e.test");
  await page.goto("/admin/people");
  const card = await choose(page, "email,name,manager_email,role\nfine@e2e.test,Fine,,\nnot-an-address,Bad,,\nloop@e2e.test,Loop,loop@e2e.test,boss\n");
  await expect(card.getByRole("status")).toContainText("2 rows have errors: fix the file and preview it again. Nothing was written.");
  const table = card.getByRole("table");
  await expect(table.getByRole("row", { name: /^\d+ not-an-address/ })).toContainText("Email: Enter a valid email address.");
  await expect(table.getByRole("row", { name: /^\d+ loop@e2e\.test/ })).toContainText("A person cannot be their own manager.");
  await expect(table.getByRole("row", { name: /^\d+ loop@e2e\.test/ })).toContainText('Role: "boss" is not a role');
  await expect(card.getByRole("button", { name: "Import these people" })).toHaveCount(0);
  await expectAccessible(page);
});
