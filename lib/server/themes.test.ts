import { and, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { organizations, reportingLines, topics, users } from "@/db/schema";
import { type Actor, themeWindow } from "@/lib/policy";
import { themesQuerySchema } from "@/lib/validation/confidentiality";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { forgetFrozenThemes } from "@/test/themes";
import { completeMeeting, startMeeting } from "./meetings";
import { startSeries } from "./series";
import { getTeamThemes, setKeepOutOfThemes } from "./themes";
import { addTopic } from "./topics";

const DAY = 86_400_000;

describe("team themes cannot be beaten: no fake contributors, each topic once, whole weeks", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const seriesOf: Record<string, string> = {};
  // A moment inside the last 4 whole weeks that ended at least a week ago.
  const inWindow = new Date(Date.parse(`${themeWindow(4).from}T00:00:00Z`) + 3 * DAY);
  const backdate = (id: string) => t.db.update(topics).set({ createdAt: inWindow }).where(eq(topics.id, id));
  const wellbeing = async (actor: Actor, seriesId: string, text: string) => {
    const row = await addTopic(actor, { seriesId, text, kind: "strategic", category: "wellbeing" });
    await backdate(row.id);
    return row.id;
  };
  // Each check asks what a window not read before counts: a window once read is frozen (themes-frozen.test.ts).
  const fresh = async (actor: Actor, scope: "org" | "team") => {
    await forgetFrozenThemes(t.db);
    return (await getTeamThemes(actor, { weeks: 4, scope })).categories;
  };
  const org = (actor: Actor) => fresh(actor, "org");

  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1", "report2", "report3"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    await t.db.update(organizations).set({ themeThreshold: 3 }).where(eq(organizations.id, who.admin.orgId));
    // Real lines exist long before the window, as they would in a real organization.
    await t.db.update(reportingLines).set({ activeFrom: utcDay(-120), createdAt: new Date(Date.now() - 120 * DAY) });
    for (const c of await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id, who.report2.id, who.report3.id] }))) {
      seriesOf[Object.keys(who).find((k) => who[k].name === c.reportName)!] = c.seriesId;
    }
  });

  it("shows no category to an admin who made two reporting lines to themselves beside one real contributor (threshold 3)", async () => {
    await wellbeing(who.report1, seriesOf.report1, "real concern");
    const fakes: Actor[] = [];
    for (const n of [1, 2]) {
      await t.db.insert(users).values({ orgId: who.admin.orgId, email: `fake${n}@demo.test`, name: `Fake ${n}` });
      const fake = await actorOf(t.db, `fake${n}@demo.test`);
      // Even dated back before the window, as a patient attacker might.
      await t.db
        .insert(reportingLines)
        .values({ orgId: who.admin.orgId, managerId: who.admin.id, reportId: fake.id, activeFrom: utcDay(-120), createdAt: new Date(Date.now() - 120 * DAY) });
      fakes.push(fake);
    }
    for (const c of await startSeries(who.admin, seriesInput({ reportIds: fakes.map((f) => f.id) }))) {
      await wellbeing(who.admin, c.seriesId, "written by the admin");
      const fake = fakes.find((f) => f.name === c.reportName)!;
      await wellbeing(fake, c.seriesId, "written as the fake report");
    }
    expect(await org(who.admin)).toEqual([]);
    expect(await fresh(who.admin, "team")).toEqual([]);
  });

  it("shows the category once three real reports wrote topics in it, counting nobody else", async () => {
    await wellbeing(who.report2, seriesOf.report2, "second concern");
    await wellbeing(who.report3, seriesOf.report3, "third concern");
    expect(await org(who.admin)).toEqual([{ category: "wellbeing", topics: 3, reports: 3 }]);
  });

  it("never counts a topic the manager wrote in a report's series", async () => {
    await wellbeing(who.manager, seriesOf.report1, "manager's own topic");
    expect(await org(who.admin)).toEqual([{ category: "wellbeing", topics: 3, reports: 3 }]);
  });

  it("counts a carried-over topic once, and a 'keep out' on the copy keeps the original out", async () => {
    const [original] = await t.db
      .select()
      .from(topics)
      .where(and(eq(topics.seriesId, seriesOf.report1), eq(topics.text, "real concern")));
    await startMeeting(who.manager, { meetingId: original.meetingId });
    await completeMeeting(who.manager, { meetingId: original.meetingId });
    const [copy] = await t.db
      .select()
      .from(topics)
      .where(and(eq(topics.seriesId, seriesOf.report1), eq(topics.text, "real concern"), isNotNull(topics.carriedFromMeetingId)));
    expect(copy).toBeTruthy();
    await backdate(copy.id); // even a copy made inside the window is the same topic
    expect(await org(who.admin)).toEqual([{ category: "wellbeing", topics: 3, reports: 3 }]);
    await setKeepOutOfThemes(who.report1, { topicId: copy.id, keepOut: true });
    expect(await org(who.admin)).toEqual([]);
    await setKeepOutOfThemes(who.report1, { topicId: copy.id, keepOut: false });
  });

  it("never counts a line that began during the window, even with old-looking dates", async () => {
    await t.db.insert(users).values({ orgId: who.admin.orgId, email: "newcomer@demo.test", name: "Newcomer" });
    const newcomer = await actorOf(t.db, "newcomer@demo.test");
    await t.db.insert(reportingLines).values({ orgId: who.admin.orgId, managerId: who.manager.id, reportId: newcomer.id, activeFrom: utcDay(-120) });
    const [{ seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [newcomer.id] }));
    await t.db.update(organizations).set({ themeThreshold: 4 }).where(eq(organizations.id, who.admin.orgId));
    await wellbeing(newcomer, seriesId, "newcomer's concern");
    expect(await org(who.admin)).toEqual([]);
    await t.db.update(organizations).set({ themeThreshold: 3 }).where(eq(organizations.id, who.admin.orgId));
  });

  it("takes only whole-week periods: dates, garbage and other numbers are refused by the query schema", () => {
    for (const weeks of ["0000-01-01", "9999-12-31", "garbage", "3", "5", "-4", ""]) expect(themesQuerySchema.safeParse({ weeks }).success, weeks).toBe(false);
    expect(themesQuerySchema.safeParse({ weeks: "8", scope: "org" })).toMatchObject({ success: true, data: { weeks: 8, scope: "org" } });
    expect(themesQuerySchema.safeParse({ weeks: "4", scope: "everyone" }).success).toBe(false);
  });
});
