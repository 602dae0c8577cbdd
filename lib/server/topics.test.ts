import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actionItems, meetingViews, meetings, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { addActionItem, removeActionItem, setActionItemDone } from "./action-items";
import { completeMeeting, startMeeting } from "./meetings";
import { loadMeetingWorkspace } from "./meeting-page";
import { getDashboard, startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";
import { addTopic, editTopic, moveTopic, removeTopic, setTopicDiscussed, TOPIC_CHANGED, TOPIC_CHANGED_FIELD } from "./topics";

// Outsiders have no relation to the series and are not told it exists; the admin has one but not the right.
const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test", "not_found"],
  ["a report of another pair of the same manager", "report2@demo.test", "not_found"],
  ["the manager of another pair", "manager2@demo.test", "not_found"],
  ["the org admin", "admin@demo.test", "forbidden"],
] as const;

describe("topics and action items of a meeting", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  const topicRows = () => t.db.select().from(topics).where(eq(topics.meetingId, meetingId)).orderBy(asc(topics.position));
  let seriesId = "";
  let meetingId = "";
  let reportTopic = "";
  let managerTopic = "";
  const topic = (
    text: string,
    extra: Partial<{ kind: "strategic" | "tactical"; category: "wellbeing" | "productivity" | "other"; meetingId: string }> = {},
  ) => ({
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

  it.each(OUTSIDERS)("refuses %s adding a topic, changing nothing", async (_, email, code) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => addTopic(actor, topic("sneaked in")), code);
  });

  it("adds the report's topic to the next meeting with its author and time, first in the list", async () => {
    const before = new Date();
    const row = await addTopic(who.report1, topic("Growing into a tech lead role", { category: "other" }));
    reportTopic = row.id;
    expect(row.meetingId).toBe(meetingId);
    const [stored] = await topicRows();
    expect(stored).toMatchObject({
      id: row.id,
      seriesId,
      authorId: who.report1.id,
      text: "Growing into a tech lead role",
      kind: "strategic",
      status: "open",
      position: 0,
    });
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
    await expectRefusedUnchanged(t.db, () => addTopic(who.report1, topic("wrong place", { meetingId: other })), "not_found");
  });

  it("counts the same new topics on the dashboard, in one query for every series", async () => {
    const mine = (await getDashboard(who.manager)).asManager.find((i) => i.seriesId === seriesId);
    expect(mine).toMatchObject({ nextMeetingId: meetingId, newTopics: 1, reportName: "Jonas Weber" });
    const asReport = (await getDashboard(who.report1)).asReport.find((i) => i.seriesId === seriesId);
    expect(asReport?.newTopics).toBe(0);
    // Nobody outside the series sees it, nor its count, on their own dashboard.
    for (const [, email] of OUTSIDERS) {
      const theirs = await getDashboard(await as(email));
      expect([...theirs.asManager, ...theirs.asReport].some((i) => i.seriesId === seriesId)).toBe(false);
    }
  });

  it("stops counting the topics as new once the manager has opened the meeting, not when the report does", async () => {
    const count = async () => (await getDashboard(who.manager)).asManager.find((i) => i.seriesId === seriesId)?.newTopics;
    await loadMeetingWorkspace(who.report1, meetingId);
    expect(await count()).toBe(1);
    // Opened before the topic was added: it is still new.
    await loadMeetingWorkspace(who.manager, meetingId, {}, new Date(Date.now() - 3_600_000));
    expect(await count()).toBe(1);
    await loadMeetingWorkspace(who.manager, meetingId);
    expect(await count()).toBe(0);
    expect(await t.db.select().from(meetingViews).where(eq(meetingViews.meetingId, meetingId))).toHaveLength(2);
  });

  it("shows both the topics with who may change which, and refuses the outsiders", async () => {
    const page = await loadMeetingWorkspace(who.manager, meetingId);
    expect(page.capabilities.addTopic).toBe(true);
    expect(page.work.topics.map((x) => [x.text, x.mine, x.authorName])).toEqual([
      ["Growing into a tech lead role", false, "Jonas Weber"],
      ["Fix the flaky build", true, "Priya Raman"],
    ]);
    for (const [, email] of OUTSIDERS)
      await expectRefusedUnchanged(t.db, async () => loadMeetingWorkspace(await as(email), meetingId), email === "admin@demo.test" ? "forbidden" : "not_found");
  });

  it.each(OUTSIDERS)("refuses %s editing, moving, ticking or removing a topic, changing nothing", async (_, email, code) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => editTopic(actor, { topicId: reportTopic, baseVersion: 1, text: "x", kind: "tactical", category: "other" }), code);
    await expectRefusedUnchanged(t.db, () => moveTopic(actor, { topicId: reportTopic, direction: "down" }), code);
    await expectRefusedUnchanged(t.db, () => setTopicDiscussed(actor, { topicId: reportTopic, discussed: true }), code);
    await expectRefusedUnchanged(t.db, () => removeTopic(actor, { topicId: reportTopic }), code);
  });

  it("refuses the manager editing, moving or removing the report's topic, changing nothing", async () => {
    await expectRefusedUnchanged(
      t.db,
      () => editTopic(who.manager, { topicId: reportTopic, baseVersion: 1, text: "rewritten", kind: "tactical", category: "other" }),
      "forbidden",
    );
    await expectRefusedUnchanged(t.db, () => moveTopic(who.manager, { topicId: reportTopic, direction: "down" }), "forbidden");
    await expectRefusedUnchanged(t.db, () => removeTopic(who.manager, { topicId: reportTopic }), "forbidden");
  });

  it("lets the author edit and reorder their own topic", async () => {
    await editTopic(who.report1, { topicId: reportTopic, baseVersion: 1, text: "Becoming a tech lead", kind: "strategic", category: "other" });
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

  it("refuses an edit from an older version (the author's other tab saved first), keeping the newer text, and says what it now is", async () => {
    const { id } = await addTopic(who.report1, topic("Two tabs: as first written"));
    const row = async () => (await t.db.select().from(topics).where(eq(topics.id, id)))[0];
    expect((await row()).version).toBe(1);
    // Tab A saves from version 1: the edit goes through and the version moves on.
    expect(await editTopic(who.report1, { topicId: id, baseVersion: 1, text: "Two tabs: saved in tab A", kind: "tactical", category: "wellbeing" })).toEqual({
      id,
      version: 2,
    });
    expect(await row()).toMatchObject({ text: "Two tabs: saved in tab A", kind: "tactical", category: "wellbeing", version: 2 });
    // Tab B was opened at version 1 too: its save is refused and changes nothing.
    const error = await expectRefusedUnchanged(
      t.db,
      () => editTopic(who.report1, { topicId: id, baseVersion: 1, text: "Two tabs: typed in tab B", kind: "strategic", category: "other" }),
      "conflict",
    );
    expect(error.message).toBe(TOPIC_CHANGED);
    expect(error.fieldErrors).toEqual({ text: [TOPIC_CHANGED_FIELD] });
    expect(error.details).toEqual({ current: { id, text: "Two tabs: saved in tab A", kind: "tactical", category: "wellbeing", version: 2 } });
    expect(await row()).toMatchObject({ text: "Two tabs: saved in tab A", version: 2 });
    // A stale form asking for exactly what is stored overwrites nothing: it is answered as saved.
    expect(await editTopic(who.report1, { topicId: id, baseVersion: 1, text: "Two tabs: saved in tab A", kind: "tactical", category: "wellbeing" })).toEqual({
      id,
      version: 2,
    });
    // Knowing the current version (what the form shows after the refusal), tab B's save goes through.
    expect(await editTopic(who.report1, { topicId: id, baseVersion: 2, text: "Two tabs: typed in tab B", kind: "strategic", category: "other" })).toEqual({
      id,
      version: 3,
    });
    expect(await row()).toMatchObject({ text: "Two tabs: typed in tab B", version: 3 });
    // Two saves from the same version at the same moment: one wins, the other is refused.
    const both = await Promise.allSettled(
      ["Two tabs: first at once", "Two tabs: second at once"].map((text) =>
        editTopic(who.report1, { topicId: id, baseVersion: 3, text, kind: "strategic", category: "other" }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const winner = both.findIndex((r) => r.status === "fulfilled");
    expect(await row()).toMatchObject({ text: ["Two tabs: first at once", "Two tabs: second at once"][winner], version: 4 });
    expect((both.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    await removeTopic(who.report1, { topicId: id });
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
      editTopic(who.report1, { topicId: reportTopic, baseVersion: 2, text: "Tech lead path", kind: "strategic", category: "other" }),
      editTopic(who.manager, { topicId: managerTopic, baseVersion: 1, text: "Build stability", kind: "tactical", category: "productivity" }),
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
    it.each(OUTSIDERS)("refuses %s adding an action item, changing nothing", async (_, email, code) => {
      const actor = await as(email);
      await expectRefusedUnchanged(t.db, () => addActionItem(actor, { meetingId, text: "x", owner: "report", dueDate: undefined }), code);
    });

    it("lets the manager record an action item owned by the report with a due date", async () => {
      ({ id: itemId } = await addActionItem(who.manager, { meetingId, text: "Draft the tech lead plan", owner: "report", dueDate: "2030-01-31" }));
      const [row] = await t.db.select().from(actionItems).where(eq(actionItems.id, itemId));
      expect(row).toMatchObject({ meetingId, seriesId, owner: "report", dueDate: "2030-01-31", done: false, createdBy: who.manager.id });
    });

    it.each(OUTSIDERS)("refuses %s ticking or removing an action item, changing nothing", async (_, email, code) => {
      const actor = await as(email);
      await expectRefusedUnchanged(t.db, () => setActionItemDone(actor, { actionItemId: itemId, done: true }), code);
      await expectRefusedUnchanged(t.db, () => removeActionItem(actor, { actionItemId: itemId }), code);
    });

    it("lets the report tick it done but only its writer remove it", async () => {
      await setActionItemDone(who.report1, { actionItemId: itemId, done: true });
      expect((await t.db.select().from(actionItems).where(eq(actionItems.id, itemId)))[0]).toMatchObject({ done: true });
      await expectRefusedUnchanged(t.db, () => removeActionItem(who.report1, { actionItemId: itemId }), "forbidden");
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
    await expectRefusedUnchanged(t.db, () => addTopic(who.report1, topic("late", { meetingId })), "conflict");
    await expectRefusedUnchanged(
      t.db,
      () => editTopic(who.manager, { topicId: managerTopic, baseVersion: 2, text: "late", kind: "strategic", category: "other" }),
      "conflict",
    );
    await expectRefusedUnchanged(t.db, () => setTopicDiscussed(who.report1, { topicId: reportTopic, discussed: true }), "conflict");
    await expectRefusedUnchanged(t.db, () => setActionItemDone(who.report1, { actionItemId: itemId, done: false }), "conflict");
    expect((await loadMeetingWorkspace(who.report1, meetingId)).capabilities.addTopic).toBe(false);
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
    expect((await loadSeriesWorkspace(who.report1, seriesId)).share).toEqual({ meetings: 1, strategic: 1, total: 2, percent: 50 });
    for (const [, email] of OUTSIDERS) {
      // The org admin sees the series' metadata, never its share; the others do not see the series.
      if (email === "admin@demo.test") expect((await loadSeriesWorkspace(await as(email), seriesId)).share).toBeNull();
      else await expectRefusedUnchanged(t.db, async () => loadSeriesWorkspace(await as(email), seriesId), "not_found");
    }
  });
});
