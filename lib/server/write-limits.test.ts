import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, safetyEscalations, topics } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  type Actor,
  ESCALATION_LIMIT_MESSAGE,
  ESCALATIONS_PER_DAY,
  TOPICS_PER_MEETING,
  TOPICS_PER_MEETING_MESSAGE,
  TOPICS_PER_MINUTE,
  TOPICS_PER_MINUTE_MESSAGE,
} from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { recordEscalation } from "./escalations";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";
import { addTopic } from "./topics";

const DAY = 86_400_000;

describe("nobody can flood a pair's record: escalations and topics are limited, counted in the database", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const seriesOf: Record<string, string> = {};
  beforeAll(async () => {
    for (const name of ["manager", "report1", "report2", "report3", "report4"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    const reports = ["report1", "report2", "report3", "report4"];
    for (const c of await startSeries(who.manager, seriesInput({ reportIds: reports.map((r) => who[r].id) }))) {
      seriesOf[reports.find((r) => who[r].name === c.reportName)!] = c.seriesId;
    }
  });

  const escalate = (seriesId: string, now?: Date) =>
    recordEscalation(who.manager, { seriesId, reason: "Said something worrying about safety", confirm: "yes" }, now);
  const escalations = async (seriesId: string) =>
    (await t.db.select({ n: count() }).from(safetyEscalations).where(eq(safetyEscalations.seriesId, seriesId)))[0].n;
  const logged = async (reportId: string) =>
    (
      await t.db
        .select({ n: count() })
        .from(accessLog)
        .where(and(eq(accessLog.reportId, reportId), eq(accessLog.kind, "escalation")))
    )[0].n;

  it(`records ${ESCALATIONS_PER_DAY} safety escalations a series a day and refuses the next with a clear message, writing nothing`, async () => {
    for (let i = 0; i < ESCALATIONS_PER_DAY; i++) await escalate(seriesOf.report1);
    const refusal = await expectRefusedUnchanged(t.db, () => escalate(seriesOf.report1), "invalid");
    expect(refusal.message).toBe(ESCALATION_LIMIT_MESSAGE);
    expect(refusal.fieldErrors?.reason).toEqual([ESCALATION_LIMIT_MESSAGE]);
    expect(await escalations(seriesOf.report1)).toBe(ESCALATIONS_PER_DAY);
    expect(await logged(who.report1.id)).toBe(ESCALATIONS_PER_DAY);
    // Another series of the same manager has its own allowance.
    await escalate(seriesOf.report2);
    expect(await escalations(seriesOf.report2)).toBe(1);
  });

  it("lets no more than the day's allowance through when 20 arrive at once", async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => escalate(seriesOf.report3)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(ESCALATIONS_PER_DAY);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r.reason as AppError).message).toBe(ESCALATION_LIMIT_MESSAGE);
    expect(await escalations(seriesOf.report3)).toBe(ESCALATIONS_PER_DAY);
    expect(await logged(who.report3.id)).toBe(ESCALATIONS_PER_DAY);
  });

  it("gives the series a new allowance on the next UTC day", async () => {
    await escalate(seriesOf.report1, new Date(Date.now() + DAY));
    expect(await escalations(seriesOf.report1)).toBe(ESCALATIONS_PER_DAY + 1);
  });

  const add = (author: Actor, seriesId: string, now: Date, text = "A topic") => addTopic(author, { seriesId, text, kind: "strategic", category: "other" }, now);
  const topicsOf = async (seriesId: string, authorId: string) =>
    (
      await t.db
        .select({ n: count() })
        .from(topics)
        .where(and(eq(topics.seriesId, seriesId), eq(topics.authorId, authorId)))
    )[0].n;

  it("refuses most of 1,500 topics added in 45 seconds, with a clear message, and the meeting page stays small", async () => {
    const start = Date.now();
    let added = 0;
    let meetingId = "";
    for (let i = 0; i < 1_500; i++) {
      try {
        meetingId = (await add(who.report4, seriesOf.report4, new Date(start + i * 30), `Flood ${i} ${"x".repeat(400)}`)).meetingId;
        added++;
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).fieldErrors?.text).toEqual([TOPICS_PER_MINUTE_MESSAGE]);
      }
    }
    expect(added).toBe(TOPICS_PER_MINUTE);
    expect(await topicsOf(seriesOf.report4, who.report4.id)).toBe(TOPICS_PER_MINUTE);
    const page = await loadMeetingWorkspace(who.manager, meetingId);
    expect(page.work.topics).toHaveLength(TOPICS_PER_MINUTE);
    expect(JSON.stringify(page).length).toBeLessThan(100_000);
  }, 300_000);

  it(`holds at most ${TOPICS_PER_MEETING} topics of one person in one meeting however slowly they come, and leaves the other person free`, async () => {
    const start = Date.now() + 10 * 60_000; // after the flood's minute
    const pace = 60_000 / TOPICS_PER_MINUTE + 1;
    let meetingId = "";
    for (let i = 0; i < TOPICS_PER_MEETING; i++) meetingId = (await add(who.report2, seriesOf.report2, new Date(start + i * pace), `Slow ${i}`)).meetingId;
    const late = new Date(start + TOPICS_PER_MEETING * pace);
    const refusal = await expectRefusedUnchanged(t.db, () => add(who.report2, seriesOf.report2, late, "One too many"), "invalid");
    expect(refusal.fieldErrors?.text).toEqual([TOPICS_PER_MEETING_MESSAGE]);
    await add(who.manager, seriesOf.report2, late, "The manager's own topic");
    expect((await loadMeetingWorkspace(who.report2, meetingId)).work.topics).toHaveLength(TOPICS_PER_MEETING + 1);
  }, 300_000);

  it("lets exactly a minute's allowance through when 30 topics arrive at once", async () => {
    const now = new Date(Date.now() + 60 * 60_000);
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => add(who.report3, seriesOf.report3, now, `Parallel ${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(TOPICS_PER_MINUTE);
    expect(await topicsOf(seriesOf.report3, who.report3.id)).toBe(TOPICS_PER_MINUTE);
  });

  it("leaves normal use alone: both people add a few topics in the same minute", async () => {
    const now = Date.now() + 2 * 60 * 60_000;
    for (let i = 0; i < 5; i++) {
      await add(who.report1, seriesOf.report1, new Date(now + i * 1_000), `Report's topic ${i}`);
      await add(who.manager, seriesOf.report1, new Date(now + i * 1_000 + 500), `Manager's topic ${i}`);
    }
    expect(await topicsOf(seriesOf.report1, who.report1.id)).toBe(5);
    expect(await topicsOf(seriesOf.report1, who.manager.id)).toBe(5);
  });
});
