import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actionItems, coveringAssignments, meetings, privateNotes, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { storedNoteText, writeAgenda, writeNote } from "@/test/collab";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { getMyAccessLog } from "./access-log";
import { addActionItem, removeActionItem, setActionItemDone } from "./action-items";
import { loadMeetingWorkspace } from "./meeting-page";
import { completeMeeting, reopenMeeting, startMeeting } from "./meetings";
import { startSeries } from "./series";
import { addTopic, editTopic, moveTopic, removeTopic, setTopicDiscussed } from "./topics";
import { saveWorkingAgreement } from "./working-agreement";

const HOUR = 3600_000;

/**
 * A meeting's record must be trustworthy: it is completed only once it started or is due; after that its record is
 * read-only for everyone; the manager alone may reopen it, within 24 hours, and the report sees it.
 */
describe("a meeting's lifecycle: complete when due, read-only after, reopened by the manager within 24 hours", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const meetingRow = async (id: string) => (await t.db.select().from(meetings).where(eq(meetings.id, id)))[0];
  const topicsOf = (meetingId: string) =>
    t.db.select().from(topics).where(eq(topics.meetingId, meetingId)).orderBy(asc(topics.position), asc(topics.createdAt));
  const itemsOf = (meetingId: string) => t.db.select().from(actionItems).where(eq(actionItems.meetingId, meetingId)).orderBy(asc(actionItems.createdAt));
  const newSeries = async (email: string) => {
    const report = await actorOf(t.db, email);
    const [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [report.id], format: "unstructured" }));
    return { seriesId, meetingId, report };
  };

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  describe("completing", () => {
    it("refuses completing a meeting a week away, to the manager and the report, changing nothing", async () => {
      const s = await newSeries("report2@demo.test");
      const error = await expectRefusedUnchanged(t.db, () => completeMeeting(who.manager, { meetingId: s.meetingId }), "conflict");
      expect(error.message).toMatch(/not started/);
      await expectRefusedUnchanged(t.db, () => completeMeeting(s.report, { meetingId: s.meetingId }), "conflict");
      expect((await loadMeetingWorkspace(s.report, s.meetingId)).capabilities).toMatchObject({ complete: false, addTopic: true });
    });

    it("completes a started meeting", async () => {
      const s = await newSeries("report3@demo.test");
      await startMeeting(s.report, { meetingId: s.meetingId });
      expect((await loadMeetingWorkspace(s.report, s.meetingId)).capabilities.complete).toBe(true);
      const result = await completeMeeting(s.report, { meetingId: s.meetingId });
      expect(result.alreadyCompleted).toBe(false);
      expect(await meetingRow(s.meetingId)).toMatchObject({ status: "completed", completedBy: s.report.id });
    });

    it("completes a meeting whose scheduled time has come, without a start", async () => {
      const s = await newSeries("report4@demo.test");
      const m = await meetingRow(s.meetingId);
      const due = new Date(m.scheduledAt.getTime() + 60_000);
      expect((await loadMeetingWorkspace(who.manager, s.meetingId, {}, due)).capabilities.complete).toBe(true);
      await completeMeeting(who.manager, { meetingId: s.meetingId }, due);
      expect(await meetingRow(s.meetingId)).toMatchObject({ status: "completed", completedAt: due });
    });
  });

  describe("a completed meeting", () => {
    let s: Awaited<ReturnType<typeof newSeries>>;
    let managerTopic = "";
    let reportTopic = "";
    let itemId = "";
    let completedAt = new Date();
    beforeAll(async () => {
      s = await newSeries("report1@demo.test");
      await t.db
        .insert(coveringAssignments)
        .values({ seriesId: s.seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(-1), endsOn: utcDay(30), createdBy: who.manager.id });
      await saveWorkingAgreement(s.report, {
        seriesId: s.seriesId,
        goalsAndExpectations: "Lead a project",
        feedbackPreferences: "",
        challenges: "",
        format: "unstructured",
      });
      managerTopic = (
        await addTopic(who.manager, { seriesId: s.seriesId, meetingId: s.meetingId, text: "Team changes", kind: "strategic", category: "partner_teams" })
      ).id;
      reportTopic = (
        await addTopic(s.report, { seriesId: s.seriesId, meetingId: s.meetingId, text: "Promotion path", kind: "strategic", category: "career_growth" })
      ).id;
      await setTopicDiscussed(s.report, { topicId: managerTopic, discussed: true });
      itemId = (await addActionItem(s.report, { meetingId: s.meetingId, text: "Draft the promotion case", owner: "report", dueDate: undefined })).id;
      await writeNote(who.manager, s.meetingId, paragraphDoc("my own note"));
      await startMeeting(who.manager, { meetingId: s.meetingId });
      expect((await loadMeetingWorkspace(s.report, s.meetingId)).work.summary).toEqual({ undiscussedTopics: 1, openActionItems: 1 });
      await completeMeeting(who.manager, { meetingId: s.meetingId });
      completedAt = (await meetingRow(s.meetingId)).completedAt!;
    });

    it("refuses adding, editing, removing, reordering and ticking its topics, to both people, changing nothing", async () => {
      for (const actor of [who.manager, s.report]) {
        await expectRefusedUnchanged(
          t.db,
          () => addTopic(actor, { seriesId: s.seriesId, meetingId: s.meetingId, text: "Late", kind: "strategic", category: "other" }),
          "conflict",
        );
        await expectRefusedUnchanged(t.db, () => setTopicDiscussed(actor, { topicId: managerTopic, discussed: false }), "conflict");
      }
      await expectRefusedUnchanged(
        t.db,
        () => editTopic(who.manager, { topicId: managerTopic, baseVersion: 1, text: "Rewritten", kind: "strategic", category: "other" }),
        "conflict",
      );
      await expectRefusedUnchanged(t.db, () => removeTopic(who.manager, { topicId: managerTopic }), "conflict");
      await expectRefusedUnchanged(t.db, () => moveTopic(s.report, { topicId: reportTopic, direction: "up" }), "conflict");
      await expectRefusedUnchanged(t.db, () => moveTopic(who.manager, { topicId: managerTopic, direction: "down" }), "conflict");
    });

    it("refuses adding, ticking and removing its action items, changing nothing", async () => {
      await expectRefusedUnchanged(
        t.db,
        () => addActionItem(who.manager, { meetingId: s.meetingId, text: "Late item", owner: "manager", dueDate: undefined }),
        "conflict",
      );
      await expectRefusedUnchanged(t.db, () => setActionItemDone(s.report, { actionItemId: itemId, done: true }), "conflict");
      await expectRefusedUnchanged(t.db, () => removeActionItem(s.report, { actionItemId: itemId }), "conflict");
    });

    it("refuses an edit of its agenda and of the working agreement settled in it, changing nothing", async () => {
      const error = await expectRefusedUnchanged(t.db, () => writeAgenda(s.report, s.meetingId, paragraphDoc("Rewritten afterwards")), "conflict");
      expect(error.message).toMatch(/completed/);
      await expectRefusedUnchanged(
        t.db,
        () =>
          saveWorkingAgreement(who.manager, {
            seriesId: s.seriesId,
            goalsAndExpectations: "Rewritten",
            feedbackPreferences: "",
            challenges: "",
            format: "structured",
          }),
        "conflict",
      );
      const page = await loadMeetingWorkspace(s.report, s.meetingId);
      expect(page.capabilities.editWorkingAgreement).toBe(false);
      expect(page.workingAgreement).toMatchObject({ isFirstMeeting: true, agreement: { goalsAndExpectations: "Lead a project" } });
    });

    it("tells the page it is read-only, and offers reopening to the manager alone", async () => {
      const page = await loadMeetingWorkspace(s.report, s.meetingId);
      expect(page.meeting).toMatchObject({ status: "completed", completedAt });
      expect(page.capabilities).toMatchObject({
        editAgenda: false,
        addTopic: false,
        addActionItem: false,
        complete: false,
        reopen: false,
        editWorkingAgreement: false,
        keepNotes: true,
      });
      expect((await loadMeetingWorkspace(who.manager, s.meetingId)).capabilities).toMatchObject({ editAgenda: false, complete: false, reopen: true });
      expect((await loadMeetingWorkspace(who.manager, s.meetingId, {}, new Date(completedAt.getTime() + 25 * HOUR))).capabilities.reopen).toBe(false);
      expect((await loadMeetingWorkspace(who.manager2, s.meetingId)).capabilities).toMatchObject({ addTopic: false, editAgenda: false, reopen: false });
    });

    it("keeps the author's own private note editable", async () => {
      await writeNote(who.manager, s.meetingId, paragraphDoc("added after the meeting"));
      const [after] = await t.db.select().from(privateNotes).where(eq(privateNotes.meetingId, s.meetingId));
      expect(await storedNoteText(after)).toContain("added after the meeting");
    });

    it.each([
      ["the report", "report"],
      ["the covering manager", "manager2"],
      ["the org admin", "admin"],
    ])("refuses reopening to %s, changing nothing", async (_, key) => {
      const actor = key === "report" ? s.report : who[key];
      await expectRefusedUnchanged(t.db, () => reopenMeeting(actor, { meetingId: s.meetingId }, new Date(completedAt.getTime() + HOUR)), "forbidden");
    });

    it("refuses the manager reopening after 24 hours, changing nothing", async () => {
      const error = await expectRefusedUnchanged(
        t.db,
        () => reopenMeeting(who.manager, { meetingId: s.meetingId }, new Date(completedAt.getTime() + 24 * HOUR + 60_000)),
        "conflict",
      );
      expect(error.message).toMatch(/24 hours/);
    });

    it("lets the manager reopen within 24 hours; the report sees who did, on the page and in their access log", async () => {
      const at = new Date(completedAt.getTime() + 23 * HOUR);
      expect(await reopenMeeting(who.manager, { meetingId: s.meetingId }, at)).toEqual({ status: "in_progress", reopenedAt: at });
      expect(await meetingRow(s.meetingId)).toMatchObject({
        status: "in_progress",
        completedAt: null,
        completedBy: null,
        reopenedAt: at,
        reopenedBy: who.manager.id,
      });
      const seen = await loadMeetingWorkspace(s.report, s.meetingId);
      expect(seen.capabilities).toMatchObject({ addTopic: true, complete: true });
      expect(seen.work.reopened).toEqual({ name: who.manager.name, at });
      const log = await getMyAccessLog(s.report);
      expect(log.find((e) => e.action === "reopened a completed meeting")).toMatchObject({ actorName: who.manager.name });
      // Open again: the record can be changed, and a meeting that is not completed is not reopened.
      await editTopic(who.manager, { topicId: managerTopic, baseVersion: 1, text: "Team changes (corrected)", kind: "strategic", category: "partner_teams" });
      await expectRefusedUnchanged(t.db, () => reopenMeeting(who.manager, { meetingId: s.meetingId }, at), "conflict");
    });

    it("carries over exactly once when completed, reopened and completed again", async () => {
      const [next] = await t.db.select().from(meetings).where(eq(meetings.seriesId, s.seriesId)).orderBy(asc(meetings.scheduledAt)).offset(1);
      const before = { topics: (await topicsOf(next.id)).map((x) => x.text), items: (await itemsOf(next.id)).map((x) => x.text) };
      expect(before).toEqual({ topics: ["Promotion path"], items: ["Draft the promotion case"] });
      await addTopic(s.report, { seriesId: s.seriesId, meetingId: s.meetingId, text: "Raised after reopening", kind: "strategic", category: "wellbeing" });
      // The confirm step counts what will carry: the new topic, and no item carried already.
      expect((await loadMeetingWorkspace(who.manager, s.meetingId)).work.summary).toEqual({ undiscussedTopics: 1, openActionItems: 0 });
      const result = await completeMeeting(who.manager, { meetingId: s.meetingId });
      expect(result).toMatchObject({ alreadyCompleted: false, nextMeetingId: next.id, carried: { topics: 1, actionItems: 0 } });
      expect((await topicsOf(next.id)).map((x) => x.text)).toEqual(["Promotion path", "Raised after reopening"]);
      expect((await itemsOf(next.id)).map((x) => x.text)).toEqual(["Draft the promotion case"]);
      expect(await meetingRow(s.meetingId)).toMatchObject({ status: "completed" });
    });
  });
});
