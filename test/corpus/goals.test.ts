// Bad input, part 3: every text part of a SMART goal and the check-in note.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy";
import { getGoal, listGoals } from "@/lib/server/goal-views";
import { addCheckIn, createGoal } from "@/lib/server/goals";
import { startSeries } from "@/lib/server/series";
import { checkInSchema, createGoalSchema } from "@/lib/validation/goals";
import { EXTRA_STRINGS, feedEach, naughtyStrings, parseOrRefuse } from "@/test/corpus";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";

const strings = naughtyStrings();
const UNSTORABLE = EXTRA_STRINGS.slice(0, 3);

const numericGoal = {
  title: "Faster reviews",
  specific: "Review every pull request within a day.",
  measureKind: "numeric",
  metric: "Median review time",
  baseline: "30",
  target: "8",
  unit: "hours",
  doneCondition: "",
  achievable: "With a review rota.",
  relevant: "The team waits less.",
  dueDate: utcDay(90),
};
const FIELDS = [
  ["title", "numeric"],
  ["specific", "numeric"],
  ["metric", "numeric"],
  ["unit", "numeric"],
  ["doneCondition", "done_condition"],
  ["achievable", "numeric"],
  ["relevant", "numeric"],
] as const;

describe("bad input: goals and check-ins", { timeout: 600_000 }, () => {
  const t = useTestDatabase();
  let manager: Actor;
  let report: Actor;
  let seriesId = "";
  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
    [{ seriesId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
  });

  it.each(FIELDS)("keeps every string as a goal's %s (trimmed) or refuses it on that field", async (field, measureKind) => {
    const added = new Map<string, string | null>();
    const tally = await feedEach(strings, [field], async (s) => {
      const input = parseOrRefuse(createGoalSchema, { ...numericGoal, seriesId, measureKind, [field]: s });
      // An optional unit left blank is stored as no unit.
      added.set((await createGoal(report, input)).id, field === "unit" && !s.trim() ? null : s.trim());
    });
    const shown = new Map((await listGoals(manager, seriesId)).goals.map((g) => [g.id, g[field]]));
    expect([...added].filter(([id, value]) => shown.get(id) !== value)).toEqual([]);
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, "x".repeat(5_000)]));
    expect(tally.stored.length).toBeGreaterThan(200);
  });

  it("keeps every check-in note (trimmed) or refuses it on the note field", async () => {
    const { id: goalId } = await createGoal(report, parseOrRefuse(createGoalSchema, { ...numericGoal, seriesId }));
    const notes: string[] = [];
    const tally = await feedEach(strings, ["note"], async (s) => {
      const input = parseOrRefuse(checkInSchema, { goalId, checkedOn: utcDay(0), value: "20", percent: "", note: s });
      await addCheckIn(manager, input);
      notes.push(s.trim());
    });
    const shown = (await getGoal(report, goalId)).goal.checkIns;
    // Every note, trimmed. The list runs by day, then by when each was made; PGlite's clock counts
    // milliseconds, and check-ins made in the same one come by their ids, not in the order made.
    expect(shown.map((c) => c.note).sort()).toEqual([...notes].sort());
    const made = shown.map((c) => new Date(c.createdAt).getTime());
    expect(made).toEqual([...made].sort((a, b) => a - b));
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, "x".repeat(5_000)]));
  });
});
