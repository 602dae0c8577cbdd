import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { coveringAssignments, goalCheckIns, goalReviews, goals, goalVersions } from "@/db/schema";
import { invalid } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { fieldErrorsOf } from "@/lib/validation/common";
import { checkInSchema, createGoalSchema, updateGoalSchema } from "@/lib/validation/goals";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { goalDraft as draft, seriesInput, utcDay } from "@/test/fixtures";
import { getGoal, listGoals } from "./goal-views";
import { addCheckIn, createGoal, markGoalReviewed, setGoalStatus, updateGoal } from "./goals";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";

// Outsiders have no relation to the series and are not told it exists; the admin has one but not the right.
const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test", "not_found"],
  ["a report of another pair of the same manager", "report2@demo.test", "not_found"],
  ["the manager of another pair", "manager2@demo.test", "not_found"],
  ["the org admin", "admin@demo.test", "forbidden"],
] as const;

/** What a server action does: parse with the shared schema (field errors), then call lib/server. */
async function viaSchema<S extends z.ZodType, T>(schema: S, raw: unknown, run: (data: z.output<S>) => Promise<T>) {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  return run(parsed.data);
}

describe("SMART goals of a reporting line", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  let seriesId = "";
  let meetingId = "";
  let otherMeetingId = "";
  let goalId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    [{ meetingId: otherMeetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id], startTime: "14:00" }));
  });
  const create = (actor: Actor, over: Record<string, string> = {}) =>
    viaSchema(createGoalSchema, { ...draft(over), seriesId }, (data) => createGoal(actor, data));
  const stored = async () => (await t.db.select().from(goals).where(eq(goals.id, goalId)))[0];

  it.each(OUTSIDERS)("refuses %s creating a goal, storing nothing", async (_, email, code) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => create(actor), code);
  });

  it("lets the manager create a goal with all five parts on the pair's reporting line", async () => {
    const created = await create(who.manager);
    goalId = created.id;
    expect(created.seriesId).toBe(seriesId);
    expect(await stored()).toMatchObject({
      title: "Run the on-call review",
      measureKind: "numeric",
      metric: "Reviews led",
      baseline: "0",
      target: "4",
      unit: "reviews",
      doneCondition: null,
      status: "on_track",
      statusOverride: null,
      version: 1,
      createdBy: who.manager.id,
    });
  });

  it("lets the report create a goal with a done condition", async () => {
    const { id } = await create(who.report1, { title: "Give a tech talk", measureKind: "done_condition", doneCondition: "The talk is given.", target: "" });
    const [row] = await t.db.select().from(goals).where(eq(goals.id, id));
    expect(row).toMatchObject({ createdBy: who.report1.id, measureKind: "done_condition", target: null, metric: null, doneCondition: "The talk is given." });
  });

  it("refuses bad goals with field errors and stores nothing", async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ specific: "", achievable: " ", relevant: "" }, ["achievable", "relevant", "specific"]],
      [{ target: "four" }, ["target"]],
      [{ measureKind: "done_condition", doneCondition: "" }, ["doneCondition"]],
      [{ dueDate: utcDay(-1) }, ["dueDate"]],
      [{ dueDate: utcDay(0) }, ["dueDate"]],
      [{ dueDate: "2030-02-31" }, ["dueDate"]],
      [{ dueDate: utcDay(2 * 366 + 1) }, ["dueDate"]],
      [{ title: "x".repeat(121), specific: "x".repeat(1001) }, ["specific", "title"]],
    ];
    for (const [over, fields] of cases) {
      const error = await expectRefusedUnchanged(t.db, () => create(who.manager, over), "invalid");
      expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(fields);
    }
  });

  it("shows both people the goals page; a goal nobody reviewed is flagged 30 days after it was made, not on its first day", async () => {
    for (const actor of [who.manager, who.report1]) {
      const page = await listGoals(actor, seriesId);
      expect(page).toMatchObject({ capabilities: { write: true, review: true }, managerName: "Priya Raman", reportName: "Jonas Weber" });
      expect(page.goals.map((g) => g.title).sort()).toEqual(["Give a tech talk", "Run the on-call review"]);
      expect(page.goals.every((g) => !g.needsReview && g.lastReviewedTogetherAt === null)).toBe(true);
      const later = await listGoals(actor, seriesId, new Date(Date.now() + 31 * 86_400_000));
      expect(later.goals.every((g) => g.needsReview)).toBe(true);
    }
  });

  it.each(OUTSIDERS)("refuses %s the goals page, a goal and a meeting's goals", async (_, email, code) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => listGoals(actor, seriesId), code);
    await expectRefusedUnchanged(t.db, () => getGoal(actor, goalId), code);
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(actor, meetingId), email === "admin@demo.test" ? "forbidden" : "not_found");
  });

  it.each(OUTSIDERS)("refuses %s changing a goal, checking in, setting status or marking it reviewed", async (_, email, code) => {
    const actor = await as(email);
    await expectRefusedUnchanged(
      t.db,
      () => viaSchema(updateGoalSchema, { ...draft({ title: "Taken" }), goalId, baseVersion: "1" }, (d) => updateGoal(actor, d)),
      code,
    );
    await expectRefusedUnchanged(t.db, () => addCheckIn(actor, { goalId, checkedOn: utcDay(0), value: 1, percent: null, note: "" }), code);
    await expectRefusedUnchanged(t.db, () => setGoalStatus(actor, { goalId, status: "dropped" }), code);
    await expectRefusedUnchanged(t.db, () => markGoalReviewed(actor, { goalId, meetingId }), code);
  });

  it("answers not found for a goal that does not exist or a malformed id", async () => {
    await expect(getGoal(who.manager, crypto.randomUUID())).rejects.toMatchObject({ code: "not_found" });
    await expect(getGoal(who.manager, "42")).rejects.toMatchObject({ code: "not_found" });
  });

  it("changes the SMART parts, keeping the previous version with who and when", async () => {
    const update = (actor: Actor, over: Record<string, string>, baseVersion: string) =>
      viaSchema(updateGoalSchema, { ...draft(over), goalId, baseVersion }, (d) => updateGoal(actor, d));
    expect(await update(who.report1, { target: "6" }, "1")).toMatchObject({ version: 2, seriesId });
    expect(await stored()).toMatchObject({ target: "6", version: 2 });
    const [v] = await t.db.select().from(goalVersions).where(eq(goalVersions.goalId, goalId));
    expect(v).toMatchObject({ version: 1, changedBy: who.report1.id, previous: expect.objectContaining({ target: "4", title: "Run the on-call review" }) });
    const page = await getGoal(who.manager, goalId);
    expect(page.versions).toEqual([expect.objectContaining({ version: 1, changedByName: "Jonas Weber" })]);
  });

  it("refuses an edit from a stale copy as a conflict, changing nothing", async () => {
    const stale = () => viaSchema(updateGoalSchema, { ...draft({ title: "Stale" }), goalId, baseVersion: "1" }, (d) => updateGoal(who.manager, d));
    await expectRefusedUnchanged(t.db, stale, "conflict");
  });

  it("refuses a bad edit with field errors", async () => {
    const error = await expectRefusedUnchanged(
      t.db,
      () => viaSchema(updateGoalSchema, { ...draft({ target: "" }), goalId, baseVersion: "2" }, (d) => updateGoal(who.manager, d)),
      "invalid",
    );
    expect(error.fieldErrors).toEqual({ target: ["Enter a target number."] });
  });

  it("stores no version when nothing changed", async () => {
    const before = await dumpAll(t.db);
    await viaSchema(updateGoalSchema, { ...draft({ target: "6" }), goalId, baseVersion: "2" }, (d) => updateGoal(who.manager, d));
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("takes check-ins from both, and suggests a status from progress", async () => {
    const checkIn = (actor: Actor, raw: Record<string, string>) =>
      viaSchema(checkInSchema, { goalId, checkedOn: utcDay(0), ...raw }, (d) => addCheckIn(actor, d));
    expect(await checkIn(who.report1, { value: "3", note: "Led three" })).toMatchObject({ status: "on_track" });
    expect(await checkIn(who.manager, { value: "6" })).toMatchObject({ status: "done" });
    const rows = await t.db.select().from(goalCheckIns).where(eq(goalCheckIns.goalId, goalId));
    expect(rows.map((r) => [r.authorId, r.value, r.note])).toEqual(
      expect.arrayContaining([
        [who.report1.id, "3", "Led three"],
        [who.manager.id, "6", ""],
      ]),
    );
    const page = await getGoal(who.report1, goalId);
    expect(page.goal).toMatchObject({ suggested: "done", status: "done", progress: 1 });
    expect(page.goal.checkIns.map((c) => c.progress)).toEqual([0.5, 1]);
  });

  it("refuses bad check-ins with field errors, storing nothing", async () => {
    const bad =
      (raw: Record<string, string>, id = goalId) =>
      () =>
        viaSchema(checkInSchema, { goalId: id, checkedOn: utcDay(0), ...raw }, (d) => addCheckIn(who.manager, d));
    const fields = async (run: () => Promise<unknown>) => Object.keys((await expectRefusedUnchanged(t.db, run, "invalid")).fieldErrors ?? {});
    expect(await fields(bad({ value: "lots" }))).toEqual(["value"]);
    expect(await fields(bad({}))).toEqual(["value"]);
    expect(await fields(bad({ value: "1", checkedOn: utcDay(3) }))).toEqual(["checkedOn"]);
    expect(await fields(bad({ value: "1", note: "x".repeat(1001) }))).toEqual(["note"]);
    const talk = (await listGoals(who.manager, seriesId)).goals.find((g) => g.title === "Give a tech talk")!.id;
    expect(await fields(bad({ percent: "101" }, talk))).toEqual(["percent"]);
    expect(await fields(bad({ percent: "-5" }, talk))).toEqual(["percent"]);
    expect(await fields(bad({ value: "5" }, talk))).toEqual(["percent"]);
  });

  it("lets a person override the suggested status and clear the override", async () => {
    expect(await setGoalStatus(who.report1, { goalId, status: "at_risk" })).toMatchObject({ status: "at_risk", override: "at_risk" });
    expect(await stored()).toMatchObject({ status: "at_risk", statusOverride: "at_risk" });
    expect((await getGoal(who.manager, goalId)).goal).toMatchObject({ status: "at_risk", suggested: "done" });
    await setGoalStatus(who.manager, { goalId, status: "auto" });
    expect(await stored()).toMatchObject({ status: "done", statusOverride: null });
  });

  it("lists active goals in a meeting, stores each person's mark with its time, and shows when both reviewed", async () => {
    await setGoalStatus(who.manager, { goalId, status: "on_track" });
    const before = (await loadMeetingWorkspace(who.report1, meetingId)).goals!;
    expect(before.goals.map((g) => g.title).sort()).toEqual(["Give a tech talk", "Run the on-call review"]);
    expect(before.goals.find((g) => g.id === goalId)).toMatchObject({ managerMarked: false, reportMarked: false, markedByMe: false });

    const first = await markGoalReviewed(who.manager, { goalId, meetingId });
    expect((await listGoals(who.manager, seriesId)).goals.find((g) => g.id === goalId)).toMatchObject({ lastReviewedTogetherAt: null, needsReview: false });
    // Each person's mark is their own: the report sees the manager's, not one of their own.
    expect((await loadMeetingWorkspace(who.report1, meetingId)).goals?.goals.find((g) => g.id === goalId)).toMatchObject({
      managerMarked: true,
      reportMarked: false,
      markedByMe: false,
    });
    const second = await markGoalReviewed(who.report1, { goalId, meetingId });
    const marks = await t.db.select().from(goalReviews).where(eq(goalReviews.goalId, goalId));
    expect(marks.map((m) => [m.userId, m.meetingId]).sort()).toEqual(
      [
        [who.manager.id, meetingId],
        [who.report1.id, meetingId],
      ].sort(),
    );
    const row = (await listGoals(who.manager, seriesId)).goals.find((g) => g.id === goalId)!;
    expect(row.lastReviewedTogetherAt).toEqual(second.reviewedAt);
    expect(second.reviewedAt.getTime()).toBeGreaterThanOrEqual(first.reviewedAt.getTime());
    expect((await loadMeetingWorkspace(who.report1, meetingId)).goals?.goals.find((g) => g.id === goalId)).toMatchObject({
      managerMarked: true,
      reportMarked: true,
      markedByMe: true,
    });
  });

  it("marks a review from the goals page without a meeting, but refuses a meeting of another series", async () => {
    expect(await markGoalReviewed(who.report1, { goalId, meetingId: null })).toMatchObject({ meetingId: null });
    const error = await expectRefusedUnchanged(t.db, () => markGoalReviewed(who.report1, { goalId, meetingId: otherMeetingId }), "invalid");
    expect(error.fieldErrors).toHaveProperty("meetingId");
  });

  it("flags a goal whose latest review is older than 30 days", async () => {
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect((await listGoals(who.manager, seriesId, later)).goals.find((g) => g.id === goalId)).toMatchObject({ needsReview: true });
  });

  it("leaves dropped goals out of a meeting's list", async () => {
    await setGoalStatus(who.manager, { goalId, status: "dropped" });
    expect((await loadMeetingWorkspace(who.manager, meetingId)).goals?.goals.map((g) => g.id)).not.toContain(goalId);
    expect((await listGoals(who.manager, seriesId)).goals.at(-1)).toMatchObject({ id: goalId, status: "dropped", active: false });
  });

  it("lets a covering manager read the goals but change nothing", async () => {
    await t.db
      .insert(coveringAssignments)
      .values({ seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(-1), endsOn: utcDay(5), createdBy: who.manager.id });
    expect(await listGoals(who.manager2, seriesId)).toMatchObject({
      relation: "covering",
      capabilities: { read: true, write: false, checkIn: false, setStatus: false, review: false },
    });
    expect((await getGoal(who.manager2, goalId)).capabilities.write).toBe(false);
    expect((await loadMeetingWorkspace(who.manager2, meetingId)).capabilities).toMatchObject({ viewGoals: true, reviewGoals: false });
    await expectRefusedUnchanged(t.db, () => create(who.manager2), "forbidden");
    await expectRefusedUnchanged(t.db, () => addCheckIn(who.manager2, { goalId, checkedOn: utcDay(0), value: 1, percent: null, note: "" }), "forbidden");
    await expectRefusedUnchanged(t.db, () => setGoalStatus(who.manager2, { goalId, status: "on_track" }), "forbidden");
    await expectRefusedUnchanged(t.db, () => markGoalReviewed(who.manager2, { goalId, meetingId }), "forbidden");
    await expectRefusedUnchanged(
      t.db,
      () => viaSchema(updateGoalSchema, { ...draft({ title: "Covered" }), goalId, baseVersion: "2" }, (d) => updateGoal(who.manager2, d)),
      "forbidden",
    );
  });
});

describe("goals due on the same day", () => {
  const t = useTestDatabase();
  it("keep one order, the order they were made in, on the goals page and in a meeting, however often one changes", async () => {
    const manager = await actorOf(t.db, "manager@demo.test");
    const report = await actorOf(t.db, "report3@demo.test");
    const [{ seriesId, meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    const titles = ["First made", "Second made", "Third made", "Fourth made"];
    const ids: string[] = [];
    for (const title of titles) {
      ids.push((await viaSchema(createGoalSchema, { ...draft({ title, dueDate: utcDay(90) }), seriesId }, (data) => createGoal(manager, data))).id);
    }
    const orders = async () => [
      (await listGoals(manager, seriesId)).goals.map((g) => g.title),
      (await loadMeetingWorkspace(report, meetingId)).goals!.goals.map((g) => g.title),
    ];
    expect(await orders()).toEqual([titles, titles]);
    // Each change writes a new version of the row, which the table and its index on the due date
    // then hold after the others': moved to another day and back, a goal is stored last.
    const edit = (i: number, dueDate: string, baseVersion: string) =>
      viaSchema(updateGoalSchema, { ...draft({ title: titles[i], dueDate }), goalId: ids[i], baseVersion }, (d) => updateGoal(report, d));
    for (const i of [0, 1, 2]) {
      await edit(i, utcDay(80), "1");
      await edit(i, utcDay(90), "2");
      await setGoalStatus(manager, { goalId: ids[i], status: "at_risk" });
      expect(await orders()).toEqual([titles, titles]);
    }
  });
});
