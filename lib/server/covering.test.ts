import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { coveringCandidates } from "./covering";
import { startSeries } from "./series";

describe("covering candidates: a bounded, searchable list however large the organization", () => {
  const t = useTestDatabase();
  let manager: Actor;
  let report1: Actor;
  let seriesId = "";
  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    report1 = await actorOf(t.db, "report1@demo.test");
    const created = await startSeries(manager, seriesInput({ reportIds: [report1.id] }));
    seriesId = created[0].seriesId;
  });

  it("lists the org's other active members by name, never the pair", async () => {
    const people = await coveringCandidates(manager, seriesId);
    // The demo org: an admin, two managers, ten reports; the pair is left out.
    expect(people).toHaveLength(11);
    expect(people.map((p) => p.id)).not.toContain(manager.id);
    expect(people.map((p) => p.id)).not.toContain(report1.id);
    const names = people.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("returns at most the asked number, the first by name", async () => {
    const all = await coveringCandidates(manager, seriesId);
    const first = await coveringCandidates(manager, seriesId, { limit: 3 });
    expect(first).toEqual(all.slice(0, 3));
  });

  it("finds people whose name contains the query, ignoring case", async () => {
    const found = await coveringCandidates(manager, seriesId, { query: "marcus" });
    expect(found.map((p) => p.name)).toEqual(["Marcus Bennett"]);
    expect(await coveringCandidates(manager, seriesId, { query: "nobody by this name" })).toEqual([]);
  });

  it("refuses a report, as before", async () => {
    await expect(coveringCandidates(report1, seriesId)).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
  });
});
