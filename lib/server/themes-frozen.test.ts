import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { organizations, reportingLines, themeWeekCounts, themeWeeks, topics, users } from "@/db/schema";
import { type Actor, themeWindow } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { forgetFrozenThemes } from "@/test/themes";
import { erasePerson } from "./erasure";
import { startSeries } from "./series";
import { getTeamThemes, setKeepOutOfThemes } from "./themes";
import { addTopic } from "./topics";
import { endReportingLine } from "./users";

const DAY = 86_400_000;
const NEXT_WEEK = new Date(Date.now() + 7 * DAY);

describe("team themes cannot be differenced: a count once shown never changes, whoever ends a line or erases a person", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const seriesOf: Record<string, string> = {};
  // In the second week of this week's 4-week window, so also inside next week's window.
  const inWindow = new Date(Date.parse(`${themeWindow(4).from}T00:00:00Z`) + 8 * DAY);
  const write = async (name: string, category: "wellbeing" | "career_growth" | "productivity", text: string) => {
    const row = await addTopic(who[name], { seriesId: seriesOf[name], text, kind: "strategic", category });
    await t.db.update(topics).set({ createdAt: inWindow }).where(eq(topics.id, row.id));
    return row.id;
  };
  const themes = async (actor: Actor, scope: "org" | "team", now = new Date()) => (await getTeamThemes(actor, { weeks: 4, scope }, now)).categories;
  const lineOf = async (name: string) =>
    (await t.db.select({ id: reportingLines.id }).from(reportingLines).where(eq(reportingLines.reportId, who[name].id)))[0].id;
  const shownToEveryone = async (now = new Date()) => ({
    admin: await themes(who.admin, "org", now),
    secondAdmin: await themes(who.secondAdmin, "org", now),
    manager: await themes(who.manager, "team", now),
  });

  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1", "report2", "report3", "report4", "report5"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    await t.db.insert(users).values({ orgId: who.admin.orgId, email: "second.admin@demo.test", name: "Second Admin", orgRole: "admin" });
    who.secondAdmin = await actorOf(t.db, "second.admin@demo.test");
    await t.db.update(organizations).set({ themeThreshold: 3 }).where(eq(organizations.id, who.admin.orgId));
    await t.db.update(reportingLines).set({ activeFrom: utcDay(-120), createdAt: new Date(Date.now() - 120 * DAY) });
    const reports = ["report1", "report2", "report3", "report4", "report5"];
    for (const c of await startSeries(who.manager, seriesInput({ reportIds: reports.map((r) => who[r].id) }))) {
      seriesOf[reports.find((r) => who[r].name === c.reportName)!] = c.seriesId;
    }
    for (const name of ["report1", "report2", "report3", "report4"]) await write(name, "wellbeing", `${name} is tired`);
    await write("report4", "wellbeing", "report4 sleeps badly");
    for (const name of ["report1", "report2", "report3", "report4"]) await write(name, "career_growth", `${name} wants to grow`);
    // Two reports only: below the threshold, whatever happens later.
    for (const name of ["report1", "report2"]) await write(name, "productivity", `${name} has too many meetings`);
  });

  it("shows the same counts before and after the admin ends report4's line, to every viewer, this week and next", async () => {
    const before = await shownToEveryone();
    expect(before.admin).toEqual([
      { category: "wellbeing", topics: 5, reports: 4 },
      { category: "career_growth", topics: 4, reports: 4 },
    ]);
    expect(before.secondAdmin).toEqual(before.admin);
    expect(before.manager).toEqual(before.admin);
    await endReportingLine(who.admin, { lineId: await lineOf("report4"), activeTo: utcDay(0) });
    expect(await shownToEveryone()).toEqual(before);
    // Next week's window holds the same topics: report4 wrote them while the line held.
    expect(await shownToEveryone(NEXT_WEEK)).toEqual(before);
  });

  it("keeps a closed window's counts identical after later keep-outs, late rows, backdated line ends and an erasure", async () => {
    const before = await shownToEveryone();
    const [counted] = await t.db
      .select({ id: topics.id })
      .from(topics)
      .where(and(eq(topics.seriesId, seriesOf.report1), eq(topics.text, "report1 is tired")));
    await setKeepOutOfThemes(who.report1, { topicId: counted.id, keepOut: true });
    await write("report5", "wellbeing", "report5 joins in late");
    await endReportingLine(who.admin, { lineId: await lineOf("report2"), activeTo: themeWindow(4).from });
    await erasePerson(who.admin, { userId: who.report3.id, confirmEmail: "report3@demo.test", dryRun: false });
    expect(await shownToEveryone()).toEqual(before);
    const frozenRows = await t.db.select({ n: count() }).from(themeWeekCounts);
    expect(await shownToEveryone(NEXT_WEEK)).toEqual(before);
    expect(await t.db.select({ n: count() }).from(themeWeekCounts)).toEqual(frozenRows);
  });

  it("still shows a frozen category only where enough reports contribute, at the threshold read now", async () => {
    expect((await themes(who.admin, "org")).map((c) => c.category)).not.toContain("productivity");
    await t.db.update(organizations).set({ themeThreshold: 5 }).where(eq(organizations.id, who.admin.orgId));
    expect(await themes(who.admin, "org")).toEqual([]);
    await t.db.update(organizations).set({ themeThreshold: 4 }).where(eq(organizations.id, who.admin.orgId));
    expect((await themes(who.admin, "org")).map((c) => c.category)).toEqual(["wellbeing", "career_growth"]);
    await t.db.update(organizations).set({ themeThreshold: 3 }).where(eq(organizations.id, who.admin.orgId));
  });

  it("freezes each week once when many read it at the same moment, and they all see the same counts", async () => {
    await forgetFrozenThemes(t.db);
    const seen = await Promise.all([
      ...Array.from({ length: 4 }, () => themes(who.admin, "org")),
      ...Array.from({ length: 4 }, () => themes(who.secondAdmin, "org")),
    ]);
    for (const s of seen) expect(s).toEqual(seen[0]);
    expect((await t.db.select({ n: count() }).from(themeWeeks).where(eq(themeWeeks.orgId, who.admin.orgId)))[0].n).toBe(4);
  });
});
