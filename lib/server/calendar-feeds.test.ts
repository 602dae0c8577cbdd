import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/calendar/[token]/route";
import { calendarFeeds, meetings, reportingLines, series } from "@/db/schema";
import { offsetTransitions } from "@/lib/calendar/vtimezone";
import type { Actor } from "@/lib/policy";
import { calendarFeedSchema } from "@/lib/validation/calendar";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { occurrencesOf } from "@/test/ical";
import { calendarForToken, createFeed, revokeFeed } from "./calendar-feeds";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";

// Outsiders have no relation to the series and are not told it exists; the admin has one but not the right.
const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test", "not_found"],
  ["the manager of another pair", "manager2@demo.test", "not_found"],
  ["the org admin", "admin@demo.test", "forbidden"],
] as const;
const tokenOf = (path: string) => path.replace(/^\/api\/calendar\//, "").replace(/\.ics$/, "");
const fetchFeed = (path: string) => GET(new Request(`http://app.test${path}`), { params: Promise.resolve({ token: path.split("/").at(-1)! }) });

/** A Tuesday start a week before Berlin's next daylight-saving change at least ten days away. */
function startBeforeDstChange() {
  const year = new Date().getUTCFullYear();
  const change = offsetTransitions("Europe/Berlin", year, year + 1).find((c) => c.at > Date.now() + 10 * 86_400_000)!;
  return DateTime.fromMillis(change.at, { zone: "Europe/Berlin" }).minus({ days: 9 }).toISODate()!;
}

describe("private calendar feeds", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  let firstMeetingId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId: firstMeetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id], startDate: startBeforeDstChange() }));
  });

  it.each(OUTSIDERS)("refuses %s a feed link, changing nothing", async (_, email, code) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => createFeed(actor, { seriesId }), code);
    // The series page shows the org admin its metadata only: no feed section, and no feed of theirs.
    if (email === "admin@demo.test") expect((await loadSeriesWorkspace(actor, seriesId)).feed).toBeNull();
    else await expectRefusedUnchanged(t.db, () => loadSeriesWorkspace(actor, seriesId), "not_found");
  });

  it("refuses an identifier that is not a series id at the form", () => {
    const parsed = calendarFeedSchema.safeParse({ seriesId: "../../etc" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["seriesId"]);
  });

  it("gives the manager a feed whose next 5 meetings stay at 09:00 Berlin time across the daylight-saving change", async () => {
    const feed = await createFeed(who.manager, { seriesId });
    const [row] = await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.id, feed.id));
    expect(row).toMatchObject({ seriesId, userId: who.manager.id, revokedAt: null });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(tokenOf(feed.path)).digest("hex"));
    expect((await loadSeriesWorkspace(who.manager, seriesId)).feed).toMatchObject({ current: { id: feed.id } });

    const response = await fetchFeed(feed.path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text = await response.text();
    expect(text).toMatch(/RRULE:FREQ=WEEKLY/);
    expect(text).toContain("TZID:Europe/Berlin");
    expect(text).toContain("One-on-one: Priya Raman & Jonas Weber");
    expect(text).not.toContain("first one-on-one");
    const next = occurrencesOf(text, new Date(), 5);
    expect(next.map((d) => DateTime.fromJSDate(d, { zone: "Europe/Berlin" }).toFormat("ccc HH:mm"))).toEqual(Array(5).fill("Tue 09:00"));
    expect(new Set(next.map((d) => d.getUTCHours())).size).toBe(2);
  });

  it("leaves a cancelled meeting out and shows a moved one at its new time", async () => {
    const [first] = await t.db.select().from(meetings).where(eq(meetings.id, firstMeetingId));
    const slot = (weeks: number) => DateTime.fromJSDate(first.scheduledAt, { zone: "Europe/Berlin" }).plus({ weeks });
    const second = slot(1).toJSDate();
    const thirdSlot = slot(2);
    const thirdMovedTo = thirdSlot.plus({ days: 1, hours: 5 }).toJSDate();
    await t.db.insert(meetings).values([
      { seriesId, scheduledAt: second, occurrenceAt: second, durationMinutes: 30, status: "cancelled" },
      { seriesId, scheduledAt: thirdMovedTo, occurrenceAt: thirdSlot.toJSDate(), durationMinutes: 30 },
    ]);
    const feed = await createFeed(who.report1, { seriesId });
    const next = occurrencesOf((await calendarForToken(tokenOf(feed.path), "http://app.test"))!, new Date(), 3);
    expect(next.map((d) => d.toISOString())).toEqual([
      first.scheduledAt.toISOString(),
      thirdMovedTo.toISOString(),
      thirdSlot.plus({ weeks: 1 }).toJSDate().toISOString(),
    ]);
  });

  it("answers 404 for a revoked link and a link replaced by a new one; the new one works", async () => {
    const old = await createFeed(who.report1, { seriesId });
    const renewed = await createFeed(who.report1, { seriesId });
    expect((await fetchFeed(old.path)).status).toBe(404);
    expect((await fetchFeed(renewed.path)).status).toBe(200);
    await revokeFeed(who.report1, { seriesId });
    expect((await fetchFeed(renewed.path)).status).toBe(404);
    expect((await loadSeriesWorkspace(who.report1, seriesId)).feed).toEqual({ current: null });
    expect((await fetchFeed("/api/calendar/not-a-token.ics")).status).toBe(404);
    const live = await t.db
      .select()
      .from(calendarFeeds)
      .where(and(eq(calendarFeeds.userId, who.report1.id)));
    expect(live.filter((f) => !f.revokedAt)).toHaveLength(0);
  });

  it("refuses revoking for the wrong people and when there is nothing to revoke", async () => {
    await createFeed(who.report1, { seriesId });
    for (const [, email, code] of OUTSIDERS) {
      const actor = await actorOf(t.db, email);
      await expectRefusedUnchanged(t.db, () => revokeFeed(actor, { seriesId }), code);
    }
    await expectRefusedUnchanged(t.db, () => revokeFeed(who.report2, { seriesId }), "not_found");
    await revokeFeed(who.report1, { seriesId });
    await expectRefusedUnchanged(t.db, () => revokeFeed(who.report1, { seriesId }), "not_found");
  });

  it("stops the manager's link when the reporting line ends; the report's keeps working", async () => {
    const managerFeed = await createFeed(who.manager, { seriesId });
    const reportFeed = await createFeed(who.report1, { seriesId });
    expect((await fetchFeed(managerFeed.path)).status).toBe(200);
    const [s] = await t.db.select({ lineId: series.reportingLineId }).from(series).where(eq(series.id, seriesId));
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await t.db.update(reportingLines).set({ activeFrom: "2020-01-01", activeTo: yesterday }).where(eq(reportingLines.id, s.lineId));
    expect((await fetchFeed(managerFeed.path)).status).toBe(404);
    expect((await fetchFeed(reportFeed.path)).status).toBe(200);
    await expectRefusedUnchanged(t.db, () => createFeed(who.manager, { seriesId }), "not_found");
  });
});
