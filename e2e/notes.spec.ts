import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { expectAccessible, personIn, signIn } from "./fixtures";

// The notes area's story, in order: a private note holding a unique marker, the report unable
// to find it, then every page, route and server action of the app requested by everyone else
// (discovered from app/ and the build's manifest, never listed by hand), then an excerpt shared
// with permission from manager to report to recipient.
test.describe.configure({ mode: "serial" });

const MANAGER = "notes.manager@e2e.test";
const REPORT = "notes.report@e2e.test";
const OTHER = "notes.other@e2e.test";
const MARKER = `canary-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const EXCERPT = "Wants to mentor the two new hires next quarter.";
const ids = { seriesId: "", meetingId: "" };

async function openMeeting(page: Page) {
  await page.getByRole("link", { name: "Open agenda" }).first().click();
  await page.waitForURL(/\/series\/[^/]+\/meetings\/[^/]+$/);
  const [, seriesId, meetingId] = new URL(page.url()).pathname.match(/\/series\/([^/]+)\/meetings\/([^/]+)/)!;
  return { seriesId, meetingId };
}

async function writePrivateNote(page: Page, text: string) {
  // The notes sit beside the agenda, always open.
  const editor = page.getByRole("textbox", { name: "My private notes" });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
  await expect(page.getByTestId("private-notes-status")).toHaveText("Saved");
  // Stored, not only shown: the person's own export reads the note as the server keeps it (it is
  // written when the server stores the document, a moment after the last keystroke). A reload
  // before then could race the last keystrokes; an edit the server lost would never appear here.
  const marker = text.match(/canary-[a-z0-9-]+/)?.[0] ?? text;
  await expect.poll(async () => (await page.request.get("/api/export")).text(), { timeout: 30_000 }).toContain(marker);
}

test("the manager writes a private note and the report, in another browser, cannot find it anywhere", async ({ browser }) => {
  const manager = await personIn(browser, MANAGER);
  Object.assign(ids, await openMeeting(manager.page));
  await writePrivateNote(manager.page, `Private: ${MARKER}. ${EXCERPT}`);
  await manager.page.reload();
  await expect(manager.page.getByRole("textbox", { name: "My private notes" })).toContainText(MARKER);
  await expectAccessible(manager.page);

  const report = await personIn(browser, REPORT);
  await report.page.goto(`/series/${ids.seriesId}/meetings/${ids.meetingId}`);
  await expect(report.page.getByRole("textbox", { name: "Shared agenda" })).toBeVisible();
  expect(await report.page.content()).not.toContain(MARKER);
  await expect(report.page.getByRole("textbox", { name: "My private notes" })).not.toContainText(MARKER);
  for (const url of ["/dashboard", `/series/${ids.seriesId}`, "/privacy/access-log", "/privacy/sharing", "/privacy/shared-with-me"]) {
    await report.page.goto(url);
    expect(await report.page.content(), url).not.toContain(MARKER);
  }
  const exported = await report.page.request.get("/api/export");
  expect(exported.status()).toBe(200);
  expect(await exported.text()).not.toContain(MARKER);
  await manager.context.close();
  await report.context.close();
});

test("the terms show on the first meeting and record who acknowledged", async ({ browser }) => {
  const report = await personIn(browser, REPORT);
  await report.page.goto(`/series/${ids.seriesId}/meetings/${ids.meetingId}`);
  const terms = report.page
    .getByRole("region", { name: "Confidentiality terms" })
    // The innermost section: the terms card now sits inside the page's Agenda section.
    .or(report.page.locator("section:not(:has(section))", { has: report.page.getByRole("heading", { name: "Confidentiality terms" }) }));
  await expect(terms.getByText("Risk of harm")).toBeVisible();
  await terms.getByRole("button", { name: /I acknowledge version 1/ }).click();
  await expect(terms.getByText(/Notes Report \(report\): acknowledged on/)).toBeVisible();
  await expect(terms.getByText(/Notes Manager \(manager\): not yet acknowledged/)).toBeVisible();
  await expectAccessible(report.page);
  await report.context.close();
});

test("the manager names a covering manager, who works with the agenda but never sees the private note", async ({ browser }) => {
  const manager = await personIn(browser, MANAGER);
  await manager.page.goto(`/series/${ids.seriesId}`);
  // Nobody is preselected; only people who manage reports of their own are offered.
  await expect(manager.page.getByLabel("Covering manager")).toHaveValue("");
  await expect(manager.page.getByLabel("Covering manager").locator("option", { hasText: "Notes Report" })).toHaveCount(0);
  await manager.page.getByLabel("Covering manager").selectOption({ label: "Notes Colleague" });
  await manager.page.getByRole("button", { name: "Name covering manager" }).click();
  await expect(manager.page.getByText("Covering manager named.")).toBeVisible();
  await expectAccessible(manager.page);
  const other = await personIn(browser, OTHER);
  await expect(other.page.getByRole("link", { name: "Notes Report (covering for Notes Manager)", exact: true })).toBeVisible();
  await other.page.goto(`/series/${ids.seriesId}/meetings/${ids.meetingId}`);
  await expect(other.page.getByRole("textbox", { name: "Shared agenda" })).toBeVisible();
  expect(await other.page.content()).not.toContain(MARKER);
  await manager.context.close();
  await other.context.close();
});

// Every page.tsx and route.ts under app/, as a URL with the pair's real ids in its [params].
function discoverRoutes(): string[] {
  const root = path.resolve("app");
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) found.push(segments.join("/"));
    }
  };
  walk(root, []);
  const urls = new Set<string>();
  for (const route of found) {
    const parts = route.split("/").filter((s) => s && !/^\(.*\)$/.test(s));
    let variants = [""];
    for (const part of parts) {
      const param = part.match(/^\[(?:\.\.\.)?(\w+)\]$/)?.[1];
      const values = !param
        ? [part]
        : param === "seriesId"
          ? [ids.seriesId]
          : param === "meetingId"
            ? [ids.meetingId]
            : param === "nextauth"
              ? ["session", "providers", "csrf"]
              : [ids.meetingId, ids.seriesId, "x"];
      variants = variants.flatMap((v) => values.map((value) => `${v}/${value}`));
    }
    for (const v of variants) urls.add(v || "/");
  }
  return [...urls].sort();
}

function discoverActionIds(): string[] {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(fs.readFileSync(path.resolve(dist, "server", "server-reference-manifest.json"), "utf8")) as { node?: Record<string, unknown> };
  return Object.keys(manifest.node ?? {});
}

async function sweep(request: APIRequestContext, who: string) {
  const routes = discoverRoutes();
  expect(routes).toContain(`/series/${ids.seriesId}/meetings/${ids.meetingId}`);
  expect(routes).toContain("/api/export");
  expect(routes).toContain("/api/export/archive");
  expect(routes).toContain(`/series/${ids.seriesId}/meetings/${ids.meetingId}/markdown`);
  let answered = 0;
  for (const url of routes) {
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const response = await request.get(url, { headers, maxRedirects: 5 });
      if (response.ok()) answered++;
      // A zip (the record archive) is read unpacked: compressed, a leaked marker would not show.
      const text = (response.headers()["content-type"] ?? "").includes("application/zip")
        ? Object.values(unzipSync(new Uint8Array(await response.body())))
            .map((b) => strFromU8(b))
            .join("\n")
        : await response.text();
      expect(text, `${who} GET ${url} ${JSON.stringify(headers)}`).not.toContain(MARKER);
    }
  }
  // The sweep must really reach pages, or it would prove nothing.
  expect(answered).toBeGreaterThan(10);
  const actions = discoverActionIds();
  expect(actions.length).toBeGreaterThan(5);
  // Actions last: one of them signs out.
  for (const id of actions) {
    for (const body of [JSON.stringify([{ ...ids }]), JSON.stringify([null, { ...ids }]), JSON.stringify([ids.meetingId])]) {
      const response = await request.post(`/series/${ids.seriesId}/meetings/${ids.meetingId}`, {
        headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
        data: body,
        maxRedirects: 0,
      });
      expect(await response.text(), `${who} action ${id}`).not.toContain(MARKER);
    }
  }
}

async function sweepAs(browser: Browser, email: string | null) {
  if (!email) {
    const context = await browser.newContext();
    await sweep(context.request, "signed out");
    await context.close();
    return;
  }
  const person = await personIn(browser, email);
  await sweep(person.context.request, email);
  await person.context.close();
}

test("the canary: no page, route, RSC payload or server action shows the note to the report", async ({ browser }) => {
  test.setTimeout(240_000);
  await sweepAs(browser, REPORT);
});

test("the canary: nor to the covering manager, the admin, or a signed-out visitor", async ({ browser }) => {
  test.setTimeout(300_000);
  for (const email of [OTHER, "admin@e2e.test", null]) await sweepAs(browser, email);
});

test("the canary: nor to another manager, another report, or another member", async ({ browser }) => {
  test.setTimeout(300_000);
  // The Testbed's spare pair is used by no spec; we only read as them.
  for (const email of ["spare.manager@e2e.test", "spare.report@e2e.test", "outsider@e2e.test"]) await sweepAs(browser, email);
});

test("the canary: the admin's outbox holds no trace of the note", async ({ page }) => {
  await signIn(page, "admin@e2e.test");
  await page.goto("/admin/outbox");
  expect(await page.content()).not.toContain(MARKER);
});

test("an excerpt goes from the manager to the report to the one named recipient", async ({ browser }) => {
  const manager = await personIn(browser, MANAGER);
  await manager.page.goto(`/series/${ids.seriesId}/meetings/${ids.meetingId}`);
  await manager.page.getByText("Ask to share an excerpt").click();
  await manager.page.getByLabel("Excerpt (copied exactly)").fill(EXCERPT);
  await manager.page.getByLabel("Share with").selectOption({ label: "Olive Outsider" });
  await manager.page.getByLabel("Why").fill("Olive runs the mentoring programme.");
  await manager.page.getByRole("button", { name: "Ask my report" }).click();
  await expect(manager.page.getByText("Request sent.")).toBeVisible();

  const outsider = await personIn(browser, "outsider@e2e.test");
  await outsider.page.goto("/privacy/shared-with-me");
  await expect(outsider.page.getByText("Nothing has been shared with you.")).toBeVisible();

  const report = await personIn(browser, REPORT);
  await report.page.goto("/privacy/sharing");
  await expect(report.page.getByText(EXCERPT)).toBeVisible();
  await expectAccessible(report.page);
  await report.page.getByRole("button", { name: "Approve" }).click();
  await expect(report.page.getByText(/Approved on/)).toBeVisible();

  await outsider.page.reload();
  await expect(outsider.page.getByText(EXCERPT)).toBeVisible();
  expect(await outsider.page.content()).not.toContain(MARKER);
  await expectAccessible(outsider.page);

  const other = await personIn(browser, OTHER);
  await other.page.goto("/privacy/shared-with-me");
  await expect(other.page.getByText(EXCERPT)).toHaveCount(0);

  await report.page.goto("/privacy/access-log");
  // Important entries are listed in their own section first, and again in the full log.
  await expect(report.page.getByText(/asked to share an excerpt/).first()).toBeVisible();
  await expect(report.page.getByRole("table", { name: "Important entries" }).getByText(/named a covering manager: Notes Colleague/)).toBeVisible();
  await expect(report.page.getByText(/read a shared excerpt/).first()).toBeVisible();
  await expect(report.page.getByText(/opened a meeting \(covering\)/).first()).toBeVisible();
  await expectAccessible(report.page);
  for (const p of [manager, outsider, report, other]) await p.context.close();
});
