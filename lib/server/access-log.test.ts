import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, organizations, reportingLines, topics, users } from "@/db/schema";
import { type Actor, themeWindow } from "@/lib/policy";
import { accessLogQuerySchema } from "@/lib/validation/confidentiality";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { ACCESS_LOG_PAGE_SIZE, getAccessLogPage, getMyAccessLog } from "./access-log";
import { assignCovering } from "./covering";
import { erasePerson } from "./erasure";
import { exportMyRecord } from "./export";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";
import { getTeamThemes } from "./themes";

const DAY = 86_400_000;

describe("the access log: nothing important can be pushed out of sight", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let first: { seriesId: string } = { seriesId: "" };
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report3", "report4"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    await t.db.update(organizations).set({ themeThreshold: 3 }).where(eq(organizations.id, who.admin.orgId));
    await t.db.update(reportingLines).set({ activeFrom: utcDay(-120), createdAt: new Date(Date.now() - 120 * DAY) });
    const created = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id, who.report2.id, who.report3.id] }));
    const inWindow = new Date(Date.parse(`${themeWindow(4).from}T00:00:00Z`) + 2 * DAY);
    for (const c of created) {
      const author = Object.values(who).find((w) => w.name === c.reportName)!;
      await t.db
        .insert(topics)
        .values({ meetingId: c.meetingId, seriesId: c.seriesId, authorId: author.id, text: "a concern", category: "wellbeing", createdAt: inWindow });
    }
    first = created.find((c) => c.reportName === who.report1.name)!;
    await assignCovering(who.manager, { seriesId: first.seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(20) });
  });

  const covering = (entries: { action: string }[]) => entries.filter((e) => e.action === "named a covering manager");

  it("keeps the covering entry visible after 600 theme views, which write one row per viewer per day", async () => {
    for (let i = 0; i < 600; i++) {
      const themes = await getTeamThemes(who.admin, { weeks: 4, scope: "org" });
      if (i === 0) expect(themes.categories).toEqual([{ category: "wellbeing", topics: 3, reports: 3 }]);
    }
    await getTeamThemes(who.manager, { weeks: 4 });
    const rows = await t.db
      .select()
      .from(accessLog)
      .where(and(eq(accessLog.reportId, who.report1.id), eq(accessLog.kind, "themes")));
    expect(rows.map((r) => [r.actorId, r.times]).sort()).toEqual(
      [
        [who.admin.id, 600],
        [who.manager.id, 1],
      ].sort(),
    );
    const page = await getAccessLogPage(who.report1, { page: 1 });
    expect(covering(page.important)).toHaveLength(1);
    expect(covering(page.entries)).toHaveLength(1);
    expect(page.total).toBe(3);
  }, 300_000);

  it("lists important entries first however many ordinary ones follow, pages newest first, and filters by kind", async () => {
    const base = Date.now();
    await t.db.insert(accessLog).values(
      Array.from({ length: 120 }, (_, i) => ({
        orgId: who.admin.orgId,
        reportId: who.report1.id,
        actorId: who.admin.id,
        kind: "read" as const,
        action: "viewed the series' metadata (as org admin)",
        subject: `view ${i}`,
        createdAt: new Date(base + (i + 1) * 1000),
      })),
    );
    const p1 = await getAccessLogPage(who.report1, { page: 1 });
    expect(covering(p1.important)).toHaveLength(1);
    expect(p1.entries).toHaveLength(ACCESS_LOG_PAGE_SIZE);
    expect(p1.entries[0].subject).toBe("view 119");
    expect(p1).toMatchObject({ hasPrevious: false, hasNext: true, total: 123 });
    const p3 = await getAccessLogPage(who.report1, { page: 3 });
    expect(p3.entries).toHaveLength(123 - 2 * ACCESS_LOG_PAGE_SIZE);
    expect(p3).toMatchObject({ hasPrevious: true, hasNext: false });
    expect(covering(p3.entries)).toHaveLength(1);
    expect((await getAccessLogPage(who.report1, { page: 9 })).entries).toEqual([]);
    const onlyCovering = await getAccessLogPage(who.report1, { page: 1, kind: "covering" });
    expect(onlyCovering.entries.map((e) => e.kind)).toEqual(["covering"]);
    expect(onlyCovering.total).toBe(1);
    expect((await getAccessLogPage(who.report1, { page: 1, kind: "themes" })).entries.map((e) => e.times).sort()).toEqual([1, 600]);
  });

  it("takes only a page number and a known kind from the address", () => {
    expect(accessLogQuerySchema.parse({})).toEqual({ page: 1 });
    expect(accessLogQuerySchema.parse({ page: "3", kind: "covering" })).toEqual({ page: 3, kind: "covering" });
    for (const bad of [{ page: "0" }, { page: "-1" }, { page: "x" }, { page: "1.5" }, { kind: "everything" }])
      expect(accessLogQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it("exports every row, beyond any page or former limit of 500", async () => {
    await t.db.insert(accessLog).values(
      Array.from({ length: 700 }, (_, i) => ({
        orgId: who.admin.orgId,
        reportId: who.report4.id,
        actorId: who.admin.id,
        kind: "read" as const,
        action: "viewed",
        subject: `row ${i}`,
      })),
    );
    const record = await exportMyRecord(who.report4);
    expect(record.accessLog).toHaveLength(701); // and the export's own entry
    expect(await getMyAccessLog(who.report4)).toHaveLength(701);
  });

  it("is the report's alone: nobody reads another's log, and refusing changes nothing", async () => {
    for (const actor of [who.manager, who.admin, who.manager2]) {
      const page = await getAccessLogPage(actor, { page: 1 });
      expect(page.entries.every((e) => e.subject !== "view 1")).toBe(true);
    }
  });

  it("keeps each reader's name as it was when they read, after the account is renamed or erased", async () => {
    // The covering manager (named by the manager in beforeAll) opens the series; then the manager is renamed and the covering manager erased.
    await loadSeriesWorkspace(who.manager2, first.seriesId);
    await t.db.update(users).set({ name: "Priya Renamed" }).where(eq(users.id, who.manager.id));
    await erasePerson(who.admin, { userId: who.manager2.id, confirmEmail: "manager2@demo.test", dryRun: false });
    const entries = (await getMyAccessLog(who.report1)).map((e) => `${e.actorName}: ${e.action}`);
    expect(entries).toContain("Marcus Bennett: opened the series (covering)");
    expect(entries).toContain("Priya Raman: named a covering manager");
    expect(entries.filter((e) => e.startsWith("Former member") || e.startsWith("Priya Renamed"))).toEqual([]);
  });
});
