import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { cancelMeeting, moveMeeting } from "./meetings";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";

const berlin = (at: Date) => DateTime.fromJSDate(at, { zone: "Europe/Berlin" });

describe("the planned meetings of a series after a move", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  beforeAll(async () => {
    for (const name of ["manager", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  it("does not still list a moved meeting's old date as planned (8 Dec moved to 2 Dec)", async () => {
    const [{ seriesId, meetingId, scheduledAt }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    // Earlier in the same week, still ahead: as 8 December moved to 2 December.
    const earlier = berlin(scheduledAt).minus({ days: 1 });
    await moveMeeting(who.manager, { meetingId, date: earlier.toISODate()!, time: "09:00" });
    const page = await loadSeriesWorkspace(who.manager, seriesId);
    const listed = [...page.full!.upcoming.map((m) => m.scheduledAt), ...page.full!.planned].map((d) => d.toISOString());
    expect(listed).not.toContain(scheduledAt.toISOString());
    expect(listed[0]).toBe(earlier.set({ hour: 9, minute: 0 }).toJSDate().toISOString());
    // The weeks after it are still planned, one a week, from the slot after the moved one.
    expect(page.full!.planned.map((d) => d.toISOString())).toEqual([1, 2, 3].map((w) => berlin(scheduledAt).plus({ weeks: w }).toJSDate().toISOString()));
  });

  it("does not list a cancelled meeting's slot as planned, and lists a slot left free by a meeting moved later", async () => {
    const [{ seriesId, meetingId, scheduledAt }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] }));
    const page0 = await loadSeriesWorkspace(who.manager, seriesId);
    const second = page0.full!.planned[0];
    await cancelMeeting(who.manager, { meetingId });
    const page = await loadSeriesWorkspace(who.manager, seriesId);
    const planned = page.full!.planned.map((d) => d.toISOString());
    expect(planned).not.toContain(scheduledAt.toISOString());
    expect(planned).not.toContain(second.toISOString()); // the next meeting is stored now, not planned
    expect(page.full!.upcoming.map((m) => [m.scheduledAt.toISOString(), m.status])).toEqual([
      [scheduledAt.toISOString(), "cancelled"],
      [second.toISOString(), "scheduled"],
    ]);
  });
});
