import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "@/db/count-statements";
import { accessLog } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { assignCovering } from "./covering";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";
import { seriesPlanningOf } from "./series-settings";
import { addTopic } from "./topics";

const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test"],
  ["a report of another pair of the same manager", "report2@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
] as const;

describe("the series page's one loader", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it("answers the manager's page within the statement bound, with every section", async () => {
    const after = await countStatements(t.db, () => loadSeriesWorkspace(who.manager, seriesId, { query: "", limit: 51 }));
    // Measured: 12 through the one loader (23 when each section authorized on its own, 13 while
    // the manager's covering assignment was read too), among them the agenda-template choice, the
    // person's own changes they may still undo and the topics already queued for the next meeting;
    // the planning section's settings, when the pair last met and the cadence's anchor come with
    // the series' row the page reads anyway. (bench/statements.ts counts one more on filled data,
    // where the strategic share reads its topics too.)
    expect(after).toBeLessThanOrEqual(13);
    const page = await loadSeriesWorkspace(who.manager, seriesId, { query: "", limit: 51 });
    expect(page.relation).toBe("manager");
    expect(page.meta).toMatchObject({ id: seriesId, managerName: "Priya Raman", reportName: "Jonas Weber" });
    expect(page.full).toMatchObject({ planned: expect.any(Array) });
    expect(page.share).toEqual({ meetings: 0, strategic: 0, total: 0, percent: null });
    expect(page.planning?.settings).toMatchObject({ cadence: page.meta.cadence, timeZone: expect.any(String) });
    // The same settings as the planning section reads on its own.
    expect(page.planning?.settings).toEqual((await seriesPlanningOf(t.db, seriesId)).settings);
    const candidates = page.covering.candidates.map((p) => p.id);
    expect(candidates.length).toBeGreaterThan(0);
    for (const id of [who.manager.id, who.report1.id]) expect(candidates).not.toContain(id);
    expect(page.covering.assignments).toEqual([]);
    expect(page.feed).toEqual({ current: null });
  });

  it("shows beside the topic form what the next meeting already holds, for whoever may add a topic", async () => {
    const before = await loadSeriesWorkspace(who.report1, seriesId);
    const { meetingId } = await addTopic(who.report1, { seriesId, text: "Career path", kind: "strategic", category: "career_growth" });
    await addTopic(who.manager, { seriesId, text: "Flaky deploys", kind: "tactical", category: "productivity" });
    for (const actor of [who.report1, who.manager]) {
      const { queued } = await loadSeriesWorkspace(actor, seriesId);
      expect(queued?.meeting?.id).toBe(meetingId);
      expect(queued?.topics.slice(-2).map((t) => [t.text, t.kind, t.authorName, t.mine])).toEqual([
        ["Career path", "strategic", "Jonas Weber", actor === who.report1],
        ["Flaky deploys", "tactical", "Priya Raman", actor === who.manager],
      ]);
    }
    expect(before.queued?.topics.map((t) => t.text)).not.toContain("Career path");
    // Reading what is queued creates no meeting: the loader of an admin gets nothing of it.
    expect((await loadSeriesWorkspace(who.admin, seriesId)).queued).toBeNull();
  });

  it.each(OUTSIDERS)("answers not found to %s, changing nothing", async (_, email) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => loadSeriesWorkspace(actor, seriesId), "not_found");
  });

  it("gives the manager and the report the series' work; the manager alone names a covering manager", async () => {
    const manager = await loadSeriesWorkspace(who.manager, seriesId);
    const report = await loadSeriesWorkspace(who.report1, seriesId);
    const work = { viewContent: true, addTopic: true, planMeetings: true, calendarFeed: true };
    expect(manager.capabilities).toMatchObject({ ...work, nameCovering: true });
    expect(report.capabilities).toMatchObject({ ...work, nameCovering: false });
    expect(report.covering.candidates).toEqual([]);
  });

  it("shows an org admin the metadata and the covering section only, and logs the view", async () => {
    const page = await loadSeriesWorkspace(who.admin, seriesId);
    expect(page.full).toBeNull();
    expect(page.capabilities).toMatchObject({ viewContent: false, addTopic: false, planMeetings: false, calendarFeed: false, nameCovering: true });
    expect({ share: page.share, queued: page.queued, planning: page.planning, feed: page.feed }).toEqual({
      share: null,
      queued: null,
      planning: null,
      feed: null,
    });
    const log = await t.db
      .select()
      .from(accessLog)
      .where(and(eq(accessLog.reportId, who.report1.id), eq(accessLog.actorId, who.admin.id)));
    expect(log.map((l) => l.action)).toContain("viewed the series' metadata (as org admin)");
  });

  it("gives a covering manager the series' work but not naming who covers", async () => {
    await assignCovering(who.manager, { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) });
    const page = await loadSeriesWorkspace(who.manager2, seriesId);
    expect(page.relation).toBe("covering");
    expect(page.capabilities).toMatchObject({ viewContent: true, addTopic: true, planMeetings: true, calendarFeed: true, nameCovering: false });
    expect(page.covering.assignments).toMatchObject([{ name: "Marcus Bennett" }]);
  });
});
