import fs from "node:fs";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { CANARY, CANARY_FEED_TOKENS, type CanaryKind } from "../db/seed-e2e-canary";
import { signIn } from "./fixtures";
import { discoverPages, fill, type Ids } from "./routes";

// The whole-surface canary. The canary pair (db/seed-e2e.ts) holds one marker per kind of content:
// a topic, the agenda, an action item, a goal, a check-in, the manager's and the report's private
// note. Every page route of the app, discovered from the app folder (so a new page is covered
// without anyone remembering it), is fetched as HTML and as its RSC payload by every kind of person,
// with the ids of the canary pair and of another pair; then the exports, the calendar feeds and the
// server's own log. A marker may appear only where the table of PRODUCT.md lets that person see it,
// and each page answers (200) exactly when the table lets that person in.

test.describe.configure({ mode: "serial" });

type Who = "manager" | "report" | "covering" | "admin" | "colleague" | "otherReport" | "otherOrg" | "visitor";
const EMAILS: Record<Exclude<Who, "visitor">, string> = {
  manager: "canary.manager@e2e.test",
  report: "canary.report@e2e.test",
  covering: "spare.manager@e2e.test", // manages the spare pair and covers the canary pair (seeded)
  admin: "admin@e2e.test",
  colleague: "canary.other@e2e.test",
  otherReport: "spare.report@e2e.test",
  otherOrg: "admin@demo.test",
};
const SHARED: CanaryKind[] = ["topic", "agenda", "actionItem", "goal", "checkIn"];
/** The table of PRODUCT.md, for the canary pair's content. */
const MAY_SEE: Record<Who, CanaryKind[]> = {
  manager: [...SHARED, "managerNote"],
  report: [...SHARED, "reportNote"],
  covering: SHARED,
  admin: [],
  colleague: [],
  otherReport: [],
  otherOrg: [],
  visitor: [],
};
type Relation = "pair" | "admin" | "none";
/** Each person's relation to each pair: "pair" is manager, report or covering manager. */
const RELATION: Record<Who, { canary: Relation; spare: Relation }> = {
  manager: { canary: "pair", spare: "none" },
  report: { canary: "pair", spare: "none" },
  covering: { canary: "pair", spare: "pair" },
  admin: { canary: "admin", spare: "admin" },
  colleague: { canary: "none", spare: "none" },
  otherReport: { canary: "none", spare: "pair" },
  otherOrg: { canary: "none", spare: "none" },
  visitor: { canary: "none", spare: "none" },
};

/** Whether the table lets this person open this page of this pair (200), or not (404, or sign-in for a visitor). */
function mayOpen(pattern: string, who: Who, pairName: "canary" | "spare"): boolean {
  const relation = RELATION[who][pairName];
  if (pattern === "/") return false; // it sends everyone on: to the dashboard, or to sign in
  // The doors whose credential is in the address (an invitation, a recovery link) or that ask for one by mail.
  const tokenDoor = pattern === "/sign-in/forgot" || pattern.startsWith("/invite/") || pattern.startsWith("/recover/");
  if (who === "visitor") return pattern === "/sign-in" || tokenDoor;
  if (pattern === "/sign-in") return false; // a signed-in person is sent on to the dashboard
  if (tokenDoor) return true; // it says the link is not valid (or sends nothing), with a 200
  if (pattern.startsWith("/admin/")) return who === "admin" || who === "otherOrg";
  if (pattern === "/series/[seriesId]") return relation !== "none";
  // Both pairs' pages get the canary's goal id: under the other pair's series it is nobody's page.
  if (pattern.startsWith("/series/[seriesId]/goals/[goalId]")) return relation === "pair" && pairName === "canary";
  if (pattern.startsWith("/series/")) return relation === "pair";
  if (pattern.includes("[templateId]") || pattern.includes("[meetingId]")) return false;
  return true;
}

async function asPerson(browser: Browser, who: Who): Promise<APIRequestContext> {
  const context = await browser.newContext();
  if (who !== "visitor") await signIn(await context.newPage(), EMAILS[who]);
  return context.request;
}

const markersIn = (text: string) => (Object.keys(CANARY) as CanaryKind[]).filter((k) => text.includes(CANARY[k]));

let canary: Ids;
let spare: Ids;

test.beforeAll(async ({ browser }) => {
  const idsFrom = async (email: string, withGoal: boolean): Promise<Ids> => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    const html = await page.content();
    const [, seriesId, meetingId] = html.match(/\/series\/([0-9a-f-]{36})\/meetings\/([0-9a-f-]{36})/) ?? [];
    let goalId = "00000000-0000-4000-8000-000000000001";
    if (withGoal) {
      await page.goto(`/series/${seriesId}/goals`);
      goalId = (await page.content()).match(new RegExp(`/series/${seriesId}/goals/([0-9a-f-]{36})`))?.[1] ?? goalId;
    }
    await context.close();
    return { seriesId, meetingId, goalId };
  };
  canary = await idsFrom(EMAILS.report, true);
  spare = await idsFrom(EMAILS.otherReport, false);
  expect(canary.meetingId, "the canary pair's meeting is on the report's dashboard").toBeTruthy();
  expect(spare.meetingId, "the other pair's meeting is on its report's dashboard").toBeTruthy();
  expect(canary.goalId, "the canary goal is listed").not.toMatch(/^0{8}/);
});

test("discovers every page of the app, the private ones included", () => {
  const pages = discoverPages();
  for (const expected of [
    "/dashboard",
    "/series/[seriesId]/meetings/[meetingId]",
    "/series/[seriesId]/goals/[goalId]",
    "/privacy/access-log",
    "/admin/outbox",
  ]) {
    expect(pages).toContain(expected);
  }
});

for (const who of Object.keys(RELATION) as Who[]) {
  test(`every page, as HTML and as RSC, shows ${who} only what the table allows`, async ({ browser }) => {
    test.setTimeout(180_000);
    const request = await asPerson(browser, who);
    const seen = new Set<CanaryKind>();
    const wrong: string[] = [];
    for (const pattern of discoverPages()) {
      for (const [pairName, ids] of [
        ["canary", canary],
        ["spare", spare],
      ] as const) {
        const suffix = pattern.endsWith("/history") ? "?q=canary" : "";
        const url = fill(pattern, ids) + suffix;
        for (const rsc of [false, true]) {
          let response = await request.get(url, { maxRedirects: 0, headers: rsc ? { RSC: "1" } : {} });
          // Next.js sends an RSC request without its cache-busting parameter to the same URL with it.
          const location = response.headers()["location"] ?? "";
          if (rsc && response.status() === 307 && /[?&]_rsc\b/.test(location)) {
            response = await request.get(location, { maxRedirects: 0, headers: { RSC: "1" } });
          }
          const body = await response.text();
          const leaked = markersIn(body).filter((k) => !MAY_SEE[who].includes(k));
          if (leaked.length) wrong.push(`${url}${rsc ? " (RSC)" : ""} leaks ${leaked.join(", ")}`);
          markersIn(body).forEach((k) => seen.add(k));
          const open = mayOpen(pattern, who, pairName);
          const status = response.status();
          // An RSC payload answers 200 even for a page that is not found or redirects; its digest says which.
          const answered = status === 200 && !(rsc && /"digest":"NEXT_(HTTP_ERROR_FALLBACK|REDIRECT)/.test(body));
          if (answered !== open) {
            wrong.push(`${url}${rsc ? " (RSC)" : ""} answered ${status} ${response.headers()["location"] ?? ""}, the table says ${open ? "open" : "closed"}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // The canary is alive: each person finds, somewhere, everything they may see.
    expect([...seen].sort()).toEqual([...MAY_SEE[who]].sort());
  });
}

test("each person's export holds only what the table lets them see", async ({ browser }) => {
  for (const who of Object.keys(RELATION) as Who[]) {
    const request = await asPerson(browser, who);
    const response = await request.get("/api/export", { maxRedirects: 0 });
    const body = await response.text();
    expect(
      markersIn(body).filter((k) => !MAY_SEE[who].includes(k)),
      `export of ${who}`,
    ).toEqual([]);
    if (who === "visitor") expect(response.status()).toBe(401);
    if (who === "report")
      expect(markersIn(body), "the report's export holds their own note and their topic").toEqual(expect.arrayContaining(["reportNote", "topic"]));
    if (who === "manager")
      expect(markersIn(body), "the manager's export holds their own note and the pair's topic").toEqual(expect.arrayContaining(["managerNote", "topic"]));
  }
});

test("each person's zip export, unpacked, holds only what the table lets them see", async ({ browser }) => {
  for (const who of Object.keys(RELATION) as Who[]) {
    const request = await asPerson(browser, who);
    const response = await request.get("/api/export/archive", { maxRedirects: 0 });
    if (who === "visitor") {
      expect(response.status()).toBe(401);
      continue;
    }
    expect(response.status(), `archive of ${who}`).toBe(200);
    const files = unzipSync(new Uint8Array(await response.body()));
    const body = Object.values(files)
      .map((b) => strFromU8(b))
      .join("\n");
    expect(
      markersIn(body).filter((k) => !MAY_SEE[who].includes(k)),
      `archive of ${who}`,
    ).toEqual([]);
    if (who === "report") expect(markersIn(body), "the report's archive").toEqual(expect.arrayContaining(["reportNote", "topic", "agenda", "goal", "checkIn"]));
    if (who === "manager")
      expect(markersIn(body), "the manager's archive").toEqual(expect.arrayContaining(["managerNote", "topic", "agenda", "goal", "checkIn"]));
  }
});

test("a meeting's Markdown download answers exactly who may open the meeting, with only what they may see", async ({ browser }) => {
  for (const who of Object.keys(RELATION) as Who[]) {
    const request = await asPerson(browser, who);
    for (const [pairName, ids] of [
      ["canary", canary],
      ["spare", spare],
    ] as const) {
      const response = await request.get(`/series/${ids.seriesId}/meetings/${ids.meetingId}/markdown`, { maxRedirects: 0 });
      const body = await response.text();
      const label = `${who} on the ${pairName} meeting's Markdown`;
      expect(
        markersIn(body).filter((k) => !MAY_SEE[who].includes(k)),
        label,
      ).toEqual([]);
      const open = RELATION[who][pairName] === "pair";
      expect(response.status(), label).toBe(open ? 200 : who === "visitor" ? 401 : 404);
      if (open && pairName === "canary") expect(markersIn(body), label).toEqual(expect.arrayContaining(["agenda", "topic", "actionItem"]));
    }
  }
});

test("calendar feeds carry no content of the series", async ({ request }) => {
  for (const token of Object.values(CANARY_FEED_TOKENS)) {
    const response = await request.get(`/api/calendar/${token}.ics`);
    expect(response.status()).toBe(200);
    const body = await response.text();
    expect(body).toContain("BEGIN:VCALENDAR");
    expect(markersIn(body)).toEqual([]);
  }
});

test("the server's own log holds no marker", () => {
  const file = process.env.E2E_SERVER_LOG;
  expect(file && fs.existsSync(file), "the web server's log is captured").toBe(true);
  expect(markersIn(fs.readFileSync(file!, "utf8"))).toEqual([]);
});
