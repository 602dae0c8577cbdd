import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actionItems, meetings, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { addActionItem, removeActionItem, setActionItemDone } from "./action-items";
import { completeMeeting, startMeeting } from "./meetings";
import { getDashboard, startSeries } from "./series";
import { addTopic, editTopic, getMeetingTopics, moveTopic, newTopicsFromReport, removeTopic, setTopicDiscussed, strategicShare } from "./topics";

const OUTSIDERS = [
  ["a signed-out visitor", null],
  ["a report of another pair", "report9@demo.test"],
  ["a report of another pair of the same manager", "report2@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
  ["the org admin", "admin@demo.test"],
] as const;

describe("topics and action items of a meeting", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string | null) => (email ? actorOf(t.db, email) : Promise.resolve(null));
  const topicRows = () => t.db.select().from(topics).where(eq(topics.meetingId, meetingId)).orderBy(asc(topics.position));
  let seriesId = "";
  let meetingId = "";
  let reportTopic = "";
  let managerTopic = "";
  const topic = (text: string, extra: Partial<{ kind: "strategic" | "tactical"; category: "wellbeing" | "productivity" | "other"; meetingId: string }> = {}) => ({
    seriesId,
    text,
    kind: "strategic" as const,
    category: "productivity" as const,
    ...extra,
  });
  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1", "report3"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it.each(OUTSIDERS)("refuses %s adding a topic, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => addTopic(actor, topic("sneaked in")));
  });

  it("adds the report's topic to the next meeting with its author and time, first in the list", async () => {
    const before = new Date();
    const row = await addTopic(who.report1, topic("Growing into a tech lead role", { category: "other" }));
    reportTopic = row.id;
    expect(row.meetingId).toBe(meetingId);
    const [stored] = await topicRows();
    expect(stored).toMatchObject({ id: row.id, seriesId, authorId: who.report1.id, text: "Growing into a tech lead role", kind: "strategic", status: "open", position: 0 });
    expect(stored.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("adds the manager's topic after it, and to a given open meeting", async () => {
    const row = await addTopic(who.manager, topic("Fix the flaky build", { kind: "tactical", meetingId }));
    managerTopic = row.id;
    expect((await topicRows()).map((r) => [r.text, r.position, r.kind])).toEqual([
      ["Growing into a tech lead role", 0, "strategic"],
      ["Fix the flaky build", 1, "tactical"],
    ]);
  });

  it("refuses adding to a meeting of another series, changing nothing", async () => {
    const [{ meetingId: other }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report3.id] }));
    await expectRefusedUnchanged(t.db, () => addTopic(who.report1, topic("wrong place", { meetingId: other })), ["not_found"]);
  });

  it("tells the manager about new topics from the report, and the report nothing", async () => {
    expect(await newTopicsFromReport(who.manager, seriesId, meetingId)).toEqual({ count: 1, reportName: "Jonas Weber" });
    expect((await newTopicsFromReport(who.report1, seriesId, meetingId)).count).toBe(0);
    for (const [, email] of OUTSIDERS) {
      await expect(newTopicsFromReport(await as(email), seriesId, meetingId)).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
    }
  });

  it("counts the same new topics on the dashboard, in one query for every series", async () => {
    const mine = (await getDashboard(who.manager)).asManager.find((i) => i.seriesId === seriesId);
    expect(mine).toMatchObject({ nextMeetingId: meetingId, newTopics: 1, reportName: "Jonas Weber" });
    const asReport = (await getDashboard(who.report1)).asReport.find((i) => i.seriesId === seriesId);
    expect(asReport?.newTopics).toBe(0);
  });

  it("shows both the topics with who may change which, and refuses the outsiders", async () => {
    const page = await getMeetingTopics(who.manager, meetingId);
    expect(page.canWrite).toBe(true);
    expect(page.topics.map((x) => [x.text, x.mine, x.authorName])).toEqual([
      ["Growing into a tech lead role", false, "Jonas Weber"],
      ["Fix the flaky build", true, "Priya Raman"],
    ]);
    for (const [, email] of OUTSIDERS) await expect(getMeetingTopics(await as(email), meetingId)).rejects.toBeTruthy();
  });

  it.each(OUTSIDERS)("refuses %s editing, moving, ticking or removing a topic, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => editTopic(actor, { topicId: reportTopic, text: "x", kind: "tactical", category: "other" }));
    await expectRefusedUnchanged(t.db, () => moveTopic(actor, { topicId: reportTopic, direction: "down" }));
    await expectRefusedUnchanged(t.db, () => setTopicDiscussed(actor, { topicId: reportTopic, discussed: true }));
    await expectRefusedUnchanged(t.db, () => removeTopic(actor, { topicId: reportTopic }));
  });

  it("refuses the manager editing, moving or removing the report's topic, changing nothing", async () => {
    await expectRefusedUnchanged(t.db, () => editTopic(who.manager, { topicId: reportTopic, text: "rewritten", kind: "tactical", category: "other" }), ["forbidden"]);
    await expectRefusedUnchanged(t.db, () => moveTopic(who.manager, { topicId: reportTopic, direction: "down" }), ["forbidden"]);
    await expectRefusedUnchanged(t.db, () => removeTopic(who.manager, { topicId: reportTopic }), ["forbidden"]);
  });

  it("lets the author edit and reorder their own topic", async () => {
    await editTopic(who.report1, { topicId: reportTopic, text: "Becoming a tech lead", kind: "strategic", category: "other" });
    await moveTopic(who.report1, { topicId: reportTopic, direction: "down" });
    expect((await topicRows()).map((r) => [r.text, r.position])).toEqual([
      ["Fix the flaky build", 0],
      ["Becoming a tech lead", 1],
    ]);
    await moveTopic(who.report1, { topicId: reportTopic, direction: "down" });
    expect((await topicRows()).map((r) => r.position)).toEqual([0, 1]);
    await moveTopic(who.report1, { topicId: reportTopic, direction: "up" });
    expect((await topicRows()).map((r) => r.text)).toEqual(["Becoming a tech lead", "Fix the flaky build"]);
  });

  it("lets either person tick the other's topic as discussed and reopen it", async () => {
    await setTopicDiscussed(who.manager, { topicId: reportTopic, discussed: true });
    expect((await topicRows())[0]).toMatchObject({ status: "discussed", discussedBy: who.manager.id });
    await setTopicDiscussed(who.report1, { topicId: reportTopic, discussed: false });
    expect((await topicRows())[0]).toMatchObject({ status: "open", discussedBy: null, discussedAt: null });
  });

  it("keeps every change when both people edit topics at the same moment", async () => {
    const extra = await Promise.all([addTopic(who.report1, topic("Report extra")), addTopic(who.manager, topic("Manager extra"))]);
    await Promise.all([
      editTopic(who.report1, { topicId: reportTopic, text: "Tech lead path", kind: "strategic", category: "other" }),
      editTopic(who.manager, { topicId: managerTopic, text: "Build stability", kind: "tactical", category: "productivity" }),
      setTopicDiscussed(who.manager, { topicId: extra[0].id, discussed: true }),
      setTopicDiscussed(who.report1, { topicId: extra[1].id, discussed: true }),
      moveTopic(who.report1, { topicId: extra[0].id, direction: "up" }),
      moveTopic(who.manager, { topicId: extra[1].id, direction: "up" }),
    ]);
    const rows = await topicRows();
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3]);
    expect(Object.fromEntries(rows.map((r) => [r.text, r.status]))).toEqual({
      "Tech lead path": "open",
      "Build stability": "open",
      "Report extra": "discussed",
      "Manager extra": "discussed",
    });
    await removeTopic(who.report1, { topicId: extra[0].id });
    await removeTopic(who.manager, { topicId: extra[1].id });
    expect(await topicRows()).toHaveLength(2);
  });

  describe("action items", () => {
    let itemId = "";
    it.each(OUTSIDERS)("refuses %s adding an action item, changing nothing", async (_, email) => {
      const actor = await as(email);
      await expectRefusedUnchanged(t.db, () => addActionItem(actor, { meetingId, text: "x", owner: "report", dueDate: undefined }));
    });

    it("lets the manager record an action item owned by the report with a due date", async () => {
      ({ id: itemId } = await addActionItem(who.manager, { meetingId, text: "Draft the tech lead plan", owner: "report", dueDate: "2030-01-31" }));
      const [row] = await t.db.select().from(actionItems).where(eq(actionItems.id, itemId));
      expect(row).toMatchObject({ meetingId, seriesId, owner: "report", dueDate: "2030-01-31", done: false, createdBy: who.manager.id });
    });

    it.each(OUTSIDERS)("refuses %s ticking or removing an action item, changing nothing", async (_, email) => {
      const actor = await as(email);
      await expectRefusedUnchanged(t.db, () => setActionItemDone(actor, { actionItemId: itemId, done: true }));
      await expectRefusedUnchanged(t.db, () => removeActionItem(actor, { actionItemId: itemId }));
    });

    it("lets the report tick it done but only its writer remove it", async () => {
      await setActionItemDone(who.report1, { actionItemId: itemId, done: true });
      expect((await t.db.select().from(actionItems).where(eq(actionItems.id, itemId)))[0]).toMatchObject({ done: true });
      await expectRefusedUnchanged(t.db, () => removeActionItem(who.report1, { actionItemId: itemId }), ["forbidden"]);
      const other = await addActionItem(who.report1, { meetingId, text: "temporary", owner: "manager", dueDate: undefined });
      await removeActionItem(who.report1, { actionItemId: other.id });
      expect(await t.db.select().from(actionItems).where(eq(actionItems.id, other.id))).toEqual([]);
    });
  });

  it("keeps a completed meeting's topics and action items as they were", async () => {
    await setTopicDiscussed(who.manager, { topicId: managerTopic, discussed: true });
    await startMeeting(who.manager, { meetingId });
    await completeMeeting(who.manager, { meetingId });
    const [{ id: itemId }] = await t.db.select({ id: actionItems.id }).from(actionItems).where(eq(actionItems.meetingId, meetingId));
    await expectRefusedUnchanged(t.db, () => addTopic(who.report1, topic("late", { meetingId })), ["conflict"]);
    await expectRefusedUnchanged(t.db, () => editTopic(who.manager, { topicId: managerTopic, text: "late", kind: "strategic", category: "other" }), ["conflict"]);
    await expectRefusedUnchanged(t.db, () => setTopicDiscussed(who.report1, { topicId: reportTopic, discussed: true }), ["conflict"]);
    await expectRefusedUnchanged(t.db, () => setActionItemDone(who.report1, { actionItemId: itemId, done: false }), ["conflict"]);
    expect((await getMeetingTopics(who.report1, meetingId)).canWrite).toBe(false);
  });

  it("adds a topic after completion to the next meeting, created from the cadence", async () => {
    const row = await addTopic(who.report1, topic("Next time: on-call load", { category: "wellbeing" }));
    const [next] = await t.db.select().from(meetings).where(eq(meetings.id, row.meetingId));
    const [first] = await t.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(next.scheduledAt.getTime() - first.scheduledAt.getTime()).toBe(7 * 86_400_000);
    expect(next.status).toBe("scheduled");
  });

  it("measures the strategic share over the completed meetings, counting each topic once", async () => {
    // First meeting: "Tech lead path" (strategic, carried) and "Build stability" (tactical, discussed).
    expect(await strategicShare(who.report1, seriesId)).toEqual({ meetings: 1, strategic: 1, total: 2, percent: 50 });
    for (const [, email] of OUTSIDERS) await expect(strategicShare(await as(email), seriesId)).rejects.toBeTruthy();
  });
});
