import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../validation/common";
import { checkInSchema, createGoalSchema, goalStatusSchema, markReviewedSchema } from "../validation/goals";
import { addYears, type GoalDraft, goalHints, goalIssues, smartParts, todayUtc } from "./smart";

const TODAY = "2030-03-10";
const SERIES = "3f1c2a54-7a8b-4c1d-9e2f-0a1b2c3d4e5f";
const valid: GoalDraft = {
  title: "Ship the onboarding guide",
  specific: "Write and publish the onboarding guide for new engineers.",
  measureKind: "numeric",
  metric: "Chapters published",
  baseline: "0",
  target: "8",
  unit: "chapters",
  doneCondition: "",
  achievable: "Two hours a week, reviews from the team lead.",
  relevant: "New people ramp up faster.",
  dueDate: "2030-06-30",
};
const fields = (d: Partial<GoalDraft>, today = TODAY) => goalIssues({ ...valid, ...d }, today).map((i) => i.field);

describe("the SMART rules", () => {
  it("accept a complete goal and call every part met", () => {
    expect(goalIssues(valid, TODAY)).toEqual([]);
    expect(Object.values(smartParts(valid, TODAY)).every((p) => p.met)).toBe(true);
  });

  it("refuse empty parts, each under its own field and SMART part", () => {
    const empty = { title: " ", specific: "", metric: "", target: "", achievable: "", relevant: "", dueDate: "" };
    expect(fields(empty).sort()).toEqual(["achievable", "dueDate", "metric", "relevant", "specific", "target", "title"]);
    const parts = smartParts({ ...valid, ...empty }, TODAY);
    expect(
      Object.entries(parts)
        .filter(([, p]) => !p.met)
        .map(([k]) => k),
    ).toEqual(["specific", "measurable", "achievable", "relevant", "timeBound"]);
    expect(parts.measurable.messages).toContain("Enter a target number.");
  });

  it("want a numeric target (and baseline) where a number is chosen, or a done condition otherwise", () => {
    expect(goalIssues({ ...valid, target: "eight" }, TODAY)).toEqual([{ field: "target", message: "The target must be a number, such as 12 or 4.5." }]);
    expect(fields({ baseline: "a few" })).toEqual(["baseline"]);
    expect(fields({ baseline: "8" })).toEqual(["target"]);
    expect(fields({ baseline: "" })).toEqual([]);
    expect(fields({ measureKind: "done_condition", target: "eight", doneCondition: "" })).toEqual(["doneCondition"]);
    expect(fields({ measureKind: "done_condition", target: "", metric: "", doneCondition: "The guide is live." })).toEqual([]);
    expect(fields({ measureKind: "vibes" })).toEqual(["measureKind"]);
  });

  it("want a due date after today, at most two years ahead, as a real date", () => {
    expect(fields({ dueDate: TODAY })).toEqual(["dueDate"]);
    expect(fields({ dueDate: "2029-12-31" })).toEqual(["dueDate"]);
    expect(fields({ dueDate: "2030-03-11" })).toEqual([]);
    expect(fields({ dueDate: "2032-03-10" })).toEqual([]);
    expect(fields({ dueDate: "2032-03-11" })).toEqual(["dueDate"]);
    expect(fields({ dueDate: "2030-02-30" })).toEqual(["dueDate"]);
    expect(fields({ dueDate: "30/06/2030" })).toEqual(["dueDate"]);
    expect(addYears("2028-02-29", 2)).toBe("2030-02-28");
  });

  it("limit the length of every text", () => {
    expect(fields({ title: "x".repeat(121) })).toEqual(["title"]);
    expect(fields({ title: "x".repeat(120) })).toEqual([]);
    expect(fields({ specific: "x".repeat(1001), achievable: "x".repeat(1001), relevant: "x".repeat(1001), unit: "x".repeat(41) }).sort()).toEqual([
      "achievable",
      "relevant",
      "specific",
      "unit",
    ]);
  });
});

describe("the SMART hints", () => {
  const hints = (d: Partial<GoalDraft>) => goalHints({ ...valid, ...d }, TODAY).map((h) => h.field);
  const partsOf = (d: Partial<GoalDraft>) => smartParts({ ...valid, ...d }, TODAY);

  it("give none for a sound goal", () => {
    expect(goalHints(valid, TODAY)).toEqual([]);
    expect(Object.values(partsOf({})).every((p) => p.hints.length === 0)).toBe(true);
  });

  it("flag a target below the baseline, a due date within a week, and a one-word Specific part, without refusing the goal", () => {
    expect(hints({ baseline: "10", target: "8" })).toEqual(["target"]);
    expect(hints({ baseline: "", target: "-2" })).toEqual(["target"]);
    expect(hints({ dueDate: "2030-03-17" })).toEqual(["dueDate"]);
    expect(hints({ dueDate: "2030-03-18" })).toEqual([]);
    expect(hints({ specific: "  Onboarding. " })).toEqual(["specific"]);
    const parts = partsOf({ baseline: "10", target: "8", dueDate: "2030-03-12", specific: "Onboarding" });
    expect(parts.measurable).toMatchObject({ met: true, messages: [] });
    expect(parts.measurable.hints[0]).toMatch(/below the baseline/);
    expect(parts.timeBound).toMatchObject({ met: true });
    expect(parts.timeBound.hints[0]).toMatch(/within a week/);
    expect(parts.specific.hints[0]).toMatch(/One word/);
    expect(goalIssues({ ...valid, baseline: "10", target: "8", dueDate: "2030-03-12", specific: "Onboarding" }, TODAY)).toEqual([]);
  });

  it("leave a done-condition goal's numbers and an invalid date to the rules", () => {
    expect(hints({ measureKind: "done_condition", doneCondition: "Live", baseline: "10", target: "8" })).toEqual([]);
    expect(hints({ dueDate: TODAY })).toEqual([]);
    expect(hints({ dueDate: "2030-02-30" })).toEqual([]);
  });
});

describe("the goal schemas", () => {
  const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const input = { ...valid, seriesId: SERIES, dueDate: future(60) };

  it("apply the same rules as the form and return the values to store", () => {
    expect(createGoalSchema.parse(input)).toMatchObject({ seriesId: SERIES, measureKind: "numeric", baseline: 0, target: 8, doneCondition: null });
    const parsed = createGoalSchema.safeParse({ ...input, target: "lots", dueDate: todayUtc(), relevant: "" });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({
      target: ["The target must be a number, such as 12 or 4.5."],
      relevant: ["Say why this goal matters."],
      dueDate: ["The due date must be in the future."],
    });
  });

  it("drop the numeric fields of a done-condition goal and name a bad series id with the SMART errors", () => {
    expect(createGoalSchema.parse({ ...input, measureKind: "done_condition", doneCondition: "Live" })).toMatchObject({
      metric: null,
      target: null,
      unit: null,
      doneCondition: "Live",
    });
    const errors = fieldErrorsOf(createGoalSchema.safeParse({ ...input, seriesId: "x", title: "" }).error!);
    expect(Object.keys(errors).sort()).toEqual(["seriesId", "title"]);
  });

  it("take check-ins with a value or a percentage from 0 to 100, dated today or earlier", () => {
    const base = { goalId: SERIES, checkedOn: todayUtc() };
    expect(checkInSchema.parse({ ...base, value: "4.5" })).toMatchObject({ value: 4.5, percent: null, note: "" });
    expect(checkInSchema.parse({ ...base, percent: "100" }).percent).toBe(100);
    const errors = (v: object) => fieldErrorsOf(checkInSchema.safeParse({ ...base, ...v }).error!);
    expect(errors({ percent: "101" })).toEqual({ percent: ["Progress is a number from 0 to 100."] });
    expect(errors({ percent: "-1" })).toEqual({ percent: ["Progress is a number from 0 to 100."] });
    expect(errors({ value: "four" })).toEqual({ value: ["The value must be a number, such as 12 or 4.5."] });
    expect(Object.keys(errors({ checkedOn: future(2), note: "x".repeat(1001) })).sort()).toEqual(["checkedOn", "note"]);
    expect(Object.keys(errors({ checkedOn: "yesterday" }))).toEqual(["checkedOn"]);
  });

  it("know the statuses, automatic included, and an optional meeting for a review mark", () => {
    expect(goalStatusSchema.safeParse({ goalId: SERIES, status: "auto" }).success).toBe(true);
    expect(goalStatusSchema.safeParse({ goalId: SERIES, status: "great" }).success).toBe(false);
    expect(markReviewedSchema.parse({ goalId: SERIES, meetingId: "" }).meetingId).toBeNull();
  });
});
