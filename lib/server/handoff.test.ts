import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agendaDocuments, handoffGrants, meetings, reportingLines } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { createGoalSchema } from "@/lib/validation/goals";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { writeNote } from "@/test/collab";
import { goalDraft, paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { getMyAccessLog } from "./access-log";
import { exportMyRecord } from "./export";
import { getHandoffMeeting, getHandoffOptions, grantHandoff, listHandedToMe, revokeHandoff } from "./handoff";
import { createGoal } from "./goals";
import { startSeries } from "./series";

describe("handoff to a new manager, and the report's export", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let pastMeetingId = "";
  let seriesId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const [past] = await t.db
      .insert(meetings)
      .values({ seriesId, scheduledAt: new Date(Date.now() - 7 * 86_400_000), durationMinutes: 30, status: "completed" })
      .returning({ id: meetings.id });
    pastMeetingId = past.id;
    await t.db.insert(agendaDocuments).values({ meetingId: pastMeetingId, content: paragraphDoc("Past shared agenda"), updatedBy: who.manager.id });
    await writeNote(who.manager, pastMeetingId, paragraphDoc("old manager secret"));
    await writeNote(who.report1, pastMeetingId, paragraphDoc("report's own past note"));
  });

  it("exports the report's record with their own notes and never the manager's, and logs the export", async () => {
    const record = await exportMyRecord(who.report1);
    const text = JSON.stringify(record);
    expect(text).toContain("Past shared agenda");
    expect(text).toContain("report's own past note");
    expect(text).not.toContain("old manager secret");
    expect((await getMyAccessLog(who.report1)).map((e) => e.action)).toContain("exported your one-on-one record");
  });

  it("exports the manager's own series, their own note and the line's goals, never the report's note, and logs it for the report", async () => {
    await createGoal(who.manager, createGoalSchema.parse({ ...goalDraft({ title: "Lead the on-call review" }), seriesId }));
    const record = await exportMyRecord(who.manager);
    expect(record.series).toMatchObject([{ seriesId, myRole: "manager", reportName: "Jonas Weber" }]);
    const text = JSON.stringify(record);
    expect(text).toContain("Past shared agenda");
    expect(text).toContain("old manager secret");
    expect(text).not.toContain("report's own past note");
    expect(record.goals.map((g) => g.title)).toEqual(["Lead the on-call review"]);
    expect((await getMyAccessLog(who.report1)).map((e) => e.action)).toContain("exported the one-on-one record you share");
  });

  it("exports nothing of the pair for the admin or another report", async () => {
    for (const name of ["admin", "report9", "manager2"]) {
      const text = JSON.stringify(await exportMyRecord(who[name]));
      expect(text).not.toContain("Past shared agenda");
      expect(text).not.toContain("old manager secret");
      expect(text).not.toContain("Lead the on-call review");
    }
  });

  it("offers nothing to hand over while the line is current", async () => {
    expect((await getHandoffOptions(who.report1)).meetings).toEqual([]);
    await expectRefusedUnchanged(t.db, () => grantHandoff(who.report1, { meetingId: pastMeetingId }), "forbidden");
  });

  describe("after the line ends and a new one starts", () => {
    beforeAll(async () => {
      await t.db
        .update(reportingLines)
        .set({ activeTo: utcDay(0) })
        .where(eq(reportingLines.reportId, who.report1.id));
      await t.db.insert(reportingLines).values({ orgId: who.report1.orgId, managerId: who.manager2.id, reportId: who.report1.id, activeFrom: utcDay(0) });
    });

    it("refuses the new manager before the report grants anything", async () => {
      await expectRefusedUnchanged(t.db, () => getHandoffMeeting(who.manager2, pastMeetingId), "not_found");
    });

    it.each([
      ["the old manager", "manager@demo.test"],
      ["the new manager", "manager2@demo.test"],
      // A past meeting is granted from the report's own record: to anyone else it does not exist (not_found).
      ["the org admin", "admin@demo.test"],
      ["another report", "report9@demo.test"],
    ])("refuses %s granting the report's meeting, changing nothing", async (_, email) => {
      const actor = await actorOf(t.db, email);
      await expectRefusedUnchanged(t.db, () => grantHandoff(actor, { meetingId: pastMeetingId }), "not_found");
    });

    it("lets the report choose; the new manager then reads the shared agenda only, read-only, logged", async () => {
      const options = await getHandoffOptions(who.report1);
      expect(options.currentManager?.name).toBe("Marcus Bennett");
      expect(options.meetings).toMatchObject([{ meetingId: pastMeetingId, granted: false, managerName: "Priya Raman" }]);
      await grantHandoff(who.report1, { meetingId: pastMeetingId });
      expect(await t.db.select().from(handoffGrants)).toMatchObject([{ meetingId: pastMeetingId, granteeId: who.manager2.id, grantedBy: who.report1.id }]);
      expect(await listHandedToMe(who.manager2)).toMatchObject([{ meetingId: pastMeetingId, reportName: "Jonas Weber" }]);
      const meeting = await getHandoffMeeting(who.manager2, pastMeetingId);
      expect(meeting.content).toEqual(paragraphDoc("Past shared agenda"));
      expect(JSON.stringify(meeting)).not.toMatch(/old manager secret|report's own past note/);
      expect((await getMyAccessLog(who.report1)).map((e) => e.action)).toContain("read a handed-over agenda");
    });

    it.each([
      ["the old manager", "manager@demo.test"],
      // A handoff exists only for the person its grant names: to everyone else, the admin included, it does not exist.
      ["the org admin", "admin@demo.test"],
      ["another report", "report9@demo.test"],
    ])("gives %s nothing of a handed-over meeting", async (_, email) => {
      const actor = await actorOf(t.db, email);
      await expectRefusedUnchanged(t.db, () => getHandoffMeeting(actor, pastMeetingId), "not_found");
      expect(await listHandedToMe(actor)).toEqual([]);
    });

    it("refuses anyone but the report taking a grant back, then takes it back with access gone at once", async () => {
      await expectRefusedUnchanged(t.db, () => revokeHandoff(who.manager2, { meetingId: pastMeetingId }), "not_found");
      await revokeHandoff(who.report1, { meetingId: pastMeetingId });
      await expect(getHandoffMeeting(who.manager2, pastMeetingId)).rejects.toMatchObject({ code: "not_found" });
    });

    it("ends the new manager's access when their line ends, on the very next request", async () => {
      await grantHandoff(who.report1, { meetingId: pastMeetingId });
      expect((await getHandoffMeeting(who.manager2, pastMeetingId)).reportName).toBe("Jonas Weber");
      await t.db
        .update(reportingLines)
        .set({ activeTo: utcDay(0) })
        .where(eq(reportingLines.managerId, who.manager2.id));
      await expect(getHandoffMeeting(who.manager2, pastMeetingId)).rejects.toMatchObject({ code: "not_found" });
    });
  });
});
