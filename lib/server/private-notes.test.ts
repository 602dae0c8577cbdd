import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, coveringAssignments, privateNotes, reportingLines, users } from "@/db/schema";
import * as Y from "yjs";
import { YJS_FIELD } from "@/lib/collab/names";
import type { Actor } from "@/lib/policy";
import { storedNoteText, writeAgenda, writeNote } from "@/test/collab";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { assignCovering, endCovering } from "./covering";
import { loadMeetingWorkspace } from "./meeting-page";
import { getDashboard, startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";

const note = (actor: Actor, meetingId: string, text: string) => writeNote(actor, meetingId, paragraphDoc(text));

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
    expect((await loadMeetingWorkspace(who.manager, meetingId)).note).toMatchObject({ version: 0, content: { type: "doc" } });
    await note(who.manager, meetingId, "manager only: worried about burnout");
    await note(who.report1, meetingId, "report only: thinking about leaving");
    expect((await loadMeetingWorkspace(who.manager, meetingId)).note).toMatchObject({
      version: 1,
      content: paragraphDoc("manager only: worried about burnout"),
    });
    expect((await loadMeetingWorkspace(who.report1, meetingId)).note).toMatchObject({
      version: 1,
      content: paragraphDoc("report only: thinking about leaving"),
    });
    const rows = await t.db.select().from(privateNotes).where(eq(privateNotes.meetingId, meetingId));
    // Stored sealed, with no search text in the clear; each row opens to its author's text.
    expect(rows.map((r) => r.searchText)).toEqual(["", ""]);
    expect(JSON.stringify(rows)).not.toMatch(/burnout|leaving/);
    expect((await Promise.all(rows.map(async (r) => [r.authorId, await storedNoteText(r)]))).sort()).toEqual(
      [
        [who.manager.id, "manager only: worried about burnout"],
        [who.report1.id, "report only: thinking about leaving"],
      ].sort(),
    );
  });

  it("keeps the notes out of the shared agenda", async () => {
    // Each page holds the viewer's own note, never the other's, and the agenda holds neither.
    const page = await loadMeetingWorkspace(who.report1, meetingId);
    expect(JSON.stringify(page)).not.toContain("burnout");
    expect(JSON.stringify(page.agenda)).not.toContain("leaving");
    const managers = await loadMeetingWorkspace(who.manager, meetingId);
    expect(JSON.stringify(managers)).not.toContain("leaving");
    expect(JSON.stringify(managers.agenda)).not.toContain("burnout");
  });

  it("stores the author's next edit as the next version, and only in their own note", async () => {
    await note(who.manager, meetingId, "manager v2");
    expect((await loadMeetingWorkspace(who.manager, meetingId)).note).toMatchObject({ version: 2, content: paragraphDoc("manager v2") });
    expect((await loadMeetingWorkspace(who.report1, meetingId)).note).toMatchObject({
      version: 1,
      content: paragraphDoc("report only: thinking about leaving"),
    });
  });

  it.each([
    ["another report", "report9@demo.test", "not_found"],
    ["a report of another pair of the same manager", "report2@demo.test", "not_found"],
    ["the manager of another pair", "manager2@demo.test", "not_found"],
    ["the org admin", "admin@demo.test", "forbidden"],
  ] as const)("refuses %s reading or writing private notes on the meeting, changing nothing", async (_, email, code) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(actor, meetingId), email === "admin@demo.test" ? "forbidden" : "not_found");
    await expectRefusedUnchanged(t.db, () => note(actor, meetingId, "intruder"), code);
  });

  it("refuses a document the editor does not allow, storing nothing", async () => {
    const script = (doc: Y.Doc) => {
      const node = new Y.XmlElement("script");
      node.insert(0, [new Y.XmlText("x")]);
      doc.getXmlFragment(YJS_FIELD).insert(0, [node]);
    };
    const error = await expectRefusedUnchanged(t.db, () => writeNote(who.report1, meetingId, script), "invalid");
    expect(error.fieldErrors?.content).toHaveLength(1);
  });

  describe("a covering manager", () => {
    let assignmentId = "";
    it("is refused the meeting before anyone names them", async () => {
      await expect(loadMeetingWorkspace(who.manager2, meetingId)).rejects.toMatchObject({ code: "not_found" });
    });

    it.each([
      ["the report", "report1@demo.test", "forbidden"],
      ["the manager of another pair", "manager2@demo.test", "not_found"],
    ] as const)("cannot be named by %s, changing nothing", async (_, email, code) => {
      const actor = await actorOf(t.db, email);
      const input = { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) };
      await expectRefusedUnchanged(t.db, () => assignCovering(actor, input), code);
    });

    it("refuses the report or a past range as the covering manager with field errors", async () => {
      const own = { seriesId, coveringManagerId: who.report1.id, startsOn: utcDay(0), endsOn: utcDay(7) };
      expect((await expectRefusedUnchanged(t.db, () => assignCovering(who.manager, own), "invalid")).fieldErrors).toHaveProperty("coveringManagerId");
      const past = { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(-9), endsOn: utcDay(-2) };
      expect((await expectRefusedUnchanged(t.db, () => assignCovering(who.manager, past), "invalid")).fieldErrors).toHaveProperty("startsOn");
    });

    it("is named by the manager; the grant is in the report's access log", async () => {
      ({ id: assignmentId } = await assignCovering(who.manager, { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) }));
      expect((await loadSeriesWorkspace(who.report1, seriesId)).covering.assignments).toMatchObject([
        { name: "Marcus Bennett", startsOn: utcDay(0), endsOn: utcDay(7) },
      ]);
      const log = await t.db.select().from(accessLog).where(eq(accessLog.reportId, who.report1.id));
      expect(log.map((l) => l.action)).toContain("named a covering manager");
    });

    it("works with the shared agenda in range, sees the series on the dashboard, and each read is logged", async () => {
      const page = await loadMeetingWorkspace(who.manager2, meetingId);
      expect(page.relation).toBe("covering");
      await writeAgenda(who.manager2, meetingId, paragraphDoc("covering agenda"));
      const dash = await getDashboard(who.manager2);
      expect(dash.asManager.map((i) => i.seriesId)).toContain(seriesId);
      expect(dash.asManager.find((i) => i.seriesId === seriesId)?.withName).toMatch(/covering for Priya Raman/);
      const log = await t.db
        .select()
        .from(accessLog)
        .where(and(eq(accessLog.reportId, who.report1.id), eq(accessLog.actorId, who.manager2.id)));
      expect(log.map((l) => l.action)).toContain("opened a meeting (covering)");
    });

    it("keeps separate notes, and never reads the manager's or the report's", async () => {
      const mine = (await loadMeetingWorkspace(who.manager2, meetingId)).note!;
      expect(mine.version).toBe(0);
      expect(JSON.stringify(mine)).not.toMatch(/manager v2|leaving/);
      await note(who.manager2, meetingId, "covering's own");
      expect((await loadMeetingWorkspace(who.manager2, meetingId)).note).toMatchObject({ content: paragraphDoc("covering's own") });
      expect((await loadMeetingWorkspace(who.manager, meetingId)).note).toMatchObject({ content: paragraphDoc("manager v2") });
    });

    it("loses access on the very next request once the range is over", async () => {
      await t.db
        .update(coveringAssignments)
        .set({ startsOn: utcDay(-7), endsOn: utcDay(-1) })
        .where(eq(coveringAssignments.id, assignmentId));
      await expect(loadMeetingWorkspace(who.manager2, meetingId)).rejects.toMatchObject({ code: "not_found" });
      expect((await getDashboard(who.manager2)).asManager.map((i) => i.seriesId)).not.toContain(seriesId);
    });

    it("can be ended by an org admin, with access gone at once", async () => {
      await t.db
        .update(coveringAssignments)
        .set({ startsOn: utcDay(0), endsOn: utcDay(5) })
        .where(eq(coveringAssignments.id, assignmentId));
      expect((await loadMeetingWorkspace(who.manager2, meetingId)).relation).toBe("covering");
      await expectRefusedUnchanged(t.db, () => endCovering(who.report1, { assignmentId }), "forbidden");
      await endCovering(who.admin, { assignmentId });
      await expect(loadMeetingWorkspace(who.manager2, meetingId)).rejects.toMatchObject({ code: "not_found" });
    });
  });

  it("drops the manager of an ended reporting line on the very next request, notes included", async () => {
    await t.db
      .update(reportingLines)
      .set({ activeTo: utcDay(0) })
      .where(eq(reportingLines.reportId, who.report1.id));
    await expect(loadMeetingWorkspace(who.manager, meetingId)).rejects.toMatchObject({ code: "not_found" });
    expect((await loadMeetingWorkspace(who.report1, meetingId)).note?.version).toBe(1);
    await t.db.update(reportingLines).set({ activeTo: null }).where(eq(reportingLines.reportId, who.report1.id));
  });

  it("drops an admin to a member on the very next request: no more series metadata", async () => {
    expect((await loadSeriesWorkspace(who.admin, seriesId)).relation).toBe("admin");
    await t.db.update(users).set({ orgRole: "member" }).where(eq(users.id, who.admin.id));
    const demoted = await actorOf(t.db, "admin@demo.test");
    await expect(loadSeriesWorkspace(demoted, seriesId)).rejects.toMatchObject({ code: "not_found" });
    await t.db.update(users).set({ orgRole: "admin" }).where(eq(users.id, who.admin.id));
  });
});
