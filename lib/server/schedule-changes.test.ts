import { and, asc, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { actionItems, coveringAssignments, meetings, scheduleChanges, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { addActionItem } from "./action-items";
import { cancelMeeting, moveMeeting } from "./meetings";
import { leavesFor, markLeave, undoScheduleChange } from "./schedule-changes";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";
import { addTopic, editTopic } from "./topics";

const berlin = (at: Date) => DateTime.fromJSDate(at, { zone: "Europe/Berlin" });
const dayOf = (at: Date) => berlin(at).toISODate()!;
const WEEK = 7 * 86_400_000;

describe("moving, cancelling and leave, with confirmation and undo", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const s: Record<string, { seriesId: string; meetingId: string; scheduledAt: Date }> = {};
  const meetingsOf = (seriesId: string) => t.db.select().from(meetings).where(eq(meetings.seriesId, seriesId)).orderBy(asc(meetings.scheduledAt));
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report3", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    // Jonas at 09:00, Amara at 09:45 (a 15-minute buffer), Diego at 10:30, all on Tuesdays.
    const created = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id, who.report2.id, who.report3.id], format: "unstructured" }));
    for (const c of created) s[c.reportName] = c;
  });

  describe("a move that overlaps another of the manager's meetings", () => {
    it("asks for confirmation, showing the clash, and changes nothing until confirmed", async () => {
      const amara = s["Amara Okafor"];
      const before = await dumpAll(t.db);
      const result = await moveMeeting(who.manager, { meetingId: amara.meetingId, date: dayOf(amara.scheduledAt), time: "09:15" });
      expect(result.moved).toBe(false);
      expect(result.clashes).toEqual([expect.objectContaining({ at: s["Jonas Weber"].scheduledAt, durationMinutes: 30, withName: "Jonas Weber" })]);
      expect(await dumpAll(t.db)).toEqual(before);
    });

    it("tells the report only that the manager is busy, not with whom", async () => {
      const amara = s["Amara Okafor"];
      const result = await moveMeeting(who.report2, { meetingId: amara.meetingId, date: dayOf(amara.scheduledAt), time: "09:15" });
      expect(result).toMatchObject({ moved: false, clashes: [expect.objectContaining({ withName: null })] });
    });

    it("warns about a cadence slot still to come, not only about stored meetings", async () => {
      // Next week's Tuesday 10:30 is Diego's planned meeting: no row holds it yet.
      const amara = s["Amara Okafor"];
      const nextWeek = berlin(amara.scheduledAt).plus({ weeks: 1 });
      const result = await moveMeeting(who.manager, { meetingId: amara.meetingId, date: nextWeek.toISODate()!, time: "10:40" });
      expect(result.clashes.map((c) => [c.withName, c.at.toISOString()])).toEqual([
        ["Diego Hernández", new Date(s["Diego Hernández"].scheduledAt.getTime() + WEEK).toISOString()],
      ]);
    });

    it("moves once confirmed, and the mover can undo it", async () => {
      const amara = s["Amara Okafor"];
      const result = await moveMeeting(who.manager, { meetingId: amara.meetingId, date: dayOf(amara.scheduledAt), time: "09:15", confirmOverlap: true });
      expect(result.moved).toBe(true);
      const [moved] = await t.db.select().from(meetings).where(eq(meetings.id, amara.meetingId));
      expect(moved.scheduledAt).toEqual(result.scheduledAt);
      // Someone else (even the report of the pair) cannot undo the manager's change.
      await expectRefusedUnchanged(t.db, () => undoScheduleChange(who.report2, { changeId: result.changeId! }), "not_found");
      await expectRefusedUnchanged(t.db, () => undoScheduleChange(who.manager2, { changeId: result.changeId! }), "not_found");
      await undoScheduleChange(who.manager, { changeId: result.changeId! });
      const [back] = await t.db.select().from(meetings).where(eq(meetings.id, amara.meetingId));
      expect(back.scheduledAt).toEqual(amara.scheduledAt);
      await expectRefusedUnchanged(t.db, () => undoScheduleChange(who.manager, { changeId: result.changeId! }), "conflict");
    });

    it("moves without asking when nothing overlaps", async () => {
      const amara = s["Amara Okafor"];
      const result = await moveMeeting(who.manager, { meetingId: amara.meetingId, date: dayOf(amara.scheduledAt), time: "16:00" });
      expect(result).toMatchObject({ moved: true, clashes: [] });
      await undoScheduleChange(who.manager, { changeId: result.changeId! });
    });

    it("refuses an undo after the window, changing nothing", async () => {
      const amara = s["Amara Okafor"];
      const result = await moveMeeting(who.manager, { meetingId: amara.meetingId, date: dayOf(amara.scheduledAt), time: "17:00" });
      const later = new Date(Date.now() + 25 * 3600_000);
      await expectRefusedUnchanged(t.db, () => undoScheduleChange(who.manager, { changeId: result.changeId! }, later), "conflict");
      await undoScheduleChange(who.manager, { changeId: result.changeId! });
    });
  });

  describe("cancel and undo", () => {
    it("puts the meeting back, and takes back what it carried over", async () => {
      const jonas = s["Jonas Weber"];
      const topic = await addTopic(who.report1, {
        seriesId: jonas.seriesId,
        meetingId: jonas.meetingId,
        text: "Promotion path",
        kind: "strategic",
        category: "career_growth",
      });
      await addActionItem(who.manager, { meetingId: jonas.meetingId, text: "Book the course", owner: "report", dueDate: undefined });
      const before = await dumpAll(t.db);
      const result = await cancelMeeting(who.manager, { meetingId: jonas.meetingId });
      expect(result.carried).toEqual({ topics: 1, actionItems: 1 });
      const [original] = await t.db.select().from(topics).where(eq(topics.id, topic.id));
      expect(original.status).toBe("carried_over");
      await undoScheduleChange(who.manager, { changeId: result.changeId });
      const [m] = await t.db.select().from(meetings).where(eq(meetings.id, jonas.meetingId));
      expect(m.status).toBe("scheduled");
      expect((await t.db.select().from(topics).where(eq(topics.seriesId, jonas.seriesId))).map((x) => [x.id, x.status])).toEqual([[topic.id, "open"]]);
      expect(await t.db.select().from(actionItems).where(eq(actionItems.carriedFromMeetingId, jonas.meetingId))).toEqual([]);
      // The next meeting the cancel created stays: it is the series' next slot anyway.
      const after = await dumpAll(t.db);
      expect(after.topics).toHaveLength((before.topics as unknown[]).length);
      expect(after.actionItems).toHaveLength((before.actionItems as unknown[]).length);
    });

    it("refuses the undo once a carried topic was changed, changing nothing", async () => {
      const jonas = s["Jonas Weber"];
      const result = await cancelMeeting(who.manager, { meetingId: jonas.meetingId });
      const [copy] = await t.db
        .select()
        .from(topics)
        .where(and(eq(topics.seriesId, jonas.seriesId), eq(topics.status, "open")));
      await editTopic(who.report1, {
        topicId: copy.id,
        baseVersion: copy.version,
        text: "Promotion path, and the course",
        kind: "strategic",
        category: "career_growth",
      });
      await expectRefusedUnchanged(t.db, () => undoScheduleChange(who.manager, { changeId: result.changeId }), "conflict");
    });
  });

  describe("leave", () => {
    it("answers which meetings a leave would cancel and changes nothing until confirmed", async () => {
      const diego = s["Diego Hernández"];
      const first = dayOf(diego.scheduledAt);
      const last = berlin(diego.scheduledAt).plus({ weeks: 2 }).toISODate()!;
      const before = await dumpAll(t.db);
      const preview = await markLeave(who.manager, { personId: who.report3.id, startsOn: first, endsOn: last });
      expect(preview.confirmed).toBe(false);
      expect(preview.meetings.map((m) => [m.withName, m.at.toISOString(), Boolean(m.meetingId)])).toEqual([
        ["Diego Hernández", diego.scheduledAt.toISOString(), true],
        ["Diego Hernández", new Date(diego.scheduledAt.getTime() + WEEK).toISOString(), false],
        ["Diego Hernández", new Date(diego.scheduledAt.getTime() + 2 * WEEK).toISOString(), false],
      ]);
      expect(await dumpAll(t.db)).toEqual(before);
    });

    it("cancels every meeting in the range in one step; the series resumes after it; undo restores them", async () => {
      const diego = s["Diego Hernández"];
      const first = dayOf(diego.scheduledAt);
      const last = berlin(diego.scheduledAt).plus({ weeks: 2 }).toISODate()!;
      await addTopic(who.report3, {
        seriesId: diego.seriesId,
        meetingId: diego.meetingId,
        text: "Conference budget",
        kind: "tactical",
        category: "productivity",
      });
      const done = await markLeave(who.manager, { personId: who.report3.id, startsOn: first, endsOn: last, confirm: true });
      expect(done.confirmed).toBe(true);
      const rows = await meetingsOf(diego.seriesId);
      expect(rows.map((m) => [m.scheduledAt.getTime() - diego.scheduledAt.getTime(), m.status])).toEqual([
        [0, "cancelled"],
        [WEEK, "cancelled"],
        [2 * WEEK, "cancelled"],
        [3 * WEEK, "scheduled"],
      ]);
      // The open topic waits in the first meeting after the leave.
      const [carried] = await t.db
        .select()
        .from(topics)
        .where(and(eq(topics.meetingId, rows[3].id), eq(topics.status, "open")));
      expect(carried.text).toBe("Conference budget");
      const page = await loadSeriesWorkspace(who.manager, diego.seriesId);
      expect(page.full!.planned.every((d) => d.getTime() > diego.scheduledAt.getTime() + 3 * WEEK)).toBe(true);
      expect(await leavesFor(who.manager)).toEqual([expect.objectContaining({ personName: "Diego Hernández", startsOn: first, endsOn: last, mayUndo: true })]);

      await undoScheduleChange(who.manager, { changeId: done.changeId! });
      const restored = await meetingsOf(diego.seriesId);
      expect(restored.map((m) => m.status)).toEqual(["scheduled", "scheduled", "scheduled", "scheduled"]);
      expect((await t.db.select().from(topics).where(eq(topics.seriesId, diego.seriesId))).map((x) => [x.meetingId, x.status])).toEqual([
        [diego.meetingId, "open"],
      ]);
      expect(await leavesFor(who.manager)).toEqual([]);
    });

    it.each([
      ["the report, for their own manager", "report3", "manager"],
      ["a report, for themselves", "report3", "report3"],
      ["another manager, for someone else's report", "manager2", "report3"],
      ["the org admin, for a report not theirs", "admin", "report3"],
      // A leave is what lets an admin name a covering manager (lib/policy/covering.ts): an admin who manages nobody marks none.
      ["the org admin, for a manager", "admin", "manager"],
    ])("refuses %s, changing nothing", async (_, actorName, personName) => {
      const diego = s["Diego Hernández"];
      const input = { personId: who[personName].id, startsOn: dayOf(diego.scheduledAt), endsOn: dayOf(diego.scheduledAt), confirm: true };
      await expectRefusedUnchanged(t.db, () => markLeave(who[actorName], input), "forbidden");
    });

    it("refuses a range in the past, a reversed one and an overlong one, with field errors and nothing changed", async () => {
      const p = who.report3.id;
      const today = DateTime.utc().toISODate()!;
      const e1 = await expectRefusedUnchanged(
        t.db,
        () => markLeave(who.manager, { personId: p, startsOn: "2020-01-01", endsOn: "2020-01-02", confirm: true }),
        "invalid",
      );
      expect(e1.fieldErrors?.startsOn).toBeDefined();
      const e2 = await expectRefusedUnchanged(
        t.db,
        () => markLeave(who.manager, { personId: p, startsOn: DateTime.fromISO(today).plus({ days: 3 }).toISODate()!, endsOn: today, confirm: true }),
        "invalid",
      );
      expect(e2.fieldErrors?.endsOn).toBeDefined();
      const e3 = await expectRefusedUnchanged(
        t.db,
        () => markLeave(who.manager, { personId: p, startsOn: today, endsOn: DateTime.fromISO(today).plus({ days: 200 }).toISODate()!, confirm: true }),
        "invalid",
      );
      expect(e3.fieldErrors?.endsOn).toBeDefined();
    });

    it("names a covering manager only under the covering rules, changing nothing when refused", async () => {
      const diego = s["Diego Hernández"];
      const range = { startsOn: dayOf(diego.scheduledAt), endsOn: dayOf(diego.scheduledAt) };
      // For a report's leave: nobody covers a report.
      const e1 = await expectRefusedUnchanged(
        t.db,
        () => markLeave(who.manager, { personId: who.report3.id, ...range, coveringManagerId: who.manager2.id, confirm: true }),
        "invalid",
      );
      expect(e1.fieldErrors?.coveringManagerId).toBeDefined();
      // Someone who manages nobody, and one's own report, cannot cover.
      for (const person of [who.report9, who.report1]) {
        const e = await expectRefusedUnchanged(
          t.db,
          () => markLeave(who.manager, { personId: who.manager.id, ...range, coveringManagerId: person.id, confirm: true }),
          "invalid",
        );
        expect(e.fieldErrors?.coveringManagerId).toBeDefined();
      }
      // Meetings go ahead only with someone covering.
      await expectRefusedUnchanged(t.db, () => markLeave(who.manager, { personId: who.manager.id, ...range, keepMeetings: true, confirm: true }), "invalid");
    });

    it("for the manager's own leave, names the covering manager on each of their series and keeps the meetings for them; undo withdraws it", async () => {
      const diego = s["Diego Hernández"];
      const range = { startsOn: dayOf(diego.scheduledAt), endsOn: berlin(diego.scheduledAt).plus({ days: 6 }).toISODate()! };
      const before = await dumpAll(t.db);
      const done = await markLeave(who.manager, { personId: who.manager.id, ...range, coveringManagerId: who.manager2.id, keepMeetings: true, confirm: true });
      expect(done).toMatchObject({ confirmed: true, coveringName: expect.any(String) });
      const named = await t.db.select().from(coveringAssignments).where(eq(coveringAssignments.coveringManagerId, who.manager2.id));
      expect(named.map((c) => c.seriesId).sort()).toEqual(
        Object.values(s)
          .map((x) => x.seriesId)
          .sort(),
      );
      expect(named.every((c) => c.startsOn === range.startsOn && c.endsOn === range.endsOn)).toBe(true);
      const [m] = await t.db.select().from(meetings).where(eq(meetings.id, diego.meetingId));
      expect(m.status).toBe("scheduled");
      await undoScheduleChange(who.manager, { changeId: done.changeId! });
      expect(
        await t.db
          .select()
          .from(coveringAssignments)
          .where(
            inArray(
              coveringAssignments.id,
              named.map((c) => c.id),
            ),
          ),
      ).toEqual([]);
      const after = await dumpAll(t.db);
      // Only the record of the change itself, its covering mails and access-log lines remain.
      expect(after.meetings).toEqual(before.meetings);
      expect(after.topics).toEqual(before.topics);
      const [change] = await t.db.select().from(scheduleChanges).where(eq(scheduleChanges.id, done.changeId!));
      expect(change.undoneAt).toBeInstanceOf(Date);
    });
  });
});
