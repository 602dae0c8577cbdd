import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { STANDING_GOALS_TOPIC, standingTopicsFor } from "./goals";
import { startSeries } from "./series";

describe("goal review as a standing topic of structured meetings", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let structured = { seriesId: "", meetingId: "" };
  let unstructured = { seriesId: "", meetingId: "" };
  beforeAll(async () => {
    for (const name of ["manager", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [structured] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id], format: "structured" }));
    [unstructured] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id], format: "unstructured", startTime: "14:00" }));
  });
  const topicsOf = (meetingId: string) => t.db.select().from(topics).where(eq(topics.meetingId, meetingId));

  it("adds 'Review our SMART goals' by the manager, strategic and about career growth, in a transaction", async () => {
    const [next] = await t.db
      .insert(meetings)
      .values({ seriesId: structured.seriesId, scheduledAt: new Date(Date.now() + 14 * 86_400_000), durationMinutes: 30 })
      .returning({ id: meetings.id });
    const added = await t.db.transaction((tx) => standingTopicsFor(tx, structured.seriesId, next.id, "structured"));
    expect(added).toHaveLength(1);
    expect(await topicsOf(next.id)).toEqual([
      expect.objectContaining({
        text: STANDING_GOALS_TOPIC,
        seriesId: structured.seriesId,
        authorId: who.manager.id,
        kind: "strategic",
        category: "career_growth",
        status: "open",
      }),
    ]);
  });

  it("adds it only once to the same meeting", async () => {
    await standingTopicsFor(t.db, structured.seriesId, structured.meetingId, "structured");
    const before = await dumpAll(t.db);
    expect(await standingTopicsFor(t.db, structured.seriesId, structured.meetingId, "structured")).toEqual([]);
    expect(await dumpAll(t.db)).toEqual(before);
    expect((await topicsOf(structured.meetingId)).filter((x) => x.text === STANDING_GOALS_TOPIC)).toHaveLength(1);
  });

  it("adds nothing in an unstructured series", async () => {
    const before = await dumpAll(t.db);
    expect(await standingTopicsFor(t.db, unstructured.seriesId, unstructured.meetingId, "unstructured")).toEqual([]);
    expect(await dumpAll(t.db)).toEqual(before);
  });
});
