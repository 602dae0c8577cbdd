import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { axeViolations as violations, signIn } from "./fixtures";

// The meeting page as pixels: for the manager and the report, on a wide screen and a phone, in the
// light and the dark theme, compared with the screenshots committed under e2e/__screenshots__/, so
// that a change of layout fails here; the phone's tabs are audited by axe as well. After a deliberate
// change of the look, make the screenshots again, look at every new image, and commit them:
// `npx playwright test e2e/visual.spec.ts --update-snapshots`.
//
// The visual pair's meeting (db/seed-e2e.ts) is fixed in every text and date it shows, and no other
// spec writes to it, so runs on different days draw the same page: nothing needs masking. Its two
// editors are waited for until synced, when the live editors have replaced the server's text.

// Each with the first words of their own private note, as seeded.
const PEOPLE = [
  ["manager", "visual.manager@e2e.test", "Ask how the release plan"],
  ["report", "visual.report@e2e.test", "Bring up the Friday meetings"],
] as const;
const SCREENS = [
  ["1280", { viewport: { width: 1280, height: 900 } }],
  ["390", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
] as const satisfies readonly (readonly [string, BrowserContextOptions])[];
const THEMES = ["light", "dark"] as const;
/** On a phone the sections are tabs: the agenda shows first, then each other tab is shot in turn. */
const OTHER_TABS = ["My notes", "Actions", "Goals"];
// Full pages of a loaded 2-core machine take seconds each, and each shot is taken until two agree.
const SHOT = { fullPage: true, animations: "disabled", caret: "hide", timeout: 60_000 } as const;

async function openMeeting(browser: Browser, baseURL: string, [email, note]: readonly [string, string], screen: BrowserContextOptions, theme: string) {
  const context = await browser.newContext(screen);
  await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
  const page = await context.newPage();
  await signIn(page, email);
  // Gone to, not clicked: a click would leave the pointer, and a hover style, wherever the link was.
  await page.goto((await page.locator('a[href*="/meetings/"]').first().getAttribute("href"))!);
  expect(await page.locator("html").getAttribute("class")).toBe(theme);
  await waitForEditors(page, note);
  return { context, page };
}

/** Both editors synced and every change acknowledged: the live editors stand in place of the server's text. */
async function waitForEditors(page: Page, note: string) {
  // The first opening of a document loads it into the collaboration server: slow on a busy machine.
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 45_000 });
  await expect(page.getByTestId("private-notes-status")).toHaveText("Saved", { timeout: 45_000 });
  // Found by attribute, not role: on a phone the notes are in a tab not shown yet.
  const editor = (label: string) => page.locator(`[role="textbox"][aria-label="${label}"]`);
  await expect(editor("Shared agenda")).toContainText("Our first one-on-one");
  await expect(editor("My private notes")).toContainText(note);
}

for (const [who, email, note] of PEOPLE) {
  for (const [width, screen] of SCREENS) {
    for (const theme of THEMES) {
      const audited = width === "390" ? ", and its tabs have no axe violations" : "";
      test(`the ${who}'s meeting page at ${width} px in the ${theme} theme looks as committed${audited}`, async ({ browser, baseURL }) => {
        test.setTimeout(300_000);
        const { context, page } = await openMeeting(browser, baseURL!, [email, note], screen, theme);
        const name = `meeting-${who}-${width}-${theme}`;
        if (width === "1280") {
          await expect(page).toHaveScreenshot(`${name}.png`, SHOT);
        } else {
          // The tabs are there once the page's script has run; the agenda is the first.
          await expect(page.getByRole("tab", { name: "Agenda" })).toHaveAttribute("aria-selected", "true");
          await expect(page).toHaveScreenshot(`${name}-agenda.png`, SHOT);
          // The phone's tabs are markup of their own (tablist, tabs, panels): axe, every rule and impact,
          // on the shown panel; e2e/look.spec.ts audits the wide page, every section, in both themes.
          expect(await violations(page)).toEqual([]);
          for (const tab of OTHER_TABS) {
            await page.getByRole("tab", { name: tab }).click();
            await expect(page.getByRole("tab", { name: tab })).toHaveAttribute("aria-selected", "true");
            await expect(page).toHaveScreenshot(`${name}-${tab.toLowerCase().replace(" ", "-")}.png`, SHOT);
          }
        }
        await context.close();
      });
    }
  }
}
