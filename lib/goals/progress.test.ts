import { describe, expect, it } from "vitest";
import { elapsedRatio, progressRatio, suggestStatus } from "./progress";

describe("progressRatio", () => {
  it("measures a numeric check-in from the baseline to the target", () => {
    const goal = { measureKind: "numeric" as const, baseline: 20, target: 60 };
    expect(progressRatio(goal, { value: 40, percent: null })).toBe(0.5);
    expect(progressRatio(goal, { value: 20, percent: null })).toBe(0);
    expect(progressRatio(goal, { value: 70, percent: null })).toBe(1.25);
  });

  it("counts from zero when there is no baseline, and works for targets below the baseline", () => {
    expect(progressRatio({ measureKind: "numeric", baseline: null, target: 10 }, { value: 3, percent: null })).toBe(0.3);
    expect(progressRatio({ measureKind: "numeric", baseline: 100, target: 50 }, { value: 75, percent: null })).toBe(0.5);
  });

  it("reads a done-condition goal's percentage", () => {
    expect(progressRatio({ measureKind: "done_condition", baseline: null, target: null }, { value: null, percent: 40 })).toBe(0.4);
    expect(progressRatio({ measureKind: "done_condition", baseline: null, target: null }, { value: null, percent: null })).toBeNull();
  });
});

describe("elapsedRatio", () => {
  const start = new Date("2030-01-01T00:00:00Z");
  it("runs from 0 at the start to 1 at the end of the due date", () => {
    expect(elapsedRatio(start, "2030-01-10", start)).toBe(0);
    expect(elapsedRatio(start, "2030-01-10", new Date("2030-01-06T00:00:00Z"))).toBe(0.5);
    expect(elapsedRatio(start, "2030-01-10", new Date("2030-03-01T00:00:00Z"))).toBe(1);
  });
});

describe("suggestStatus", () => {
  it("suggests done once the target is reached, whatever the time", () => {
    expect(suggestStatus(1, 0.1)).toBe("done");
    expect(suggestStatus(1.3, 1)).toBe("done");
  });

  it("suggests on track while progress keeps up with time within 10 points", () => {
    expect(suggestStatus(null, 0)).toBe("on_track");
    expect(suggestStatus(0.4, 0.5)).toBe("on_track");
    expect(suggestStatus(0.8, 0.5)).toBe("on_track");
  });

  it("suggests at risk within 30 points and off track beyond", () => {
    expect(suggestStatus(0.3, 0.5)).toBe("at_risk");
    expect(suggestStatus(0.2, 0.5)).toBe("at_risk");
    expect(suggestStatus(0.1, 0.5)).toBe("off_track");
    expect(suggestStatus(null, 0.9)).toBe("off_track");
  });
});
