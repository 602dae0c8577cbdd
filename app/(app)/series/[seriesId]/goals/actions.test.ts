import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { goalCheckIns, goalReviews, goals } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { startSeries } from "@/lib/server/series";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";

const session = vi.hoisted(() => ({ actor: null as Actor | null, revalidated: [] as string[] }));
vi.mock("@/lib/auth", () => ({ getActor: () => Promise.resolve(session.actor) }));
vi.mock("next/cache", () => ({ revalidatePath: (path: string) => session.revalidated.push(path) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
  unstable_rethrow: (error: unknown) => {
    if (error instanceof Error && error.message === "NEXT_REDIRECT") throw error;
  },
}));

const { addCheckInAction, createGoalAction, markReviewedAction, setGoalStatusAction, updateGoalAction } = await import("./actions");

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.append(k, v);
  return data;
};

describe("the goals page's server actions", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  let meetingId = "";
  let goalId = "";
  const fields = () => ({
    seriesId,
    title: "Mentor a new hire",
    specific: "Mentor the next new hire through their first month.",
    measureKind: "done_condition",
    doneCondition: "They ship their first change on their own.",
    achievable: "An hour a week, with the team's onboarding guide.",
    relevant: "Practice for leading people.",
    dueDate: utcDay(60),
  });
  beforeAll(async () => {
    for (const name of ["manager", "report1", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it("answer a signed-out visitor with 'please sign in', changing nothing", async () => {
    session.actor = null;
    const before = await dumpAll(t.db);
    expect(await createGoalAction(null, form(fields()))).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("answer bad input with field errors and store nothing", async () => {
    session.actor = who.manager;
    const before = await dumpAll(t.db);
    const result = await createGoalAction(null, form({ ...fields(), doneCondition: "", dueDate: "soon" }));
    expect(result).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { doneCondition: expect.any(Array), dueDate: ["Enter the due date as YYYY-MM-DD."] },
    });
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("create a goal and send the person to it", async () => {
    session.actor = who.manager;
    const error = await createGoalAction(null, form(fields())).then(
      () => null,
      (e: unknown) => e as { url: string },
    );
    const [row] = await t.db.select({ id: goals.id }).from(goals);
    goalId = row.id;
    expect(error?.url).toBe(`/series/${seriesId}/goals/${goalId}`);
    expect(session.revalidated).toContain(`/series/${seriesId}`);
  });

  it("refuse another pair's report through every action, changing nothing", async () => {
    session.actor = who.report9;
    const before = await dumpAll(t.db);
    for (const result of [
      await updateGoalAction(null, form({ ...fields(), goalId, baseVersion: "1", title: "Mine now" })),
      await addCheckInAction(null, form({ goalId, checkedOn: utcDay(0), percent: "10" })),
      await setGoalStatusAction(null, form({ goalId, status: "dropped" })),
      await markReviewedAction(null, form({ goalId, meetingId })),
    ]) {
      expect(result).toMatchObject({ ok: false, code: "not_found" });
    }
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("let the report update, check in, set the status and mark the goal reviewed", async () => {
    session.actor = who.report1;
    expect(await updateGoalAction(null, form({ ...fields(), goalId, baseVersion: "1", title: "Mentor two new hires" }))).toMatchObject({
      ok: true,
      data: { version: 2 },
    });
    expect(await addCheckInAction(null, form({ goalId, checkedOn: utcDay(0), percent: "30", note: "Week one" }))).toMatchObject({ ok: true });
    expect(await addCheckInAction(null, form({ goalId, checkedOn: utcDay(0), percent: "130" }))).toMatchObject({
      ok: false,
      fieldErrors: { percent: expect.any(Array) },
    });
    expect(await setGoalStatusAction(null, form({ goalId, status: "at_risk" }))).toMatchObject({ ok: true, data: { override: "at_risk" } });
    expect(await markReviewedAction(null, form({ goalId, meetingId }))).toMatchObject({ ok: true });
    const [goal] = await t.db.select().from(goals).where(eq(goals.id, goalId));
    expect(goal).toMatchObject({ title: "Mentor two new hires", statusOverride: "at_risk", version: 2 });
    expect(await t.db.select({ percent: goalCheckIns.percent }).from(goalCheckIns)).toEqual([{ percent: "30" }]);
    expect(await t.db.select({ userId: goalReviews.userId, meetingId: goalReviews.meetingId }).from(goalReviews)).toEqual([
      { userId: who.report1.id, meetingId },
    ]);
  });
});
