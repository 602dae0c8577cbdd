import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { loadMeetingWorkspace } from "./meeting-page";
import { firstMeetingOf } from "./meetings";
import { startSeries } from "./series";

/**
 * "The first meeting" of a series is one rule: the earliest scheduled, then the one created
 * first, then the smaller id. The terms and the working agreement ask the same question and
 * must never name two different meetings, even when two are scheduled at the same moment.
 */
describe("the first meeting of a series", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  beforeAll(async () => {
    for (const name of ["manager", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  /** A second meeting at exactly the first one's time. */
  async function twinOf(meetingId: string, values: { id: string; createdAt: (original: Date) => Date }) {
    const [original] = await t.db.select().from(meetings).where(eq(meetings.id, meetingId));
    await t.db.insert(meetings).values({
      id: values.id,
      seriesId: original.seriesId,
      scheduledAt: original.scheduledAt,
      durationMinutes: original.durationMinutes,
      createdAt: values.createdAt(original.createdAt),
    });
    return original;
  }

  async function firstAccordingToEach(report: Actor, seriesId: string, ids: string[]) {
    const terms: string[] = [];
    const agreement: string[] = [];
    for (const id of ids) {
      const page = await loadMeetingWorkspace(report, id);
      if (page.terms.isFirstMeeting) terms.push(id);
      if (page.workingAgreement.isFirstMeeting) agreement.push(id);
    }
    return { terms, agreement, rule: (await firstMeetingOf(t.db, seriesId))?.id };
  }

  it("of two at the same moment, is the one created first, whatever the ids", async () => {
    const [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const twin = "ffffffff-ffff-4fff-bfff-ffffffffffff";
    await twinOf(meetingId, { id: twin, createdAt: (at) => new Date(at.getTime() - 60_000) });
    expect(await firstAccordingToEach(who.report1, seriesId, [meetingId, twin])).toEqual({ terms: [twin], agreement: [twin], rule: twin });
  });

  it("of two at the same moment created at the same moment, is the one with the smaller id", async () => {
    const [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] }));
    const twin = "00000000-0000-4000-8000-000000000000";
    await twinOf(meetingId, { id: twin, createdAt: (at) => at });
    expect(await firstAccordingToEach(who.report2, seriesId, [meetingId, twin])).toEqual({ terms: [twin], agreement: [twin], rule: twin });
  });
});
