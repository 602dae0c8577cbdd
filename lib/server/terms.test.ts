import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { termsAcknowledgements, termsVersions } from "@/db/schema";
import { DEFAULT_TERMS } from "@/lib/confidentiality/terms";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";
import { acknowledgeTerms, updateTerms } from "./terms";

describe("the confidentiality terms of a series", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  let meetingId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it("starts with the default text covering the three exceptions, shown on the first meeting, acknowledged by nobody", async () => {
    const { terms } = await loadMeetingWorkspace(who.report1, meetingId);
    expect(terms).toMatchObject({
      version: 1,
      body: DEFAULT_TERMS,
      isFirstMeeting: true,
      capabilities: { acknowledgeTerms: true, manageTerms: false, keepOutOfThemes: true, requestShare: false },
    });
    expect(terms.body).toMatch(/Team themes/);
    expect(terms.body).toMatch(/With your permission/);
    expect(terms.body).toMatch(/Risk of harm/);
    expect(terms.people.map((p) => p.acknowledgedAt)).toEqual([null, null]);
    expect(await t.db.select().from(termsVersions).where(eq(termsVersions.seriesId, seriesId))).toHaveLength(1);
  });

  it.each([
    ["another report", "report9@demo.test", "not_found"],
    ["the manager of another pair", "manager2@demo.test", "not_found"],
    ["the org admin", "admin@demo.test", "forbidden"],
  ] as const)("refuses %s reading, acknowledging or changing the terms, changing nothing", async (_, email, code) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(actor, meetingId), code);
    await expectRefusedUnchanged(t.db, () => acknowledgeTerms(actor, { seriesId, version: 1 }), code);
    await expectRefusedUnchanged(t.db, () => updateTerms(actor, { seriesId, baseVersion: 1, body: "x".repeat(60) }), code);
  });

  it("records who acknowledged and when", async () => {
    await acknowledgeTerms(who.report1, { seriesId, version: 1 });
    await acknowledgeTerms(who.manager, { seriesId, version: 1 });
    const { terms } = await loadMeetingWorkspace(who.manager, meetingId);
    expect(terms.people.every((p) => p.acknowledgedAt instanceof Date)).toBe(true);
    expect(terms.capabilities).toMatchObject({ acknowledgeTerms: false, manageTerms: true, requestShare: true, escalate: true });
    expect(await t.db.select().from(termsAcknowledgements)).toHaveLength(2);
  });

  it("refuses the report changing the terms, and an acknowledgement of a version not in force", async () => {
    await expectRefusedUnchanged(t.db, () => updateTerms(who.report1, { seriesId, baseVersion: 1, body: "y".repeat(60) }), "forbidden");
    await expectRefusedUnchanged(t.db, () => acknowledgeTerms(who.report1, { seriesId, version: 2 }), "conflict");
  });

  it("asks both again after the manager writes a new version", async () => {
    const body = `${DEFAULT_TERMS}\n\nWe also agree to keep our calendar invites vague.`;
    expect(await updateTerms(who.manager, { seriesId, baseVersion: 1, body })).toEqual({ version: 2 });
    const { terms } = await loadMeetingWorkspace(who.report1, meetingId);
    expect(terms).toMatchObject({ version: 2, body, capabilities: { acknowledgeTerms: true } });
    expect(terms.people.map((p) => p.acknowledgedAt)).toEqual([null, null]);
    await expectRefusedUnchanged(t.db, () => updateTerms(who.manager, { seriesId, baseVersion: 1, body: `${body}!` }), "conflict");
    await acknowledgeTerms(who.report1, { seriesId, version: 2 });
    expect((await loadMeetingWorkspace(who.manager, meetingId)).terms.people.map((p) => Boolean(p.acknowledgedAt))).toEqual([false, true]);
  });
});
