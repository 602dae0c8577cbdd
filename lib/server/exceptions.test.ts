import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, organizations, outbox, reportingLines, safetyEscalations, shareRequests, topics } from "@/db/schema";
import { type Actor, themeWindow } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { writeNote } from "@/test/collab";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { forgetFrozenThemes } from "@/test/themes";
import { getMyAccessLog } from "./access-log";
import { countEscalationsByPerson, recordEscalation } from "./escalations";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";
import { decideShare, listShareRequests, listSharedWithMe, requestShare } from "./sharing";
import { getTeamThemes, setKeepOutOfThemes, setThemeThreshold } from "./themes";

// Outsiders have no relation to the series and are not told it exists; the admin has one but not the right.
const OUTSIDERS = [
  ["another report", "report9@demo.test", "not_found"],
  ["the manager of another pair", "manager2@demo.test", "not_found"],
  ["the org admin", "admin@demo.test", "forbidden"],
] as const;
const as = async (db: Parameters<typeof actorOf>[0], email: string) => actorOf(db, email);

describe("the three exceptions and the access log", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const series: Record<string, { seriesId: string; meetingId: string }> = {};
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report9", ...Array.from({ length: 8 }, (_, i) => `report${i + 1}`)]) {
      who[name] = await actorOf(t.db, `${name}@demo.test`);
    }
    const created = await startSeries(who.manager, seriesInput({ reportIds: [] }));
    for (const c of created) {
      const name = Object.keys(who).find((k) => who[k].name === c.reportName)!;
      series[name] = { seriesId: c.seriesId, meetingId: c.meetingId };
    }
    await writeNote(who.manager, series.report1.meetingId, paragraphDoc("Jonas asked for a raise. He wants to lead the platform team."));
  });

  // Inside the last 4 whole weeks that ended at least a week ago (lib/policy themeWindow).
  const inWindow = new Date(`${themeWindow(4).from}T12:00:00Z`);
  const topic = async (name: string, category: "career_growth" | "wellbeing" | "productivity", text = `${name} ${category}`, createdAt = inWindow) => {
    const [row] = await t.db
      .insert(topics)
      .values({ meetingId: series[name].meetingId, seriesId: series[name].seriesId, authorId: who[name].id, text, category, createdAt })
      .returning({ id: topics.id });
    return row.id;
  };

  describe("exception 1: team themes", () => {
    let keptOutId = "";
    beforeAll(async () => {
      // The demo's lines are as old as the test database: date them before the window, as real lines would be.
      await t.db.update(reportingLines).set({ activeFrom: utcDay(-120), createdAt: new Date(Date.now() - 120 * 86_400_000) });
      for (const name of ["report1", "report2", "report3", "report4", "report5"]) await topic(name, "career_growth");
      for (const name of ["report1", "report2", "report3"]) await topic(name, "wellbeing");
      keptOutId = await topic("report6", "wellbeing");
    });

    it("shows the manager counts only for categories with at least 5 reports, never text", async () => {
      const themes = await getTeamThemes(who.manager, { weeks: 4 });
      expect(themes).toMatchObject({ scope: "team", threshold: 5 });
      expect(themes.categories).toEqual([{ category: "career_growth", topics: 5, reports: 5 }]);
      expect(JSON.stringify(themes)).not.toMatch(/report1 career_growth/);
    });

    it("logs the count in each counted report's access log", async () => {
      expect((await getMyAccessLog(who.report3)).map((e) => e.action)).toContain("counted your topics' categories in team themes");
      expect((await getMyAccessLog(who.report6)).map((e) => e.action)).not.toContain("counted your topics' categories in team themes");
    });

    it("never counts a topic the report kept out", async () => {
      await setKeepOutOfThemes(who.report6, { topicId: keptOutId, keepOut: true });
      await t.db.update(organizations).set({ themeThreshold: 3 }).where(eq(organizations.id, who.admin.orgId));
      // Each read asks a window not read before: a window once read is frozen (themes-frozen.test.ts).
      await forgetFrozenThemes(t.db);
      const themes = await getTeamThemes(who.admin, { weeks: 4, scope: "org" });
      expect(themes.categories.find((c) => c.category === "wellbeing")).toEqual({ category: "wellbeing", topics: 3, reports: 3 });
      await setKeepOutOfThemes(who.report6, { topicId: keptOutId, keepOut: false });
      await forgetFrozenThemes(t.db);
      const again = await getTeamThemes(who.admin, { weeks: 4, scope: "org" });
      expect(again.categories.find((c) => c.category === "wellbeing")).toEqual({ category: "wellbeing", topics: 4, reports: 4 });
      await setKeepOutOfThemes(who.report6, { topicId: keptOutId, keepOut: true });
    });

    it("counts nothing outside the window: not this week, not last week, not before it", async () => {
      for (const name of ["report6", "report7", "report8"]) {
        await topic(name, "productivity", `${name} recent`, new Date());
        await topic(name, "productivity", `${name} last week`, new Date(`${themeWindow(4).to}T12:00:00Z`));
        await topic(name, "productivity", `${name} long ago`, new Date(Date.parse(`${themeWindow(4).from}T00:00:00Z`) - 1000));
      }
      await t.db.update(organizations).set({ themeThreshold: 3 }).where(eq(organizations.id, who.admin.orgId));
      await forgetFrozenThemes(t.db);
      expect((await getTeamThemes(who.manager, { weeks: 4 })).categories.map((c) => c.category)).not.toContain("productivity");
      await t.db.update(organizations).set({ themeThreshold: 5 }).where(eq(organizations.id, who.admin.orgId));
    });

    it("never goes below 3, whatever is stored or asked", async () => {
      await expectRefusedUnchanged(t.db, () => setThemeThreshold(who.manager, { threshold: 4 }), "forbidden");
      await setThemeThreshold(who.admin, { threshold: 2 });
      expect((await t.db.select().from(organizations).where(eq(organizations.id, who.admin.orgId)))[0].themeThreshold).toBe(3);
      await setThemeThreshold(who.admin, { threshold: 5 });
    });

    it.each([
      ["a report", "report1@demo.test"],
      ["a member who manages nobody", "report9@demo.test"],
    ])("refuses %s team themes", async (_, email) => {
      const actor = await as(t.db, email);
      await expectRefusedUnchanged(t.db, () => getTeamThemes(actor, { weeks: 4 }), "forbidden");
    });

    it("refuses a manager the whole org", async () => {
      await expectRefusedUnchanged(t.db, () => getTeamThemes(who.manager, { weeks: 4, scope: "org" }), "forbidden");
    });

    it("lets only the report of the pair set the switch, on a topic of their series", async () => {
      const id = await topic("report2", "productivity", "manager-added");
      // The manager and the admin know the series; report1 and manager2 are not told it exists.
      for (const [email, code] of [
        ["manager@demo.test", "forbidden"],
        ["report1@demo.test", "not_found"],
        ["admin@demo.test", "forbidden"],
        ["manager2@demo.test", "not_found"],
      ] as const) {
        const actor = await as(t.db, email);
        await expectRefusedUnchanged(t.db, () => setKeepOutOfThemes(actor, { topicId: id, keepOut: true }), code);
      }
      await setKeepOutOfThemes(who.report2, { topicId: id, keepOut: true });
      expect((await t.db.select().from(topics).where(eq(topics.id, id)))[0].keepOutOfThemes).toBe(true);
      expect((await loadMeetingWorkspace(who.report2, series.report2.meetingId)).themeChoices?.find((c) => c.id === id)?.keepOut).toBe(true);
      // The switch is the report's alone: the manager's page has no such panel.
      expect((await loadMeetingWorkspace(who.manager, series.report2.meetingId)).themeChoices).toBeNull();
    });
  });

  describe("exception 2: sharing with permission", () => {
    let requestId = "";
    const input = () => ({
      meetingId: series.report1.meetingId,
      source: "private_note" as const,
      excerpt: "He wants to lead the platform team.",
      recipientId: who.manager2.id,
      reason: "Marcus runs the platform team and is hiring a lead.",
    });

    it.each([...OUTSIDERS, ["the report", "report1@demo.test", "forbidden"]] as const)(
      "refuses %s asking to share, changing nothing",
      async (_, email, code) => {
        const actor = await as(t.db, email);
        await expectRefusedUnchanged(t.db, () => requestShare(actor, input()), code);
        // The report's page offers no request form; the others do not see the meeting's content at all.
        if (email === "report1@demo.test") expect((await loadMeetingWorkspace(actor, series.report1.meetingId)).shareChoices).toBeNull();
        else
          await expectRefusedUnchanged(
            t.db,
            () => loadMeetingWorkspace(actor, series.report1.meetingId),
            email === "admin@demo.test" ? "forbidden" : "not_found",
          );
      },
    );

    it("refuses an excerpt that is not in the note, or the report as recipient, with field errors", async () => {
      const bad = await expectRefusedUnchanged(t.db, () => requestShare(who.manager, { ...input(), excerpt: "He hates his team." }), "invalid");
      expect(bad.fieldErrors).toHaveProperty("excerpt");
      const self = await expectRefusedUnchanged(t.db, () => requestShare(who.manager, { ...input(), recipientId: who.report1.id }), "invalid");
      expect(self.fieldErrors).toHaveProperty("recipientId");
    });

    it("lists recipients by name, at most the asked number, narrowed by a name query, never the pair", async () => {
      const shareChoices = async (options: { query?: string; limit?: number } = {}) =>
        (await loadMeetingWorkspace(who.manager, series.report1.meetingId, options)).shareChoices!;
      const all = await shareChoices();
      const names = all.people.map((p) => p.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
      expect(all.people.map((p) => p.id)).not.toContain(who.manager.id);
      expect((await shareChoices({ limit: 3 })).people).toEqual(all.people.slice(0, 3));
      const found = await shareChoices({ query: who.manager2.name.slice(0, 5).toUpperCase() });
      expect(found.people.map((p) => p.id)).toContain(who.manager2.id);
      expect(found.people.every((p) => p.name.toLowerCase().includes(who.manager2.name.slice(0, 5).toLowerCase()))).toBe(true);
    });

    it("stores a pending request, logs it, and mails the report without the excerpt", async () => {
      expect((await loadMeetingWorkspace(who.manager, series.report1.meetingId)).shareChoices?.people.map((p) => p.id)).not.toContain(who.report1.id);
      await requestShare(who.manager, input());
      const [row] = await t.db.select().from(shareRequests);
      requestId = row.id;
      expect(row).toMatchObject({ status: "pending", frozenExcerpt: null, reportId: who.report1.id, recipientId: who.manager2.id });
      const mails = await t.db.select().from(outbox).where(eq(outbox.toAddress, who.report1.email));
      expect(mails).toHaveLength(1);
      expect(mails[0].body).not.toContain("platform team");
      expect((await getMyAccessLog(who.report1)).map((e) => e.action)).toContain("asked to share an excerpt");
    });

    it("shows nothing to the recipient while pending", async () => {
      expect(await listSharedWithMe(who.manager2)).toEqual([]);
    });

    it.each([...OUTSIDERS, ["the manager", "manager@demo.test", "not_found"]] as const)("refuses %s deciding, changing nothing", async (_, email) => {
      const actor = await as(t.db, email);
      // A share request is the report's own row (ownRowsOnly): to anyone else it does not exist, so
      // even the manager who asked and the org admin meet not_found, never a hint that it is there.
      await expectRefusedUnchanged(t.db, () => decideShare(actor, { requestId, decision: "approve" }), "not_found");
    });

    it("freezes the excerpt at approval and shows it to the named person alone", async () => {
      await decideShare(who.report1, { requestId, decision: "approve" });
      const [row] = await t.db.select().from(shareRequests).where(eq(shareRequests.id, requestId));
      expect(row).toMatchObject({ status: "approved", frozenExcerpt: "He wants to lead the platform team." });
      expect(await listSharedWithMe(who.manager2)).toMatchObject([{ excerpt: "He wants to lead the platform team.", requesterName: "Priya Raman" }]);
      for (const name of ["admin", "report9", "report1", "manager"]) expect(await listSharedWithMe(who[name])).toEqual([]);
      expect((await getMyAccessLog(who.report1)).map((e) => e.action)).toContain("read a shared excerpt");
    });

    it("makes a decision final", async () => {
      await expectRefusedUnchanged(t.db, () => decideShare(who.report1, { requestId, decision: "decline" }), "conflict");
    });

    it("shows the report every request with its outcome, and the manager theirs", async () => {
      await requestShare(who.manager, { ...input(), excerpt: "Jonas asked for a raise." });
      const pending = (await listShareRequests(who.report1)).aboutMe.find((r) => r.status === "pending")!;
      await decideShare(who.report1, { requestId: pending.id, decision: "decline" });
      const { aboutMe } = await listShareRequests(who.report1);
      expect(aboutMe.map((r) => r.status).sort()).toEqual(["approved", "declined"]);
      expect((await listShareRequests(who.manager)).byMe).toHaveLength(2);
      expect(await listShareRequests(who.manager2)).toEqual({ aboutMe: [], byMe: [] });
      expect(await listSharedWithMe(who.manager2)).toHaveLength(1);
    });
  });

  describe("exception 3: safety escalation", () => {
    it.each([...OUTSIDERS, ["the report", "report1@demo.test", "forbidden"]] as const)("refuses %s recording one, changing nothing", async (_, email, code) => {
      const actor = await as(t.db, email);
      await expectRefusedUnchanged(
        t.db,
        () => recordEscalation(actor, { seriesId: series.report1.seriesId, reason: "Said something worrying", confirm: "yes" }),
        code,
      );
    });

    it("is recorded by the manager, shown in the report's log, and counted (only) for the admin", async () => {
      await recordEscalation(who.manager, { seriesId: series.report1.seriesId, reason: "Mentioned not feeling safe at home", confirm: "yes" });
      const log = await getMyAccessLog(who.report1);
      expect(log.find((e) => e.action === "recorded a safety escalation")).toMatchObject({
        actorName: "Priya Raman",
        subject: "Mentioned not feeling safe at home",
      });
      const counts = await countEscalationsByPerson(who.admin);
      expect(counts).toEqual([{ reportId: who.report1.id, name: "Jonas Weber", count: 1 }]);
      expect(JSON.stringify(counts)).not.toContain("safe at home");
      for (const name of ["manager", "report1"]) await expectRefusedUnchanged(t.db, () => countEscalationsByPerson(who[name]), "forbidden");
    });

    it("cannot be changed or deleted, even directly in the database", async () => {
      await expect(t.db.execute(sql`update safety_escalations set reason = 'nothing happened'`)).rejects.toThrow();
      await expect(t.db.delete(safetyEscalations)).rejects.toThrow();
      expect((await t.db.select().from(safetyEscalations))[0].reason).toBe("Mentioned not feeling safe at home");
    });
  });

  describe("the access log", () => {
    it("is read by the report alone: others read only their own (empty) log", async () => {
      expect((await getMyAccessLog(who.report1)).length).toBeGreaterThan(0);
      const rows = await t.db.select().from(accessLog);
      expect(rows.every((r) => r.reportId !== who.manager.id)).toBe(true);
      expect(await getMyAccessLog(who.manager)).toEqual([]);
      expect(await getMyAccessLog(who.admin)).toEqual([]);
    });
  });
});
