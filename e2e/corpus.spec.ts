// Bad input in the browser: hostile strings stored through the real forms (template names,
// bodies and links by a member; invitation names by an admin) come back as inert text. No dialog
// opens, no on* attribute and no javascript: URL reaches the DOM, and the server never answers 500.
import { expect, test, type Page } from "@playwright/test";
import { sharedXss, xssPayloads } from "../test/corpus";
import { signIn } from "./fixtures";

// The same corpus as the unit tests: the project's own vectors and the quick shared list, plus
// a sample of the longer shared lists when ../shared/corpus is there. Line breaks and other
// control characters stay with the unit tests: typed into a page they are not the same string.
const every = (list: string[], step: number) => list.filter((_, i) => i % step === 0);
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
const PAYLOADS = [
  ...xssPayloads(),
  ...every(sharedXss("IntrudersXSS.txt"), 9),
  ...every(sharedXss("RSNAKE_XSS.txt"), 5),
  ...every(sharedXss("XSS_Polyglots.txt"), 3),
].filter((p) => !hasControl(p));

/** Payloads packed into as few names as the field's limit allows (no control characters: names refuse them). */
function names(max: number): string[] {
  const out: string[] = [];
  for (const p of PAYLOADS.map((x) => x.trim()).filter((x) => x.length <= max)) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + p.length <= max) out[out.length - 1] = `${last} ${p}`;
    else out.push(p);
  }
  return out;
}

/** Fails the test on any dialog or 5xx answer while it runs. */
function watch(page: Page) {
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("response", (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return { dialogs, errors };
}

/**
 * Every on* attribute and every script-like URL in the DOM (all elements, all attributes), but
 * React's own: a client-side form action gets a javascript: action that only throws, to stop a
 * native submit.
 */
async function hostileAttributes(page: Page) {
  return page.evaluate(() => {
    const REACT_FORM_GUARD = "javascript:throw new Error('A React form was unexpectedly submitted.";
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const a of Array.from(el.attributes)) {
        // Browsers skip control characters and spaces inside a URL's scheme.
        const value = Array.from(a.value)
          .filter((c) => c.charCodeAt(0) > 32)
          .join("")
          .toLowerCase();
        if (a.name.toLowerCase().startsWith("on")) found.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
        else if (a.name === "action" && el.tagName === "FORM" && a.value.startsWith(REACT_FORM_GUARD)) continue;
        else if (/^(javascript|vbscript|livescript):/.test(value) || (/^data:/.test(value) && /script|alert|injectx/.test(value))) {
          found.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
        }
      }
    }
    return found;
  });
}

/** What the page shows holds each of the strings exactly, as text. */
async function expectShownAsText(page: Page, strings: string[]) {
  const text = (await page.locator("main").textContent()) ?? "";
  expect(strings.filter((s) => !text.includes(s))).toEqual([]);
}

async function expectInert(page: Page) {
  expect(await hostileAttributes(page)).toEqual([]);
}

const paragraph = (text: string, href?: string) => ({
  type: "paragraph",
  content: [{ type: "text", text, ...(href ? { marks: [{ type: "link", attrs: { href } }] } : {}) }],
});

/** The real form, with the document posted as it arrives from any client (not only our editor). */
async function submitTemplate(page: Page, name: string, doc: object) {
  await page.goto("/templates/new");
  await expect(page.getByRole("textbox", { name: "Template agenda" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.locator('input[name="content"]').evaluate((el, value) => {
    (el as HTMLInputElement).value = value;
  }, JSON.stringify(doc));
  await page.getByRole("button", { name: "Save template" }).click();
}

test("hostile template names, bodies and links render as inert text", async ({ page }) => {
  // 120 templates saved one by one through the form: minutes on a loaded 2-core machine.
  test.setTimeout(360_000);
  const seen = watch(page);
  await signIn(page, "outsider@e2e.test");

  // A javascript: link is refused with a clear message, and nothing is stored.
  await submitTemplate(page, "Corpus refused link", { type: "doc", content: [paragraph("click me", "javascript:alert(document.domain)")] });
  await expect(page.getByText("Links must start with http://, https:// or mailto:.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/templates\/new$/);

  // One body with every payload as a paragraph and as part of a web link's target.
  const body = {
    type: "doc",
    content: [...PAYLOADS.map((p) => paragraph(p)), ...PAYLOADS.map((p, i) => paragraph(`link ${i}`, `https://example.test/?q=${p}`))],
  };
  await submitTemplate(page, "Corpus body", body);
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}\?saved=1$/);
  const editor = page.getByRole("textbox", { name: "Template agenda" });
  await expect(editor).toContainText(PAYLOADS[0]);
  expect(await editor.locator("p").evaluateAll((ps) => ps.map((p) => p.textContent))).toEqual(expect.arrayContaining(PAYLOADS));
  expect(await editor.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(PAYLOADS.map((p) => `https://example.test/?q=${p}`));
  await expectInert(page);

  // Names: each template is named by payloads.
  const templateNames = names(120);
  for (const name of templateNames) {
    await submitTemplate(page, name, { type: "doc", content: [paragraph("Agenda")] });
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}\?saved=1$/);
  }
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(templateNames.at(-1)!);
  await expectInert(page);
  await page.goto("/templates");
  await expectShownAsText(page, templateNames);
  await expectInert(page);

  expect(seen.dialogs).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test("hostile invitation names render as inert text on the people page; the outbox shows addresses only", async ({ page }) => {
  test.setTimeout(120_000);
  const seen = watch(page);
  await signIn(page, "admin@e2e.test");
  await page.goto("/admin/people");
  const run = Date.now().toString(36);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Invite" }) });
  const invite = async (name: string, email: string) => {
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Email").fill(email);
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin/people"));
    await form.getByRole("button", { name: "Invite" }).click();
    await answered;
    await expect(form.getByRole("button", { name: "Invite" })).toBeEnabled();
  };

  // A payload as the address is refused on the email field.
  await invite("Corpus Person", PAYLOADS[1]);
  await expect(form.getByText("Enter a valid email address.")).toBeVisible();

  const inviteNames = names(100);
  for (const [i, name] of inviteNames.entries()) {
    await invite(name, `corpus-${run}-${i}@e2e.test`);
    await expect(form.getByRole("status")).toHaveText("Invitation sent.");
  }
  await page.reload();
  await expectShownAsText(page, inviteNames);
  await expectInert(page);

  await page.goto("/admin/outbox");
  // The outbox lists the newest 100 mails as delivery metadata: the addresses, never a body.
  await expectShownAsText(
    page,
    inviteNames.slice(-50).map((_, j, last) => `corpus-${run}-${inviteNames.length - last.length + j}@e2e.test`),
  );
  expect((await page.locator("main").textContent()) ?? "").not.toContain("Hello ");
  await expectInert(page);

  expect(seen.dialogs).toEqual([]);
  expect(seen.errors).toEqual([]);
});
