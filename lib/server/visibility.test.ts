import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { coveringAssignments, organizations, reportingLines, scheduleChanges, series, users } from "@/db/schema";
import type { Actor, Relation } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { utcDay } from "@/test/fixtures";
import { relationTo } from "./access";
import { setActive } from "./accounts";
import { erasePerson } from "./erasure";
import { exportMyRecord } from "./export";
import { lineOfSeries } from "./lines";
import { getDashboard } from "./series";
import { seriesOfPairOn, seriesVisibleTo, visibleAs } from "./visibility";

// The SQL form of the relation rule (seriesVisibleTo) against the rule itself (lib/policy
// seriesRelation, through lib/server/access.ts relationTo, as every door asks it), on the same
// rows: every kind of person, every series, on days before, inside and after each line and range.
const DAYS = [-70, -30, -6, -5, -2, -1, 0, 1, 3, 5, 40];
const at = (offset: number) => new Date(`${utcDay(offset)}T12:00:00Z`);
const SEES: Relation[] = ["manager", "report", "covering"];

describe("the relation rule's one SQL form", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const seriesIds: Record<string, string> = {};

  beforeAll(async () => {
    const [org] = await t.db.insert(organizations).values({ name: "Visibility Co" }).returning({ id: organizations.id });
    const [elsewhere] = await t.db.insert(organizations).values({ name: "Visibility Elsewhere" }).returning({ id: organizations.id });
    const people: [string, string, "admin" | "member"][] = [
      ["manager", org.id, "member"],
      ["report", org.id, "member"],
      ["endedManager", org.id, "member"],
      ["newManager", org.id, "member"],
      ["movedReport", org.id, "member"],
      ["coverSoon", org.id, "member"],
      ["coverPast", org.id, "member"],
      ["coverSelfNamed", org.id, "member"],
      ["coverStopsManaging", org.id, "member"],
      ["coverTooLong", org.id, "member"],
      ["coverEndedLine", org.id, "member"],
      ["coverByAdmin", org.id, "member"],
      ["coverByAdminFreshLine", org.id, "member"],
      ["coverByAdminNoLeave", org.id, "member"],
      ["deactivated", org.id, "member"],
      ["deactivatedsReport", org.id, "member"],
      ["erased", org.id, "member"],
      ["erasedsReport", org.id, "member"],
      ["admin", org.id, "admin"],
      ["secondAdmin", org.id, "admin"],
      ["member", org.id, "member"],
      ["otherOrgAdmin", elsewhere.id, "admin"],
      ["otherOrgManager", elsewhere.id, "member"],
      ["otherOrgReport", elsewhere.id, "member"],
    ];
    for (const [name, orgId, orgRole] of people) {
      await t.db.insert(users).values({ orgId, orgRole, email: `${name.toLowerCase()}@visibility.test`, name });
      who[name] = await actorOf(t.db, `${name.toLowerCase()}@visibility.test`);
    }
    const line = async (manager: string, report: string, activeFrom: number, activeTo: number | null = null, recorded?: Date) => {
      const [row] = await t.db
        .insert(reportingLines)
        .values({
          orgId: who[manager].orgId,
          managerId: who[manager].id,
          reportId: who[report].id,
          activeFrom: utcDay(activeFrom),
          activeTo: activeTo === null ? null : utcDay(activeTo),
          ...(recorded ? { createdAt: recorded } : {}),
        })
        .returning({ id: reportingLines.id });
      return row.id;
    };
    const withSeries = async (key: string, lineId: string, createdBy: string) => {
      const [row] = await t.db
        .insert(series)
        .values({
          reportingLineId: lineId,
          cadence: "weekly",
          weekday: 2,
          startMinutes: 540,
          durationMinutes: 30,
          timeZone: "UTC",
          format: "structured",
          createdBy: who[createdBy].id,
        })
        .returning({ id: series.id });
      seriesIds[key] = row.id;
    };
    await withSeries("pair", await line("manager", "report", -60), "manager");
    // A line that ends in three days, and the report's next line from then on.
    await withSeries("endingLine", await line("endedManager", "movedReport", -60, 3), "endedManager");
    await withSeries("nextLine", await line("newManager", "movedReport", 3), "newManager");
    await withSeries("deactivatedLeads", await line("deactivated", "deactivatedsReport", -60), "deactivated");
    await withSeries("deactivatedReports", await line("manager", "deactivated", -60), "manager");
    await withSeries("erasedLeads", await line("erased", "erasedsReport", -60), "erased");
    await withSeries("otherOrg", await line("otherOrgManager", "otherOrgReport", -60), "otherOrgManager");
    // Only someone who manages reports of their own can cover: each covering person leads an intern.
    const intern = async (lead: string, activeTo: number | null = null, recorded?: Date) => {
      const name = `internOf${lead}`;
      await t.db.insert(users).values({ orgId: who[lead].orgId, email: `${name.toLowerCase()}@visibility.test`, name });
      who[name] = await actorOf(t.db, `${name.toLowerCase()}@visibility.test`);
      await line(lead, name, -100, activeTo, recorded);
    };
    for (const lead of ["coverSoon", "coverPast", "coverSelfNamed", "coverTooLong", "coverEndedLine", "erased", "admin"]) await intern(lead);
    await intern("coverStopsManaging", -2);
    // An admin's naming needs a line of the person's own recorded 30 days ago: a backdated line of today is not one.
    await intern("coverByAdmin", null, at(-100));
    await intern("coverByAdminNoLeave", null, at(-100));
    await intern("coverByAdminFreshLine");
    await line("otherOrgManager", "otherOrgAdmin", -100);
    const cover = (person: string, key: string, startsOn: number, endsOn: number, createdBy = "manager", namedAt?: Date) =>
      t.db.insert(coveringAssignments).values({
        ...(namedAt ? { createdAt: namedAt } : {}),
        seriesId: seriesIds[key],
        coveringManagerId: who[person].id,
        startsOn: utcDay(startsOn),
        endsOn: utcDay(endsOn),
        createdBy: who[createdBy].id,
      });
    await cover("coverSoon", "pair", 1, 5);
    await cover("coverPast", "pair", -10, -1);
    await cover("coverSelfNamed", "pair", -5, 5, "coverSelfNamed");
    await cover("coverStopsManaging", "pair", -6, 5);
    await cover("coverTooLong", "pair", -50, 50);
    await cover("coverEndedLine", "endingLine", -5, 10, "endedManager");
    await cover("erased", "pair", -6, 5);
    await cover("otherOrgManager", "pair", -5, 5);
    await cover("admin", "nextLine", 3, 10, "newManager");
    // The admin's namings: the pair's manager is on leave from day -2 to 12, the ending line's is not.
    // Named an hour before noon today, so access begins an hour before noon tomorrow.
    const undo = { meetings: [], createdMeetingIds: [], carriedTopicIds: [], carriedActionItemIds: [], originalTopicIds: [], coveringAssignmentIds: [] };
    await t.db
      .insert(scheduleChanges)
      .values({ orgId: org.id, kind: "leave", actorId: who.manager.id, personId: who.manager.id, startsOn: utcDay(-2), endsOn: utcDay(12), undo });
    const namedAt = new Date(at(0).getTime() - 3600_000);
    await cover("coverByAdmin", "pair", 0, 10, "admin", namedAt);
    await cover("coverByAdminFreshLine", "pair", 0, 10, "admin", namedAt);
    await cover("coverByAdminNoLeave", "endingLine", 0, 2, "admin", namedAt);
    // Deactivation and erasure end the lines the person manages today (lib/server/accounts.ts).
    await setActive(who.admin, { userId: who.deactivated.id, active: false });
    const [erased] = await t.db.select({ email: users.email }).from(users).where(eq(users.id, who.erased.id));
    await erasePerson(who.secondAdmin, { userId: who.erased.id, confirmEmail: erased.email, dryRun: false });
    // Each as the database now holds them (erasure renamed one and took any role away).
    for (const name of ["deactivated", "erased"]) {
      const [row] = await t.db.select({ email: users.email }).from(users).where(eq(users.id, who[name].id));
      who[name] = await actorOf(t.db, row.email);
    }
  });

  const asked = new Map<string, Record<string, Relation>>();
  const policyOn = async (actor: Actor, offset: number) => {
    const known = asked.get(`${actor.id} ${offset}`);
    if (known) return known;
    const out: Record<string, Relation> = {};
    for (const [key, id] of Object.entries(seriesIds)) out[key] = (await relationTo(t.db, actor, id, at(offset))).relation;
    asked.set(`${actor.id} ${offset}`, out);
    return out;
  };
  const sqlOn = async (actor: Actor, offset: number, where: typeof seriesVisibleTo) => {
    const rows = await t.db
      .select({ id: series.id, managerId: reportingLines.managerId, reportId: reportingLines.reportId })
      .from(series)
      .innerJoin(reportingLines, lineOfSeries)
      .where(where(actor, utcDay(offset), at(offset)));
    const keyOf = Object.fromEntries(Object.entries(seriesIds).map(([k, id]) => [id, k]));
    return Object.fromEntries(rows.map((r) => [keyOf[r.id], visibleAs(actor, r)]));
  };

  it("opens exactly the series the policy opens, as the same relation, to every kind of person on every day", async () => {
    const disagreements: string[] = [];
    let seen = 0;
    for (const [name, actor] of Object.entries(who)) {
      for (const offset of DAYS) {
        const policy = await policyOn(actor, offset);
        const expected = Object.fromEntries(Object.entries(policy).filter(([, r]) => SEES.includes(r)));
        const got = await sqlOn(actor, offset, seriesVisibleTo);
        seen += Object.keys(expected).length;
        if (JSON.stringify(got, Object.keys(got).sort()) !== JSON.stringify(expected, Object.keys(expected).sort())) {
          disagreements.push(`${name} on day ${offset}: policy ${JSON.stringify(expected)}, SQL ${JSON.stringify(got)}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // The fixture really opens series on some days and closes them on others.
    expect(seen).toBeGreaterThan(60);
  });

  it("gives the pair's own record (the export's series) exactly to the policy's manager and report", async () => {
    const disagreements: string[] = [];
    for (const [name, actor] of Object.entries(who)) {
      for (const offset of DAYS) {
        const policy = await policyOn(actor, offset);
        const expected = Object.keys(policy).filter((k) => policy[k] === "manager" || policy[k] === "report");
        const got = Object.keys(await sqlOn(actor, offset, seriesOfPairOn));
        if (got.sort().join() !== expected.sort().join()) disagreements.push(`${name} on day ${offset}: policy ${expected}, SQL ${got}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("has the ended-access people the rule is about: each was let in on an earlier day and is kept out today", async () => {
    const today = (name: string) => policyOn(who[name], 0);
    const before = (name: string, offset: number) => policyOn(who[name], offset);
    expect((await before("endedManager", 0)).endingLine).toBe("manager");
    expect((await before("endedManager", 5)).endingLine).toBe("none");
    expect((await before("coverPast", -5)).pair).toBe("covering");
    expect((await today("coverPast")).pair).toBe("none");
    expect((await before("coverSoon", 1)).pair).toBe("covering");
    expect((await today("coverSoon")).pair).toBe("none");
    expect((await before("coverStopsManaging", -5)).pair).toBe("covering");
    expect((await today("coverStopsManaging")).pair).toBe("none");
    expect((await before("deactivated", -1)).deactivatedLeads).toBe("manager");
    expect((await today("deactivated")).deactivatedLeads).toBe("none");
    expect((await before("erased", -1)).erasedLeads).toBe("manager");
    expect((await before("erased", -1)).pair).toBe("covering");
    expect(Object.values(await today("erased"))).not.toContain("manager");
    expect(Object.values(await today("erased"))).not.toContain("covering");
    expect((await today("admin")).pair).toBe("admin");
    // An admin's naming: nothing for 24 hours, then the range; never without the leave or 30 days of managing.
    expect((await today("coverByAdmin")).pair).toBe("none");
    expect((await before("coverByAdmin", 1)).pair).toBe("covering");
    expect((await before("coverByAdmin", 5)).pair).toBe("covering");
    for (const offset of [0, 1, 5]) {
      expect((await before("coverByAdminFreshLine", offset)).pair).toBe("none");
      expect((await before("coverByAdminNoLeave", offset)).endingLine).toBe("none");
    }
    expect((await today("otherOrgManager")).pair).toBe("none");
  });

  it("lists on the dashboard exactly the series the policy opens, for every kind of person on every day", async () => {
    const disagreements: string[] = [];
    for (const [name, actor] of Object.entries(who)) {
      for (const offset of DAYS) {
        const policy = await policyOn(actor, offset);
        const expected = Object.keys(policy).filter((k) => SEES.includes(policy[k]));
        const dashboard = await getDashboard(actor, at(offset));
        const keyOf = Object.fromEntries(Object.entries(seriesIds).map(([k, id]) => [id, k]));
        const got = [...dashboard.asManager, ...dashboard.asReport].map((i) => keyOf[i.seriesId]);
        if (got.sort().join() !== expected.sort().join()) disagreements.push(`${name} on day ${offset}: policy ${expected}, dashboard ${got}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("exports today exactly the series the person is the policy's manager or report of, and nothing of another pair", async () => {
    const keyOf = Object.fromEntries(Object.entries(seriesIds).map(([k, id]) => [id, k]));
    const disagreements: string[] = [];
    for (const [name, actor] of Object.entries(who)) {
      const policy = await policyOn(actor, 0);
      const expected = Object.keys(policy).filter((k) => policy[k] === "manager" || policy[k] === "report");
      const record = await exportMyRecord(actor);
      const got = record.series.map((s) => keyOf[s.seriesId]);
      if (got.sort().join() !== expected.sort().join()) disagreements.push(`${name}: policy ${expected}, export ${got}`);
      const text = JSON.stringify(record);
      for (const [key, id] of Object.entries(seriesIds))
        if (!expected.includes(key) && text.includes(id)) disagreements.push(`${name}'s export names series ${key}`);
    }
    expect(disagreements).toEqual([]);
  });
});
