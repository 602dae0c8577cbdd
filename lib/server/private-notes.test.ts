import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, coveringAssignments, privateNotes, reportingLines, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { getMeetingPage, saveAgenda } from "./agenda";
import { assignCovering, endCovering, listCovering } from "./covering";
import { getMyPrivateNote, savePrivateNote } from "./private-notes";
import { getDashboard, getSeriesPage, startSeries } from "./series";

const note = (meetingId: string, text: string, baseVersion = 0) => ({ meetingId, baseVersion, content: JSON.stringify(paragraphDoc(text)) });

describe("private notes, covering managers and losing access", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let meetingId = "";
  let seriesId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId, seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it("gives the manager and the report each their own note, empty at first", async () => {
    expect(await getMyPrivateNote(who.manager, meetingId)).toMatchObject({ version: 0, content: { type: "doc" } });
    await savePrivateNote(who.manager, note(meetingId, "manager only: worried about burnout"));
    await savePrivateNote(who.report1, note(meetingId, "report only: thinking about leaving"));
    expect(await getMyPrivateNote(who.manager, meetingId)).toMatchObject({ version: 1, content: paragraphDoc("manager only: worried about burnout") });
    expect(await getMyPrivateNote(who.report1, meetingId)).toMatchObject({ version: 1, content: paragraphDoc("report only: thinking about leaving") });
    const rows = await t.db.select().from(privateNotes).where(eq(privateNotes.meetingId, meetingId));
    expect(rows.map((r) => [r.authorId, r.searchText]).sort()).toEqual(
      [[who.manager.id, "manager only: worried about burnout"], [who.report1.id, "report only: thinking about leaving"]].sort(),
    );
  });

  it("keeps the notes out of the shared agenda", async () => {
    const page = await getMeetingPage(who.report1, meetingId);
    expect(JSON.stringify(page)).not.toContain("burnout");
    expect(JSON.stringify(await getMeetingPage(who.manager, meetingId))).not.toContain("leaving");
  });

  it("saves the next version and refuses a stale one with the author's own newer text", async () => {
    await savePrivateNote(who.manager, note(meetingId, "manager v2", 1));
    const error = await expectRefusedUnchanged(t.db, () => savePrivateNote(who.manager, note(meetingId, "stale", 1)), ["conflict"]);
    expect(error.details).toEqual({ content: paragraphDoc("manager v2"), version: 2 });
    await expectRefusedUnchanged(t.db, () => savePrivateNote(who.manager, note(meetingId, "again from zero", 0)), ["conflict"]);
  });

  it.each([
    ["a signed-out visitor", null],
    ["another report", "report9@demo.test"],
    ["a report of another pair of the same manager", "report2@demo.test"],
    ["the manager of another pair", "manager2@demo.test"],
    ["the org admin", "admin@demo.test"],
  ])("refuses %s reading or writing private notes on the meeting, changing nothing", async (_, email) => {
    const actor = email ? await actorOf(t.db, email) : null;
    await expectRefusedUnchanged(t.db, () => getMyPrivateNote(actor, meetingId));
    await expectRefusedUnchanged(t.db, () => savePrivateNote(actor, note(meetingId, "intruder")));
  });

  it("refuses a document the editor does not allow, storing nothing", async () => {
    const before = await dumpAll(t.db);
    const error = await savePrivateNote(who.report1, { meetingId, baseVersion: 1, content: "<script>x</script>" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors?.content).toHaveLength(1);
    expect(await dumpAll(t.db)).toEqual(before);
  });

  describe("a covering manager", () => {
    let assignmentId = "";
    it("is refused the meeting before anyone names them", async () => {
      await expect(getMeetingPage(who.manager2, meetingId)).rejects.toMatchObject({ code: "not_found" });
    });

    it.each([
      ["a signed-out visitor", null],
      ["the report", "report1@demo.test"],
      ["the manager of another pair", "manager2@demo.test"],
    ])("cannot be named by %s, changing nothing", async (_, email) => {
      const actor = email ? await actorOf(t.db, email) : null;
      const input = { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) };
      await expectRefusedUnchanged(t.db, () => assignCovering(actor, input));
    });

    it("refuses the report or a past range as the covering manager with field errors", async () => {
      const own = { seriesId, coveringManagerId: who.report1.id, startsOn: utcDay(0), endsOn: utcDay(7) };
      expect((await expectRefusedUnchanged(t.db, () => assignCovering(who.manager, own), ["invalid"])).fieldErrors).toHaveProperty("coveringManagerId");
      const past = { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(-9), endsOn: utcDay(-2) };
      expect((await expectRefusedUnchanged(t.db, () => assignCovering(who.manager, past), ["invalid"])).fieldErrors).toHaveProperty("startsOn");
    });

    it("is named by the manager; the grant is in the report's access log", async () => {
      ({ id: assignmentId } = await assignCovering(who.manager, { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) }));
      expect((await listCovering(who.report1, seriesId)).assignments).toMatchObject([{ name: "Marcus Bennett", startsOn: utcDay(0), endsOn: utcDay(7) }]);
      const log = await t.db.select().from(accessLog).where(eq(accessLog.reportId, who.report1.id));
      expect(log.map((l) => l.action)).toContain("named a covering manager");
    });

    it("works with the shared agenda in range, sees the series on the dashboard, and each read is logged", async () => {
      const page = await getMeetingPage(who.manager2, meetingId);
      expect(page.relation).toBe("covering");
      await saveAgenda(who.manager2, { meetingId, baseVersion: page.version, content: JSON.stringify(paragraphDoc("covering agenda")) });
      const dash = await getDashboard(who.manager2);
      expect(dash.asManager.map((i) => i.seriesId)).toContain(seriesId);
      expect(dash.asManager.find((i) => i.seriesId === seriesId)?.withName).toMatch(/covering for Priya Raman/);
      const log = await t.db.select().from(accessLog).where(and(eq(accessLog.reportId, who.report1.id), eq(accessLog.actorId, who.manager2.id)));
      expect(log.map((l) => l.action)).toContain("opened a meeting (covering)");
    });

    it("keeps separate notes, and never reads the manager's or the report's", async () => {
      const mine = await getMyPrivateNote(who.manager2, meetingId);
      expect(mine.version).toBe(0);
      expect(JSON.stringify(mine)).not.toMatch(/manager v2|leaving/);
      await savePrivateNote(who.manager2, note(meetingId, "covering's own"));
      expect(await getMyPrivateNote(who.manager2, meetingId)).toMatchObject({ content: paragraphDoc("covering's own") });
      expect(await getMyPrivateNote(who.manager, meetingId)).toMatchObject({ content: paragraphDoc("manager v2") });
    });

    it("loses access on the very next request once the range is over", async () => {
      await t.db.update(coveringAssignments).set({ startsOn: utcDay(-7), endsOn: utcDay(-1) }).where(eq(coveringAssignments.id, assignmentId));
      await expect(getMeetingPage(who.manager2, meetingId)).rejects.toMatchObject({ code: "not_found" });
      await expect(getMyPrivateNote(who.manager2, meetingId)).rejects.toMatchObject({ code: "not_found" });
      expect((await getDashboard(who.manager2)).asManager.map((i) => i.seriesId)).not.toContain(seriesId);
    });

    it("can be ended by an org admin, with access gone at once", async () => {
      await t.db.update(coveringAssignments).set({ startsOn: utcDay(0), endsOn: utcDay(5) }).where(eq(coveringAssignments.id, assignmentId));
      expect((await getMeetingPage(who.manager2, meetingId)).relation).toBe("covering");
      await expectRefusedUnchanged(t.db, () => endCovering(who.report1, { assignmentId }));
      await endCovering(who.admin, { assignmentId });
      await expect(getMeetingPage(who.manager2, meetingId)).rejects.toMatchObject({ code: "not_found" });
    });
  });

  it("drops the manager of an ended reporting line on the very next request, notes included", async () => {
    await t.db.update(reportingLines).set({ activeTo: utcDay(0) }).where(eq(reportingLines.reportId, who.report1.id));
    await expect(getMeetingPage(who.manager, meetingId)).rejects.toMatchObject({ code: "not_found" });
    await expect(getMyPrivateNote(who.manager, meetingId)).rejects.toMatchObject({ code: "not_found" });
    expect((await getMyPrivateNote(who.report1, meetingId)).version).toBe(1);
    await t.db.update(reportingLines).set({ activeTo: null }).where(eq(reportingLines.reportId, who.report1.id));
  });

  it("drops an admin to a member on the very next request: no more series metadata", async () => {
    expect((await getSeriesPage(who.admin, seriesId)).relation).toBe("admin");
    await t.db.update(users).set({ orgRole: "member" }).where(eq(users.id, who.admin.id));
    const demoted = await actorOf(t.db, "admin@demo.test");
    await expect(getSeriesPage(demoted, seriesId)).rejects.toMatchObject({ code: "not_found" });
    await t.db.update(users).set({ orgRole: "admin" }).where(eq(users.id, who.admin.id));
  });
});
