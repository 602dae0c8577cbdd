import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, coveringAssignments, outbox, reportingLines, users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { getAccessLogPage } from "./access-log";
import { assignCovering } from "./covering";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";
import { addTopic } from "./topics";

describe("covering managers: who may be named, for how long, and who hears of it", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  /** Gives `lead` a current report of their own (a fresh person), so they may cover. */
  const giveReport = async (lead: Actor) => {
    const [person] = await t.db
      .insert(users)
      .values({ orgId: lead.orgId, email: `intern-of-${lead.email}`, name: `Intern of ${lead.name}` })
      .returning({ id: users.id });
    const [line] = await t.db
      .insert(reportingLines)
      .values({ orgId: lead.orgId, managerId: lead.id, reportId: person.id, activeFrom: utcDay(-10) })
      .returning({ id: reportingLines.id });
    return line.id;
  };
  const input = (over: Partial<{ coveringManagerId: string; startsOn: string; endsOn: string }> = {}) => ({
    seriesId,
    coveringManagerId: who.manager2.id,
    startsOn: utcDay(0),
    endsOn: utcDay(13),
    ...over,
  });
  const fieldsOfRefusal = async (actor: Actor, over: Parameters<typeof input>[0]) =>
    Object.keys((await expectRefusedUnchanged(t.db, () => assignCovering(actor, input(over)), "invalid")).fieldErrors ?? {}).sort();

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    await addTopic(who.report1, { seriesId, text: "marker-topic-text I want a raise", kind: "strategic", category: "career_growth" });
    // The admin manages a report too: refusing them is about naming themselves, not about that.
    await giveReport(who.admin);
  });

  it("offers only people who manage reports of their own, never the pair or the person asking", async () => {
    const candidates = async (actor: Actor, people: { query?: string; limit?: number } = {}) =>
      (await loadSeriesWorkspace(actor, seriesId, people)).covering.candidates;
    expect((await candidates(who.manager)).map((p) => p.name).sort()).toEqual(["Grace Whitfield", "Marcus Bennett"]);
    // An admin is offered only people who have managed a report of their own for 30 days: the demo's lines are today's.
    expect(await candidates(who.admin)).toEqual([]);
    expect((await candidates(who.manager, { query: "marcus" })).map((p) => p.name)).toEqual(["Marcus Bennett"]);
    expect(await candidates(who.manager, { query: "report" })).toEqual([]);
    expect(await candidates(who.manager, { limit: 1 })).toHaveLength(1);
  });

  it.each([
    // The report is in the series but may not name anyone; the others are not told it exists.
    ["the report", "report1@demo.test", "forbidden"],
    ["another report", "report2@demo.test", "not_found"],
    ["the manager of another pair", "manager2@demo.test", "not_found"],
  ] as const)("refuses %s naming anyone, changing nothing", async (_, email, code) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => assignCovering(actor, input()), code);
    // The report sees the series page but is offered nobody to name; the others do not see it at all.
    if (email === "report1@demo.test") expect((await loadSeriesWorkspace(actor, seriesId)).covering.candidates).toEqual([]);
    else await expectRefusedUnchanged(t.db, () => loadSeriesWorkspace(actor, seriesId), "not_found");
  });

  it("refuses an admin naming themselves, even though they manage a report, changing nothing", async () => {
    // (and the manager is not on leave, which an admin's naming needs too)
    expect(await fieldsOfRefusal(who.admin, { coveringManagerId: who.admin.id })).toEqual(["coveringManagerId", "startsOn"]);
  });

  it("refuses the manager naming themselves, a plain report, or the series' report, changing nothing", async () => {
    expect(await fieldsOfRefusal(who.manager, { coveringManagerId: who.manager.id })).toEqual(["coveringManagerId"]);
    expect(await fieldsOfRefusal(who.manager, { coveringManagerId: who.report2.id })).toEqual(["coveringManagerId"]);
    expect(await fieldsOfRefusal(who.manager, { coveringManagerId: who.report1.id })).toEqual(["coveringManagerId"]);
    expect(await fieldsOfRefusal(who.admin, { coveringManagerId: who.manager.id })).toEqual(["coveringManagerId", "startsOn"]);
  });

  it("refuses a range in the past, longer than 92 days, in year 0000 or 9999, with field errors", async () => {
    expect(await fieldsOfRefusal(who.manager, { startsOn: utcDay(-3), endsOn: utcDay(5) })).toEqual(["startsOn"]);
    expect(await fieldsOfRefusal(who.manager, { startsOn: utcDay(0), endsOn: utcDay(92) })).toEqual(["endsOn"]);
    expect(await fieldsOfRefusal(who.manager, { startsOn: "0000-01-01", endsOn: "0000-01-31" })).toEqual(["startsOn"]);
    expect(await fieldsOfRefusal(who.manager, { startsOn: utcDay(0), endsOn: "9999-12-31" })).toEqual(["endsOn"]);
    expect(await fieldsOfRefusal(who.manager, { startsOn: "9999-12-01", endsOn: "9999-12-31" })).toEqual(["startsOn"]);
  });

  it("accepts an eligible manager for up to 92 days; the report sees who and when; both get a mail without content", async () => {
    const mailsBefore = await t.db.select({ id: outbox.id }).from(outbox);
    await assignCovering(who.manager, input({ startsOn: utcDay(0), endsOn: utcDay(91) }));
    expect((await loadSeriesWorkspace(who.report1, seriesId)).covering.assignments).toMatchObject([
      { name: "Marcus Bennett", startsOn: utcDay(0), endsOn: utcDay(91), holds: true },
    ]);
    const log = await getAccessLogPage(who.report1, { page: 1 });
    expect(log.important.map((e) => `${e.action}: ${e.subject}`)).toContain(`named a covering manager: Marcus Bennett, ${utcDay(0)} to ${utcDay(91)}`);
    const mails = (await t.db.select().from(outbox)).filter((m) => !mailsBefore.some((b) => b.id === m.id));
    expect(mails.map((m) => m.toAddress).sort()).toEqual(["manager2@demo.test", "report1@demo.test"]);
    for (const m of mails) {
      expect(m.body).toContain(`from ${utcDay(0)} to ${utcDay(91)}`);
      expect(m.body).toContain(`/series/${seriesId}`);
      expect(`${m.subject}\n${m.body}`).not.toMatch(/marker-topic-text|raise/);
    }
    expect(mails.find((m) => m.toAddress === "report1@demo.test")?.body).toContain("Marcus Bennett will cover your one-on-ones with Priya Raman");
    expect((await loadSeriesWorkspace(who.manager2, seriesId)).full).toBeTruthy();
  });

  it("grants nothing once the covering manager no longer manages anyone, on the very next request", async () => {
    const lines = await t.db.select().from(reportingLines).where(eq(reportingLines.managerId, who.manager2.id));
    await t.db
      .update(reportingLines)
      .set({ activeTo: utcDay(0) })
      .where(eq(reportingLines.managerId, who.manager2.id));
    await expect(loadSeriesWorkspace(who.manager2, seriesId)).rejects.toMatchObject({ code: "not_found" });
    expect((await loadSeriesWorkspace(who.report1, seriesId)).covering.assignments[0].holds).toBe(false);
    for (const l of lines) await t.db.update(reportingLines).set({ activeTo: l.activeTo }).where(eq(reportingLines.id, l.id));
    expect((await loadSeriesWorkspace(who.manager2, seriesId)).full).toBeTruthy();
  });

  it("grants nothing to a stored assignment that breaks the rule (a plain report, self-named, too long)", async () => {
    const other = await actorOf(t.db, "report3@demo.test");
    const [{ seriesId: s3 }] = await startSeries(who.manager, seriesInput({ reportIds: [other.id] }));
    const insert = (values: Partial<typeof coveringAssignments.$inferInsert>) =>
      t.db
        .insert(coveringAssignments)
        .values({ seriesId: s3, coveringManagerId: who.report2.id, startsOn: utcDay(-1), endsOn: utcDay(5), createdBy: who.manager.id, ...values })
        .returning({ id: coveringAssignments.id });
    const [plain] = await insert({});
    await expect(loadSeriesWorkspace(who.report2, s3)).rejects.toMatchObject({ code: "not_found" });
    await t.db.delete(coveringAssignments).where(eq(coveringAssignments.id, plain.id));
    const [self] = await insert({ coveringManagerId: who.admin.id, createdBy: who.admin.id });
    expect((await loadSeriesWorkspace(who.admin, s3)).full).toBeFalsy();
    await t.db.delete(coveringAssignments).where(eq(coveringAssignments.id, self.id));
    await insert({ coveringManagerId: who.manager2.id, startsOn: utcDay(-50), endsOn: utcDay(50) });
    await expect(loadSeriesWorkspace(who.manager2, s3)).rejects.toMatchObject({ code: "not_found" });
    expect(
      await t.db
        .select()
        .from(accessLog)
        .where(and(eq(accessLog.reportId, other.id), eq(accessLog.actorId, who.manager2.id))),
    ).toEqual([]);
  });
});
