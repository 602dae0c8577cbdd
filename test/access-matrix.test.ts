// The harness first: its test doubles must be in place before any action module loads.
import { isRedirect, outcomeOf, signInAs } from "./actions-harness";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { createFeed, revokeFeed } from "@/lib/server/calendar-feeds";
import { fingerprintAll, useTestDatabase } from "@/test/db";
import { lineOfSeries } from "@/lib/server/lines";
import { seriesVisibleTo } from "@/lib/server/visibility";
import { reportingLines, series } from "@/db/schema";
import { ACCOUNT_ENDED, buildFixture, CALLERS, type Fixture, relationOf, secretOf, seenAs } from "./access-matrix.fixture";
import { ACTION_RECIPES, isPublic, ROUTE_RECIPES } from "./access-matrix.recipes";

/**
 * Every server action and route handler of app/, found here rather than listed so a new door
 * cannot be forgotten, called by every kind of person with each pair's identifiers. A call is allowed
 * exactly when the table lets the caller through; a refused call changes no row.
 */
const APP = path.resolve(import.meta.dirname, "../app");
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const sources = walk(APP).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
/** The file's first statement, past comments: "use server" makes every export a public endpoint. */
const isServerActionFile = (file: string) => /^["']use server["']/.test(readFileSync(file, "utf8").replace(/^(\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, ""));
const rel = (file: string) => path.relative(APP, file).split(path.sep).join("/");

type Fn = (...args: unknown[]) => Promise<unknown>;
const actions: { key: string; fn: Fn }[] = [];
for (const file of sources.filter(isServerActionFile)) {
  const mod = (await import(file)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value === "function" && value.constructor.name === "AsyncFunction") actions.push({ key: `${rel(file)}#${name}`, fn: value as Fn });
  }
}
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const routes: { key: string; fn: Fn }[] = [];
for (const file of sources.filter((f) => /\/route\.tsx?$/.test(f))) {
  const mod = (await import(file)) as Record<string, unknown>;
  for (const m of METHODS) if (typeof mod[m] === "function") routes.push({ key: `${rel(file)}#${m}`, fn: mod[m] as Fn });
}

function changedTables(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys(after).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
}

describe("the access matrix", () => {
  const t = useTestDatabase();
  let fx: Fixture;
  beforeAll(async () => {
    fx = await buildFixture(t.db);
  });

  it("finds the app's doors, and each has a recipe (add one in test/access-matrix.recipes.ts)", () => {
    expect(actions.length).toBeGreaterThan(40);
    expect(routes.map((r) => r.key)).toContain("api/export/route.ts#GET");
    expect(
      actions.map((a) => a.key).filter((k) => !ACTION_RECIPES[k]),
      "server actions without a recipe",
    ).toEqual([]);
    expect(
      routes.map((r) => r.key).filter((k) => !ROUTE_RECIPES[k]),
      "route handlers without a recipe",
    ).toEqual([]);
    const found = new Set([...actions, ...routes].map((a) => a.key));
    expect(
      Object.keys({ ...ACTION_RECIPES, ...ROUTE_RECIPES }).filter((k) => !found.has(k)),
      "recipes for doors that no longer exist",
    ).toEqual([]);
  });

  it("lists for each caller exactly the series the table opens to them (lib/server/visibility.ts, the relation rule's SQL form)", async () => {
    for (const caller of CALLERS) {
      const me = seenAs(fx, caller);
      const expected = [fx.pairs.A, fx.pairs.B]
        .filter((p) => ["manager", "report", "covering"].includes(relationOf(fx, caller, p)))
        .map((p) => p.seriesId)
        .concat(caller === "reportA" ? [fx.endedSeriesId] : []);
      const rows = me
        ? await t.db
            .select({ id: series.id })
            .from(series)
            .innerJoin(reportingLines, lineOfSeries)
            .where(seriesVisibleTo(me, new Date().toISOString().slice(0, 10)))
        : [];
      // Only the fixture's series: the demo seed has none.
      const mine = rows.map((r) => r.id).filter((id) => [fx.pairs.A.seriesId, fx.pairs.B.seriesId, fx.endedSeriesId].includes(id));
      expect(mine.sort(), caller).toEqual(expected.sort());
    }
  });

  for (const { key, fn } of actions) {
    const recipe = ACTION_RECIPES[key];
    if (!recipe) continue;

    if (isPublic(recipe)) {
      it(`${key} (public: ${recipe.public}) refuses bad input and changes nothing`, async () => {
        for (const who of [null, fx.callers.managerA]) {
          signInAs(who);
          for (const bad of recipe.refuses) {
            const args = await bad.args(fx);
            const before = await fingerprintAll(t.db);
            const answer = await fn(...args).then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            );
            const label = `${bad.label} (${who?.email ?? "signed out"})`;
            expect("error" in answer ? (isRedirect(answer.error) ? `redirect ${answer.error.url}` : String(answer.error)) : "answered", label).toBe("answered");
            const value = (answer as { value: unknown }).value as { fieldErrors?: unknown; error?: unknown } | null | undefined;
            if (value != null) expect(value.fieldErrors ?? value.error, label).toBeTruthy();
            expect(changedTables(before, await fingerprintAll(t.db)), label).toEqual([]);
          }
        }
      });
      continue;
    }

    it(`${key}: ${recipe.rule.says}`, async () => {
      const targets = recipe.targetFree ? [fx.pairs.A] : [fx.pairs.A, fx.pairs.B];
      const calls = targets.flatMap((target) =>
        CALLERS.map((caller) => ({
          caller,
          target,
          allowed: recipe.rule.allows({ caller, target, actor: seenAs(fx, caller), relation: relationOf(fx, caller, target) }),
        })),
      );
      const problems: string[] = [];
      // Every answer is a channel: whatever the call returns or throws may hold nobody's private note but the caller's own.
      const people = Object.values(fx.callers).filter((a) => a !== null);
      const run = async (c: (typeof calls)[number], args: unknown[]) => {
        const me = fx.callers[c.caller];
        signInAs(me);
        let answer = "";
        const raw = await outcomeOf(async () => {
          try {
            const value = await fn(...args);
            answer = JSON.stringify(value ?? null);
            return value;
          } catch (error) {
            answer = `${String(error)} ${JSON.stringify((error as { details?: unknown })?.details ?? null)}`;
            throw error;
          }
        }, recipe.alsoRefusal?.codes);
        for (const other of people.filter((p) => p.id !== me?.id)) {
          if (answer.includes(secretOf(other))) problems.push(`${c.caller} on pair ${c.target.key} got ${other.email}'s private note in the answer`);
        }
        return recipe.outcome ? recipe.outcome(raw, seenAs(fx, c.caller) !== null) : raw;
      };

      // Refused calls first, on the state the fixture left: none of them may change a row.
      const refused = calls.filter((c) => !c.allowed);
      const prepared = [];
      for (const c of refused) prepared.push({ c, args: await recipe.args(fx, c.target, c.caller) });
      let before = await fingerprintAll(t.db);
      for (const { c, args } of prepared) {
        const o = await run(c, args);
        if (o.kind !== "refused") problems.push(`${c.caller} on pair ${c.target.key} should be refused, got ${o.kind}: ${o.detail}`);
        const after = await fingerprintAll(t.db);
        const changed = changedTables(before, after);
        if (changed.length) problems.push(`${c.caller} on pair ${c.target.key} changed ${changed.join(", ")}`);
        before = after;
      }
      // Then the people the table lets through, each on fresh input.
      for (const c of calls.filter((x) => x.allowed)) {
        const o = await run(c, await recipe.args(fx, c.target, c.caller));
        if (o.kind !== "allowed") problems.push(`${c.caller} on pair ${c.target.key} should be allowed, got ${o.kind}: ${o.detail}`);
      }
      signInAs(null);
      expect(problems).toEqual([]);
      expect(calls.some((c) => c.allowed) || recipe.rule.says.startsWith("nobody")).toBe(true);
    });
  }

  describe("route handlers", () => {
    const route = (key: string) => routes.find((r) => r.key === key)!.fn;

    it("GET /api/health answers anyone with the database's state only", async () => {
      signInAs(null);
      const res = (await route("api/health/route.ts#GET")()) as Response;
      expect(res.status).toBe(200);
      expect(Object.keys((await res.json()) as object).sort()).toEqual(["database", "status"]);
    });

    it("GET /api/calendar/<token> opens only with a live token, for nobody's session", async () => {
      const get = route("api/calendar/[token]/route.ts#GET");
      const call = async (token: string) =>
        (await get(new Request(`http://localhost:3000/api/calendar/${token}`), { params: Promise.resolve({ token }) })) as Response;
      const { pairs, callers } = fx;
      const feed = await createFeed(pairs.A.report, { seriesId: pairs.A.seriesId });
      const token = feed.path.split("/").pop()!;
      signInAs(callers.managerB);
      const ok = await call(token);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toContain("text/calendar");
      expect(await ok.text()).not.toContain(secretOf(pairs.A.report));
      for (const wrong of [token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA"), "x".repeat(43), "..%2F..%2Fetc%2Fpasswd", ""]) {
        expect((await call(wrong)).status, `token ${wrong}`).toBe(404);
      }
      await revokeFeed(pairs.A.report, { seriesId: pairs.A.seriesId });
      expect((await call(token)).status, "a revoked token").toBe(404);
      signInAs(null);
    });

    it("GET /api/export gives each signed-in person their own record and nobody else's private words", async () => {
      const get = route("api/export/route.ts#GET");
      signInAs(null);
      expect(((await get()) as Response).status).toBe(401);
      const people = Object.values(fx.callers).filter((a) => a !== null);
      for (const caller of ACCOUNT_ENDED) {
        signInAs(fx.callers[caller]);
        expect(((await get()) as Response).status, `${caller}, whose account ended`).toBe(401);
      }
      for (const me of CALLERS.map((c) => seenAs(fx, c)).filter((a) => a !== null)) {
        signInAs(me);
        const res = (await get()) as Response;
        expect(res.status, me.email).toBe(200);
        const body = await res.text();
        for (const other of people.filter((p) => p.id !== me.id)) expect(body, `${me.email}'s export`).not.toContain(secretOf(other));
        // Each person's record holds the series they are part of (as report, or as its current
        // manager) and no other: a covering manager, the admin and the rest get nothing of a pair.
        for (const pair of [fx.pairs.A, fx.pairs.B]) {
          if (me.id === pair.report.id || me.id === pair.manager.id) expect(body, `${me.email}'s export`).toContain(pair.seriesId);
          else expect(body, `${me.email}'s export`).not.toContain(pair.seriesId);
        }
        // The ended line's series stays the report's; its manager's reach ended with the line.
        if (me.id === fx.pairs.A.report.id) expect(body, `${me.email}'s export`).toContain(fx.endedSeriesId);
        else expect(body, `${me.email}'s export`).not.toContain(fx.endedSeriesId);
      }
      signInAs(null);
    });

    it("GET /api/export/archive gives each signed-in person a zip of their own record and nobody else's private words", async () => {
      const get = route("api/export/archive/route.ts#GET");
      signInAs(null);
      expect(((await get()) as Response).status).toBe(401);
      const people = Object.values(fx.callers).filter((a) => a !== null);
      for (const caller of ACCOUNT_ENDED) {
        signInAs(fx.callers[caller]);
        expect(((await get()) as Response).status, `${caller}, whose account ended`).toBe(401);
      }
      for (const me of CALLERS.map((c) => seenAs(fx, c)).filter((a) => a !== null)) {
        signInAs(me);
        const res = (await get()) as Response;
        expect(res.status, me.email).toBe(200);
        expect(res.headers.get("content-type")).toBe("application/zip");
        const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
        expect(
          Object.keys(files).some((p) => p.endsWith("/record.json")),
          me.email,
        ).toBe(true);
        const body = Object.values(files)
          .map((b) => strFromU8(b))
          .join("\n");
        for (const other of people.filter((p) => p.id !== me.id)) expect(body, `${me.email}'s archive`).not.toContain(secretOf(other));
        for (const pair of [fx.pairs.A, fx.pairs.B]) {
          if (me.id === pair.report.id || me.id === pair.manager.id) expect(body, `${me.email}'s archive`).toContain(pair.seriesId);
          else expect(body, `${me.email}'s archive`).not.toContain(pair.seriesId);
        }
        if (me.id === fx.pairs.A.report.id) expect(body, `${me.email}'s archive`).toContain(fx.endedSeriesId);
        else expect(body, `${me.email}'s archive`).not.toContain(fx.endedSeriesId);
      }
      signInAs(null);
    });

    it("GET a meeting's Markdown answers the pair and its covering manager (own note only), anyone else 404 with no row written", async () => {
      const get = route("(app)/series/[seriesId]/meetings/[meetingId]/markdown/route.ts#GET");
      const call = async (seriesId: string, meetingId: string) =>
        (await get(new Request(`http://localhost:3000/series/${seriesId}/meetings/${meetingId}/markdown`), {
          params: Promise.resolve({ seriesId, meetingId }),
        })) as Response;
      const people = Object.values(fx.callers).filter((a) => a !== null);
      for (const target of [fx.pairs.A, fx.pairs.B]) {
        for (const caller of CALLERS) {
          const me = fx.callers[caller];
          signInAs(me);
          const relation = relationOf(fx, caller, target);
          const before = await fingerprintAll(t.db);
          const res = await call(target.seriesId, target.firstMeetingId);
          const body = await res.text();
          const label = `${caller} on pair ${target.key} (${relation})`;
          for (const other of people.filter((p) => p.id !== me?.id)) expect(body, label).not.toContain(secretOf(other));
          if (["manager", "report", "covering"].includes(relation)) {
            expect(res.status, label).toBe(200);
            expect(res.headers.get("content-type"), label).toContain("text/markdown");
            expect(body, label).toContain(`Item of pair ${target.key}`);
            if (relation !== "covering") expect(body, label).toContain(secretOf(me!));
          } else {
            expect(res.status, label).toBe(seenAs(fx, caller) ? 404 : 401);
            expect(changedTables(before, await fingerprintAll(t.db)), label).toEqual([]);
          }
        }
        // The meeting under the other pair's series address is not found either.
        signInAs(target.report);
        const other = target.key === "A" ? fx.pairs.B : fx.pairs.A;
        expect((await call(other.seriesId, target.firstMeetingId)).status).toBe(404);
      }
      signInAs(null);
    });
  });
});
