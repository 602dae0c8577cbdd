import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { COVERING_MAX_DAYS, UNDO_WINDOW_MS, assertLeaveRange, assertMayMarkLeave, assertMayNameCoveringForLeave, assertMayUndo } from "./index";
import { RELATIONS } from "./table";

const NOW = new Date("2025-06-10T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const refusalOf = (run: () => void) => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const error = e as AppError;
    return { code: error.code, message: error.message, fields: error.fieldErrors ?? {} };
  }
  return "allowed";
};

describe("undoing a cancel, a move or a leave", () => {
  const change = (over = {}) => ({ actorId: "me", createdAt: ago(3_600_000), undoneAt: null, ...over });

  it("lets the person who made it undo it once, within 24 hours, while they still write every series it touched", () => {
    expect(refusalOf(() => assertMayUndo("me", change(), ["manager", "covering", "report"], NOW))).toBe("allowed");
    expect(refusalOf(() => assertMayUndo("me", change({ createdAt: ago(UNDO_WINDOW_MS) }), [], NOW))).toBe("allowed");
    expect(UNDO_WINDOW_MS).toBe(24 * 3600_000);
  });

  it("hides someone else's change as not found, even from the other person of the pair", () => {
    expect(refusalOf(() => assertMayUndo("you", change(), ["manager"], NOW))).toMatchObject({ code: "not_found" });
  });

  it("refuses someone who lost the series since: an ended line, a closed covering range, an admin", () => {
    for (const relation of ["none", "admin"] as const) {
      expect(refusalOf(() => assertMayUndo("me", change(), ["manager", relation], NOW))).toMatchObject({
        code: "forbidden",
        message: "You can no longer change this series.",
      });
    }
  });

  it("refuses a second undo and one after the window, as conflicts that say why", () => {
    expect(refusalOf(() => assertMayUndo("me", change({ undoneAt: ago(60_000) }), ["manager"], NOW))).toMatchObject({
      code: "conflict",
      message: "This change was already undone.",
    });
    expect(refusalOf(() => assertMayUndo("me", change({ createdAt: ago(UNDO_WINDOW_MS + 1) }), ["manager"], NOW))).toMatchObject({
      code: "conflict",
      message: "A change can be undone only within 24 hours.",
    });
  });
});

describe("marking leave", () => {
  it("lets a manager mark their own leave and a current report's", () => {
    expect(refusalOf(() => assertMayMarkLeave({ id: "lead" }, { id: "lead", managesPerson: false, actorManagesAnyone: true }))).toBe("allowed");
    expect(refusalOf(() => assertMayMarkLeave({ id: "lead" }, { id: "report", managesPerson: true, actorManagesAnyone: true }))).toBe("allowed");
  });

  it("refuses someone who manages nobody their own leave, and anyone a person they do not manage today", () => {
    expect(refusalOf(() => assertMayMarkLeave({ id: "report" }, { id: "report", managesPerson: false, actorManagesAnyone: false }))).toMatchObject({
      code: "forbidden",
      message: "Only a manager marks leave here; ask your manager to mark yours.",
    });
    expect(refusalOf(() => assertMayMarkLeave({ id: "lead" }, { id: "stranger", managesPerson: false, actorManagesAnyone: true }))).toMatchObject({
      code: "forbidden",
      message: "You can mark leave only for yourself or one of your current reports.",
    });
  });
});

describe("a leave's range", () => {
  const TODAY = "2025-06-10";
  const LAST_START = "2026-06-10";
  const range = (startsOn: string, endsOn: string) => refusalOf(() => assertLeaveRange(startsOn, endsOn, TODAY, LAST_START));

  it("runs from today or later, up to the last allowed start, for one day up to the covering limit", () => {
    expect(range(TODAY, TODAY)).toBe("allowed");
    expect(range(LAST_START, LAST_START)).toBe("allowed");
    expect(range(TODAY, "2025-09-09")).toBe("allowed"); // 92 days
    expect(COVERING_MAX_DAYS).toBe(92);
  });

  it("refuses, on the field at fault, a start in the past or too far ahead, an end before the start, a range too long", () => {
    expect(range("2025-06-09", TODAY)).toMatchObject({ code: "invalid", fields: { startsOn: ["The first day must be today or later."] } });
    expect(range("2026-06-11", "2026-06-12")).toMatchObject({ code: "invalid", fields: { startsOn: ["The first day must be within the next 365 days."] } });
    expect(range("2025-06-12", "2025-06-11")).toMatchObject({ code: "invalid", fields: { endsOn: ["The last day must not be before the first."] } });
    expect(range(TODAY, "2025-09-10")).toMatchObject({
      code: "invalid",
      fields: { endsOn: ["A leave lasts at most 92 days here; mark a longer one in parts."] },
    });
  });
});

describe("naming a covering manager with one's leave", () => {
  it("is the manager's own, for the series they manage", () => {
    expect(refusalOf(() => assertMayNameCoveringForLeave("lead", "lead", "manager"))).toBe("allowed");
  });

  it("refuses naming one for someone else's leave, and naming one for a series one does not manage", () => {
    expect(refusalOf(() => assertMayNameCoveringForLeave("lead", "report", "manager"))).toMatchObject({
      code: "invalid",
      fields: { coveringManagerId: ["A covering manager stands in for a manager on leave: name one for your own leave."] },
    });
    for (const relation of RELATIONS.filter((r) => r !== "manager")) {
      expect(refusalOf(() => assertMayNameCoveringForLeave("lead", "lead", relation))).toMatchObject({
        code: "forbidden",
        message: "Only the manager of a series names who covers it.",
      });
    }
  });
});
