import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actionItems, meetings, series, topics, workingAgreements } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { addActionItem, setActionItemDone } from "./action-items";
import { cancelMeeting, completeMeeting, ensureNextMeeting, moveMeeting, startMeeting } from "./meetings";
import { listHistory } from "./history";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";
import { updateSeriesSettings } from "./series-settings";
import { addTopic, setTopicDiscussed } from "./topics";
import { saveWorkingAgreement } from "./working-agreement";

// Outsiders have no relation to the series and are not told it exists; the admin has one but not the right.
const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test", "not_found"],
  ["a report of another pair of the same manager", "report2@demo.test", "not_found"],
  ["the manager of another pair", "manager2@demo.test", "not_found"],
  ["the org admin", "admin@demo.test", "forbidden"],
] as const;
const WEEK = 7 * 86_400_000;

describe("meetings: start, complete with carry-over, cancel, move, cadence", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  const meetingsOf = (seriesId: string) => t.db.select().from(meetings).where(eq(meetings.seriesId, seriesId)).orderBy(asc(meetings.scheduledAt));
  const topicsOf = (meetingId: string) => t.db.select().from(topics).where(eq(topics.meetingId, meetingId)).orderBy(asc(topics.position));
  const itemsOf = (meetingId: string) => t.db.select().from(actionItems).where(eq(actionItems.meetingId, meetingId)).orderBy(asc(actionItems.createdAt));
  // Unstructured unless a test is about format: structured series get a standing goals topic per meeting.
  const newSeries = async (email: string, format: "structured" | "unstructured" = "unstructured") => {
    const report = await actorOf(t.db, email);
    const [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [report.id], format }));
    return { seriesId, meetingId, report };
  };
  /** A meeting with an open and a discussed topic, and an open and a done action item. */
  const fill = async (seriesId: string, meetingId: string, report: Actor) => {
    await addTopic(report, { seriesId, meetingId, text: "Still open", kind: "strategic", category: "career_growth" });
    const done = await addTopic(who.manager, { seriesId, meetingId, text: "Talked about", kind: "tactical", category: "productivity" });
    await setTopicDiscussed(report, { topicId: done.id, discussed: true });
    await addActionItem(who.manager, { meetingId, text: "Open item", owner: "report", dueDate: "2031-05-01" });
    const closed = await addActionItem(who.manager, { meetingId, text: "Closed item", owner: "manager", dueDate: undefined });
    await setActionItemDone(who.manager, { actionItemId: closed.id, done: true });
  };
  beforeAll(async () => {
    for (const name of ["admin", "manager"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });
  /** A meeting is completed once it has started (or is due): these meetings are a week ahead, so they start first. */
  const completeStarted = async (actor: Actor, meetingId: string) => {
    await startMeeting(actor, { meetingId });
    return completeMeeting(actor, { meetingId });
  };

  describe("one series, in order", () => {
    let s: Awaited<ReturnType<typeof newSeries>>;
    beforeAll(async () => {
      s = await newSeries("report1@demo.test");
      await fill(s.seriesId, s.meetingId, s.report);
    });

    it.each(OUTSIDERS)("refuses %s starting, completing, cancelling or moving the meeting, changing nothing", async (_, email, code) => {
      const actor = await as(email);
      await expectRefusedUnchanged(t.db, () => startMeeting(actor, { meetingId: s.meetingId }), code);
      await expectRefusedUnchanged(t.db, () => completeMeeting(actor, { meetingId: s.meetingId }), code);
      await expectRefusedUnchanged(t.db, () => cancelMeeting(actor, { meetingId: s.meetingId }), code);
      await expectRefusedUnchanged(t.db, () => moveMeeting(actor, { meetingId: s.meetingId, date: "2040-01-01", time: "10:00" }), code);
    });

    it("lets the report start the meeting, once", async () => {
      await startMeeting(s.report, { meetingId: s.meetingId });
      const [m] = await meetingsOf(s.seriesId);
      expect(m).toMatchObject({ status: "in_progress" });
      expect(m.startedAt).toBeInstanceOf(Date);
      const before = await dumpAll(t.db);
      expect(await startMeeting(who.manager, { meetingId: s.meetingId })).toEqual({ status: "in_progress" });
      expect(await dumpAll(t.db)).toEqual(before);
    });

    it("completes the meeting and carries the open topic and open action item to a new next meeting", async () => {
      const result = await completeMeeting(who.manager, { meetingId: s.meetingId });
      const [first, next] = await meetingsOf(s.seriesId);
      expect(first).toMatchObject({ status: "completed", completedBy: who.manager.id });
      expect(result).toMatchObject({ alreadyCompleted: false, nextMeetingId: next.id, carried: { topics: 1, actionItems: 1 } });
      expect(next).toMatchObject({ status: "scheduled", durationMinutes: 30 });
      expect(next.scheduledAt.getTime() - first.scheduledAt.getTime()).toBe(WEEK);
      expect(next.occurrenceAt).toEqual(next.scheduledAt);
      expect((await topicsOf(first.id)).map((x) => [x.text, x.status])).toEqual([
        ["Still open", "carried_over"],
        ["Talked about", "discussed"],
      ]);
      const carried = await topicsOf(next.id);
      expect(carried).toHaveLength(1);
      expect(carried[0]).toMatchObject({
        text: "Still open",
        status: "open",
        authorId: s.report.id,
        kind: "strategic",
        category: "career_growth",
        carriedFromMeetingId: first.id,
        carriedFromDate: first.scheduledAt,
      });
      const items = await itemsOf(next.id);
      expect(items.map((i) => [i.text, i.owner, i.dueDate, i.done, i.carriedFromMeetingId])).toEqual([["Open item", "report", "2031-05-01", false, first.id]]);
    });

    it("does nothing when the meeting is completed a second time", async () => {
      const before = await dumpAll(t.db);
      expect(await completeMeeting(s.report, { meetingId: s.meetingId })).toMatchObject({ alreadyCompleted: true });
      expect(await dumpAll(t.db)).toEqual(before);
    });

    it("refuses starting or cancelling a completed meeting, changing nothing", async () => {
      await expectRefusedUnchanged(t.db, () => startMeeting(s.report, { meetingId: s.meetingId }), "conflict");
      await expectRefusedUnchanged(t.db, () => cancelMeeting(s.report, { meetingId: s.meetingId }), "conflict");
    });

    it("moves one meeting to another time, keeping its cadence slot", async () => {
      const [, next] = await meetingsOf(s.seriesId);
      const result = await moveMeeting(s.report, { meetingId: next.id, date: "2040-03-07", time: "15:30" });
      const [moved] = await t.db.select().from(meetings).where(eq(meetings.id, next.id));
      expect(moved.scheduledAt.toISOString()).toBe("2040-03-07T14:30:00.000Z");
      expect(result.scheduledAt).toEqual(moved.scheduledAt);
      expect(moved.occurrenceAt).toEqual(next.occurrenceAt);
    });

    it("refuses moving a meeting into the past, changing nothing", async () => {
      const [, next] = await meetingsOf(s.seriesId);
      const error = await expectRefusedUnchanged(t.db, () => moveMeeting(who.manager, { meetingId: next.id, date: "2001-01-01", time: "10:00" }), "invalid");
      expect(error.fieldErrors?.date).toEqual(["Choose a time in the future."]);
    });

    it("cancels one meeting and moves its open items on to the following slot, never reusing the cancelled one", async () => {
      const [first, next] = await meetingsOf(s.seriesId);
      const result = await cancelMeeting(who.manager, { meetingId: next.id });
      const [cancelled] = await t.db.select().from(meetings).where(eq(meetings.id, next.id));
      expect(cancelled.status).toBe("cancelled");
      const [after] = await t.db.select().from(meetings).where(eq(meetings.id, result.nextMeetingId!));
      expect(after.occurrenceAt!.getTime() - first.scheduledAt.getTime()).toBe(2 * WEEK);
      expect((await topicsOf(after.id)).map((x) => [x.text, x.carriedFromMeetingId])).toEqual([["Still open", next.id]]);
      expect((await itemsOf(after.id)).map((x) => x.text)).toEqual(["Open item"]);
      await expectRefusedUnchanged(t.db, () => cancelMeeting(who.manager, { meetingId: next.id }), "conflict");
      await expectRefusedUnchanged(t.db, () => moveMeeting(who.manager, { meetingId: next.id, date: "2040-01-01", time: "10:00" }), "conflict");
    });
  });

  it("carries over exactly once when both people complete at the same moment", async () => {
    const s = await newSeries("report3@demo.test");
    await fill(s.seriesId, s.meetingId, s.report);
    await startMeeting(s.report, { meetingId: s.meetingId });
    const results = await Promise.all([completeMeeting(who.manager, { meetingId: s.meetingId }), completeMeeting(s.report, { meetingId: s.meetingId })]);
    expect(results.map((r) => r.alreadyCompleted).sort()).toEqual([false, true]);
    // Both people are shown the next meeting, whoever came second.
    expect(results[0].nextMeetingId).toBe(results[1].nextMeetingId);
    const all = await meetingsOf(s.seriesId);
    expect(all.map((m) => m.status)).toEqual(["completed", "scheduled"]);
    expect((await topicsOf(all[1].id)).map((x) => x.text)).toEqual(["Still open"]);
    expect((await itemsOf(all[1].id)).map((x) => x.text)).toEqual(["Open item"]);
    const series3Topics = await t.db.select().from(topics).where(eq(topics.seriesId, s.seriesId));
    expect(series3Topics).toHaveLength(3);
  });

  it("carries the open action items over in the order they had, and lists them so in both meetings", async () => {
    const manager = await as("manager2@demo.test");
    const report = await as("report10@demo.test");
    const [{ meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    const texts = ["Item one", "Item two", "Item three", "Item four", "Item five", "Item six", "Item seven", "Item eight"];
    for (const text of texts) await addActionItem(manager, { meetingId, text, owner: "report", dueDate: undefined });
    const listed = async (id: string) => (await loadMeetingWorkspace(report, id)).work.actionItems.map((x) => x.text);
    const before = await listed(meetingId);
    expect([...before].sort()).toEqual([...texts].sort());
    await startMeeting(manager, { meetingId });
    const { nextMeetingId } = await completeMeeting(manager, { meetingId });
    // The copies are made in one statement: they must not come back in an order of their own.
    expect(await listed(nextMeetingId!)).toEqual(before);
    expect(await listed(meetingId)).toEqual(before);
    // The series' history shows the completed meeting's items in that order too.
    const [{ seriesId }] = await t.db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, meetingId));
    const history = await listHistory(report, { seriesId, page: 1 });
    expect(history.meetings.find((m) => m.id === meetingId)!.actionItems.map((x) => x.text)).toEqual(before);
  });

  it("creates the next meeting once, even when asked twice at the same moment, and finds it afterwards", async () => {
    const s = await newSeries("report4@demo.test");
    const [first] = await meetingsOf(s.seriesId);
    const db = t.db;
    const made = await Promise.all([0, 1].map(() => db.transaction((tx) => ensureNextMeeting(tx, s.seriesId, first.scheduledAt))));
    expect(made.map((m) => m!.created).sort()).toEqual([false, true]);
    expect(made[0]!.id).toBe(made[1]!.id);
    expect(await meetingsOf(s.seriesId)).toHaveLength(2);
    const again = await db.transaction((tx) => ensureNextMeeting(tx, s.seriesId, new Date(first.scheduledAt.getTime() - 1000)));
    expect(again).toMatchObject({ id: first.id, created: false });
  });

  describe("a change of cadence", () => {
    it.each(OUTSIDERS)("is refused to %s, changing nothing", async (_, email, code) => {
      const { seriesId } = await t.db
        .select({ seriesId: series.id })
        .from(series)
        .limit(1)
        .then((r) => r[0]);
      const actor = await as(email);
      const input = {
        seriesId,
        cadence: "biweekly" as const,
        weekday: 4,
        startTime: "14:00",
        durationMinutes: 45,
        timeZone: "Europe/Berlin",
        format: "structured" as const,
      };
      await expectRefusedUnchanged(t.db, () => updateSeriesSettings(actor, input), code);
    });

    it("applies to future meetings only and leaves the past as it was", async () => {
      const s = await newSeries("report5@demo.test");
      await completeStarted(s.report, s.meetingId);
      const [done, ahead] = await meetingsOf(s.seriesId);
      const result = await updateSeriesSettings(s.report, {
        seriesId: s.seriesId,
        cadence: "biweekly",
        weekday: 4,
        startTime: "14:00",
        durationMinutes: 45,
        timeZone: "Europe/Berlin",
        format: "unstructured",
      });
      expect(result.retimed).toBe(1);
      const byId = async (id: string) => (await t.db.select().from(meetings).where(eq(meetings.id, id)))[0];
      const [doneAfter, aheadAfter] = [await byId(done.id), await byId(ahead.id)];
      expect(doneAfter).toEqual(done);
      expect(aheadAfter.scheduledAt > done.scheduledAt).toBe(true);
      const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "long", hour: "2-digit", minute: "2-digit" }).format(
        aheadAfter.scheduledAt,
      );
      expect(local).toBe("Thursday 14:00");
      expect(aheadAfter).toMatchObject({ id: ahead.id, durationMinutes: 45, occurrenceAt: aheadAfter.scheduledAt });
      const [row] = await t.db.select().from(series).where(eq(series.id, s.seriesId));
      expect(row).toMatchObject({
        cadence: "biweekly",
        weekday: 4,
        startMinutes: 840,
        durationMinutes: 45,
        format: "unstructured",
        anchorAt: aheadAfter.scheduledAt,
      });
      // The next meeting after that follows the new cadence: two weeks on.
      const { nextMeetingId } = await completeStarted(s.report, ahead.id);
      const third = await byId(nextMeetingId!);
      expect(third.scheduledAt.getTime() - aheadAfter.scheduledAt.getTime()).toBe(2 * WEEK);
    });

    it("plans the series page's coming slots from the new cadence", async () => {
      const s = await newSeries("report2@demo.test");
      await updateSeriesSettings(s.report, {
        seriesId: s.seriesId,
        cadence: "monthly",
        weekday: 5,
        startTime: "08:30",
        durationMinutes: 30,
        timeZone: "America/New_York",
        format: "unstructured",
      });
      const page = await loadSeriesWorkspace(s.report, s.seriesId);
      const local = (at: Date) =>
        new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "long", hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
      expect(page.full!.planned.length).toBeGreaterThan(0);
      for (const at of [...page.full!.upcoming.map((m) => m.scheduledAt), ...page.full!.planned]) expect(local(at)).toBe("Friday 08:30");
    });

    it("changes only the format when the timing stays, re-timing nothing", async () => {
      const s = await newSeries("report6@demo.test");
      const before = await meetingsOf(s.seriesId);
      const [row] = await t.db.select().from(series).where(eq(series.id, s.seriesId));
      const startTime = `${String(Math.floor(row.startMinutes / 60)).padStart(2, "0")}:${String(row.startMinutes % 60).padStart(2, "0")}`;
      const result = await updateSeriesSettings(who.manager, {
        seriesId: s.seriesId,
        cadence: "weekly",
        weekday: 2,
        startTime,
        durationMinutes: 30,
        timeZone: "Europe/Berlin",
        format: "unstructured",
      });
      expect(result.retimed).toBe(0);
      expect(await meetingsOf(s.seriesId)).toEqual(before);
      expect((await t.db.select({ format: series.format }).from(series).where(eq(series.id, s.seriesId)))[0].format).toBe("unstructured");
    });
  });

  describe("the working agreement", () => {
    let s: Awaited<ReturnType<typeof newSeries>>;
    const input = () => ({
      seriesId: s.seriesId,
      goalsAndExpectations: "Grow into a lead role",
      feedbackPreferences: "Direct, in writing first",
      challenges: "On-call load",
      format: "unstructured" as const,
    });
    beforeAll(async () => {
      s = await newSeries("report7@demo.test", "structured");
    });

    it.each(OUTSIDERS)("is refused to %s, reading or writing, changing nothing", async (_, email, code) => {
      const actor = await as(email);
      await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(actor, s.meetingId), email === "admin@demo.test" ? "forbidden" : "not_found");
      await expectRefusedUnchanged(t.db, () => saveWorkingAgreement(actor, input()), code);
    });

    it("is filled in on the first meeting, stores the format on the series and shows on later meetings", async () => {
      expect((await loadMeetingWorkspace(who.manager, s.meetingId)).workingAgreement).toMatchObject({
        isFirstMeeting: true,
        agreement: null,
        format: "structured",
      });
      await saveWorkingAgreement(s.report, input());
      const [row] = await t.db.select().from(workingAgreements).where(eq(workingAgreements.seriesId, s.seriesId));
      expect(row).toMatchObject({ goalsAndExpectations: "Grow into a lead role", challenges: "On-call load", updatedBy: s.report.id });
      await saveWorkingAgreement(who.manager, { ...input(), challenges: "Fewer pages now" });
      expect(await t.db.select().from(workingAgreements).where(eq(workingAgreements.seriesId, s.seriesId))).toHaveLength(1);
      const { nextMeetingId } = await completeStarted(who.manager, s.meetingId);
      const later = (await loadMeetingWorkspace(who.manager, nextMeetingId!)).workingAgreement;
      expect(later).toMatchObject({
        isFirstMeeting: false,
        format: "unstructured",
        agreement: { feedbackPreferences: "Direct, in writing first", challenges: "Fewer pages now" },
      });
      expect((await loadMeetingWorkspace(s.report, nextMeetingId!)).workingAgreement.agreement).toMatchObject({
        goalsAndExpectations: "Grow into a lead role",
      });
    });
  });

  it("gives each new meeting of a structured series the standing goals topic once, even when it carries over", async () => {
    const s = await newSeries("report8@demo.test", "structured");
    await addTopic(s.report, { seriesId: s.seriesId, meetingId: s.meetingId, text: "Review our SMART goals", kind: "strategic", category: "career_growth" });
    const { nextMeetingId } = await completeStarted(s.report, s.meetingId);
    const next = await topicsOf(nextMeetingId!);
    expect(next.map((x) => [x.text, x.authorId, x.carriedFromMeetingId])).toEqual([
      ["Review our SMART goals", who.manager.id, null],
      ["Review our SMART goals", s.report.id, s.meetingId],
    ]);
    const { nextMeetingId: third } = await completeStarted(s.report, nextMeetingId!);
    expect((await topicsOf(third!)).map((x) => x.text)).toEqual(["Review our SMART goals", "Review our SMART goals"]);
  });

  it("refuses a meeting id that does not exist", async () => {
    await expectRefusedUnchanged(t.db, () => completeMeeting(who.manager, { meetingId: crypto.randomUUID() }), "not_found");
  });
});
