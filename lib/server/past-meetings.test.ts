import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { listHistory } from "./history";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";

const DAY = 86_400_000;

describe("past meetings", () => {
  const t = useTestDatabase();
  let manager: Actor;
  let seriesId = "";
  let earlyId = "";
  let pastId = "";
  let cancelledAheadId = "";
  let heldEarlyAt = new Date();
  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    const report = await actorOf(t.db, "report1@demo.test");
    [{ seriesId, meetingId: earlyId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    // The first meeting, still days ahead in its slot, was held early today.
    heldEarlyAt = new Date(Date.now() - 3_600_000);
    await t.db
      .update(meetings)
      .set({ status: "completed", startedAt: heldEarlyAt, completedAt: new Date(heldEarlyAt.getTime() + 1_800_000) })
      .where(eq(meetings.id, earlyId));
    const rows = await t.db
      .insert(meetings)
      .values([
        { seriesId, scheduledAt: new Date(Date.now() - 7 * DAY), durationMinutes: 30, status: "completed", completedAt: new Date(Date.now() - 7 * DAY) },
        { seriesId, scheduledAt: new Date(Date.now() + 20 * DAY), durationMinutes: 30, status: "cancelled" },
      ])
      .returning({ id: meetings.id });
    [pastId, cancelledAheadId] = rows.map((r) => r.id);
  });

  it("lists on the series page only meetings whose time has come, a meeting held early at the time it was held", async () => {
    const page = await loadSeriesWorkspace(manager, seriesId);
    const past = page.full!.past;
    expect(past.map((m) => m.id)).toEqual([earlyId, pastId]);
    expect(past.every((m) => m.heldAt.getTime() <= Date.now())).toBe(true);
    expect(past[0].heldAt.getTime()).toBe(heldEarlyAt.getTime());
    expect(past.map((m) => m.id)).not.toContain(cancelledAheadId);
  });

  it("does the same on the history page", async () => {
    const history = await listHistory(manager, { seriesId, page: 1 });
    expect(history.meetings.map((m) => m.id)).toEqual([earlyId, pastId]);
    expect(history.meetings.every((m) => m.heldAt.getTime() <= Date.now())).toBe(true);
  });
});
