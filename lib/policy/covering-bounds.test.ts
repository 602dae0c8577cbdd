import { describe, expect, it } from "vitest";
import { type CoveringProposal, coveringInRange, coveringLength, coveringStillValid, coveringViolations } from "./covering";

// The edges of the covering rule: the days a range includes, how its length is counted across
// months and leap days, and what the person naming reads on each refused field.
const TODAY = "2025-06-10";
const proposal = (over: Partial<CoveringProposal> = {}): CoveringProposal => ({
  series: { managerId: "manager", reportId: "report" },
  namedBy: "manager",
  person: { id: "colleague", managesReports: true },
  startsOn: TODAY,
  endsOn: "2025-06-20",
  ...over,
});

describe("a covering range", () => {
  it("holds on its first and its last day, and on no day outside them", () => {
    const range = { startsOn: "2025-06-10", endsOn: "2025-06-12" };
    expect(["2025-06-09", "2025-06-10", "2025-06-11", "2025-06-12", "2025-06-13"].map((day) => coveringInRange(range, day))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it("counts its days across month ends and leap days", () => {
    expect(coveringLength("2025-06-10", "2025-06-10")).toBe(1);
    expect(coveringLength("2025-02-28", "2025-03-01")).toBe(2);
    expect(coveringLength("2024-02-28", "2024-03-01")).toBe(3);
    expect(coveringLength("2025-01-31", "2025-02-01")).toBe(2);
    expect(coveringLength("2025-12-31", "2026-01-01")).toBe(2);
  });

  it("may be a single day, and may start as late as 365 days ahead but not a day later", () => {
    expect(coveringViolations(proposal({ endsOn: TODAY }), TODAY)).toEqual({});
    expect(coveringViolations(proposal({ startsOn: "2026-06-10", endsOn: "2026-06-10" }), TODAY)).toEqual({});
    expect(coveringViolations(proposal({ startsOn: "2026-06-11", endsOn: "2026-06-11" }), TODAY)).toEqual({
      startsOn: ["The first day must be within the next 365 days."],
    });
    expect(coveringStillValid(proposal({ endsOn: TODAY }), new Date(`${TODAY}T12:00:00Z`))).toBe(true);
  });
});

describe("what the person naming a covering manager reads when refused", () => {
  it("says, on the range's fields, what is wrong with the days", () => {
    expect(coveringViolations(proposal({ startsOn: "2025-06-09" }), TODAY)).toEqual({ startsOn: ["The first day must be today or later."] });
    expect(coveringViolations(proposal({ startsOn: "2025-06-12", endsOn: "2025-06-11" }), TODAY)).toEqual({
      endsOn: ["The last day must not be before the first."],
    });
    expect(coveringViolations(proposal({ endsOn: "2025-09-10" }), TODAY)).toEqual({
      endsOn: ["A covering range lasts at most 92 days. For a longer leave, name someone again later."],
    });
  });

  it("says, on the person field, why this person cannot cover", () => {
    const personError = (over: Partial<CoveringProposal>) => coveringViolations(proposal(over), TODAY).coveringManagerId;
    expect(personError({ person: null })).toEqual(["Choose an active member of your organization."]);
    expect(personError({ namedBy: "colleague" })).toEqual(["Nobody can name themselves as covering manager."]);
    expect(personError({ namedBy: "admin", person: { id: "report", managesReports: true } })).toEqual([
      "The report of this series cannot cover their own one-on-ones.",
    ]);
    expect(personError({ namedBy: "admin", person: { id: "manager", managesReports: true } })).toEqual([
      "Choose someone other than the manager of this series.",
    ]);
    expect(personError({ person: { id: "colleague", managesReports: false } })).toEqual(["Choose someone who currently manages reports of their own."]);
  });
});
