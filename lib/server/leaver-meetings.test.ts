import { and, eq, inArray, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings, topics } from "@/db/schema";
import { type Actor, systemActor } from "@/lib/policy";
import { occurrencesOf } from "@/test/ical";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { setActive } from "./accounts";
import { calendarForToken, createFeed } from "./calendar-feeds";
import { upcomingMeetingCounts } from "./leavers";
import { completeMeeting, SERIES_STOPPED } from "./meetings";
import { meetingsToRemind, reminderMails } from "./reminders";
import { loadSeriesWorkspace } from "./series-page";
import { startSeries } from "./series";
import { addTopic } from "./topics";
import { createReportingLine } from "./users";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(Date.now() + ms);

// Deactivating someone cancels the meetings still ahead in every series they are part of, as
// manager and as report, in the same transaction; those series then plan no further meetings.
describe("a leaver's meetings still ahead", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const series: Record<string, string> = {};
  // The meetings that deactivating the manager must cancel, and those it must leave as they are.
  const ahead: string[] = [];
  const kept: Record<string, string> = {};
  let feedToken = "";

  const meetingRows = () => t.db.select().from(meetings).orderBy(meetings.id);
  const add = async (seriesId: string, values: Partial<typeof meetings.$inferInsert> & { scheduledAt: Date }) => {
    const [row] = await t.db
      .insert(meetings)
      .values({ seriesId, occurrenceAt: values.scheduledAt, durationMinutes: 30, ...values })
      .returning({ id: meetings.id });
    return row.id;
  };

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    // The manager is a report too: manager2 manages them, so the manager leaves in both roles.
    await createReportingLine(who.admin, { managerId: who.manager2.id, reportId: who.manager.id, activeFrom: utcDay(0) });
    const [a] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const [b] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id], startTime: "11:00" }));
    const [c] = await startSeries(who.manager2, seriesInput({ reportIds: [who.report9.id] }));
    const [d] = await startSeries(who.manager2, seriesInput({ reportIds: [who.manager.id], startTime: "13:00" }));
    Object.assign(series, { a: a.seriesId, b: b.seriesId, c: c.seriesId, d: d.seriesId });
    ahead.push(a.meetingId, b.meetingId, d.meetingId);
    // Series a also holds a second meeting ahead, a completed one, one whose time passed unstarted, and one under way.
    ahead.push(await add(series.a, { scheduledAt: at(14 * DAY) }));
    kept.completed = await add(series.a, { scheduledAt: at(-7 * DAY), status: "completed", startedAt: at(-7 * DAY), completedAt: at(-7 * DAY + HOUR) });
    kept.passed = await add(series.a, { scheduledAt: at(-3 * HOUR) });
    kept.underWay = await add(series.a, { scheduledAt: at(-10 * 60_000), status: "in_progress", startedAt: at(-10 * 60_000) });
    // Someone else's pair: untouched.
    kept.others = c.meetingId;
    await addTopic(who.report1, { seriesId: series.a, meetingId: a.meetingId, text: "A topic for the meeting ahead", kind: "strategic", category: "other" });
    feedToken = (await createFeed(who.report1, { seriesId: series.a })).path.replace("/api/calendar/", "").replace(".ics", "");
  });

  it("refuses anyone but the org's admin the deactivation and the count, changing nothing", async () => {
    for (const email of ["manager2@demo.test", "report1@demo.test", "manager@demo.test"]) {
      const actor = await actorOf(t.db, email);
      await expectRefusedUnchanged(t.db, () => setActive(actor, { userId: who.manager.id, active: false }), "forbidden");
      await expectRefusedUnchanged(t.db, () => upcomingMeetingCounts(actor), "forbidden");
    }
    const outsider = { ...who.admin, id: crypto.randomUUID(), orgId: crypto.randomUUID() };
    await expectRefusedUnchanged(t.db, () => setActive(outsider, { userId: who.manager.id, active: false }), "not_found");
  });

  it("tells the admin beforehand how many meetings ahead each person has, in either role", async () => {
    const counts = await upcomingMeetingCounts(who.admin);
    expect(counts[who.manager.id]).toBe(4);
    expect(counts[who.report1.id]).toBe(2);
    expect(counts[who.manager2.id]).toBe(2);
    expect(counts[who.report9.id]).toBe(1);
    expect(counts[who.admin.id]).toBeUndefined();
  });

  it("cancels exactly the meetings ahead of the leaver's series, as manager and as report, in the deactivation itself", async () => {
    const before = await meetingRows();
    const topicsBefore = await t.db.select().from(topics).orderBy(topics.id);
    expect(await setActive(who.admin, { userId: who.manager.id, active: false })).toEqual({ id: who.manager.id, active: false, cancelledMeetings: 4 });
    const after = await meetingRows();
    // No meeting was made to take their place, and nothing else changed.
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
    for (const m of after) {
      const was = before.find((b) => b.id === m.id)!;
      expect(m).toEqual(ahead.includes(m.id) ? { ...was, status: "cancelled" } : was);
    }
    for (const id of Object.values(kept)) expect(after.find((m) => m.id === id)!.status).not.toBe("cancelled");
    // Nothing was carried over: the cancelled meeting keeps its topic.
    expect(await t.db.select().from(topics).orderBy(topics.id)).toEqual(topicsBefore);
  });

  it("shows the other person the meetings as cancelled, plans none further and sends no reminder", async () => {
    const page = await loadSeriesWorkspace(who.report1, series.a);
    expect(page.full?.leftBy).toBe(who.manager.name);
    expect(page.full?.planned).toEqual([]);
    const listed = page.full!.upcoming.filter((m) => ahead.includes(m.id));
    expect(listed.map((m) => m.status)).toEqual(["cancelled", "cancelled"]);
    const reminders = systemActor("reminders");
    const due = await meetingsToRemind(reminders, at(0));
    expect(due.filter((m) => ahead.includes(m.meetingId))).toEqual([]);
    const [first] = await t.db.select().from(meetings).where(eq(meetings.id, ahead[0]));
    const mails = await t.db.transaction((tx) =>
      reminderMails(tx, reminders, { meetingId: first.id, userId: who.report1.id, scheduledAt: first.scheduledAt.toISOString() }, at(0)),
    );
    expect(mails).toEqual([]);
    // The calendar feed's recurrence ends at the deactivation.
    const feed = await calendarForToken(feedToken, "https://app.test");
    expect(feed).toContain("UNTIL=");
    expect(occurrencesOf(feed!, at(0), 5)).toEqual([]);
    // Someone else's pair still plans ahead.
    expect((await loadSeriesWorkspace(who.report9, series.c)).full?.leftBy).toBeNull();
  });

  it("makes no further meeting: completing the one under way carries nothing, and a topic for the next meeting is refused", async () => {
    const count = (await meetingRows()).length;
    expect(await completeMeeting(who.report1, { meetingId: kept.underWay })).toMatchObject({ nextMeetingId: null, carried: { topics: 0, actionItems: 0 } });
    expect(await meetingRows()).toHaveLength(count);
    const error = await expectRefusedUnchanged(
      t.db,
      () => addTopic(who.report1, { seriesId: series.a, text: "For next time", kind: "tactical", category: "other" }),
      "conflict",
    );
    expect(error.message).toBe(SERIES_STOPPED);
  });

  it("does not bring the cancelled meetings back on reactivation; the series then goes on from its next slot", async () => {
    expect(await setActive(who.admin, { userId: who.manager.id, active: true })).toMatchObject({ active: true });
    const still = await t.db.select({ status: meetings.status }).from(meetings).where(inArray(meetings.id, ahead));
    expect(still.map((m) => m.status)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled"]);
    // manager2 still manages the manager (that line was not the manager's to end): a topic makes a new meeting.
    const added = await addTopic(who.manager2, { seriesId: series.d, text: "Welcome back", kind: "strategic", category: "other" });
    expect(ahead).not.toContain(added.meetingId);
    const [made] = await t.db.select().from(meetings).where(eq(meetings.id, added.meetingId));
    expect(made.status).toBe("scheduled");
    expect(made.scheduledAt.getTime()).toBeGreaterThan(Date.now() + 7 * DAY);
    const before = await t.db
      .select({ status: meetings.status })
      .from(meetings)
      .where(and(eq(meetings.seriesId, series.d), ne(meetings.id, made.id)));
    expect(before.map((m) => m.status)).toEqual(["cancelled"]);
  });

  it("a deactivation with nothing ahead changes only the person", async () => {
    const before = await dumpAll(t.db);
    expect(await setActive(who.admin, { userId: who.report2.id, active: false })).toMatchObject({ cancelledMeetings: 0 });
    const after = await dumpAll(t.db);
    expect(after.meetings).toEqual(before.meetings);
    expect(after.topics).toEqual(before.topics);
  });
});
