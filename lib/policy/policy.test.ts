import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import {
  type Actor,
  type SeriesFacts,
  RELATIONS,
  assertCan,
  assertCanStartSeries,
  assertMay,
  assertMayReadThemes,
  can,
  goalCapabilities,
  meetingCapabilities,
  may,
  orgCapabilities,
  seriesCapabilities,
  termsCapabilities,
  themesStanding,
  assertOrgAdmin,
  assertOwnsTemplate,
  assertMayNameCovering,
  assertSignedIn,
  coveringAccessFrom,
  coveringViolations,
  lineIsActive,
  relationBeforeCovering,
  seriesRelation,
  themeThreshold,
  themeWindow,
  today,
} from "./index";

const NOW = new Date("2025-06-10T12:00:00Z");
const person = (id: string, orgRole: Actor["orgRole"] = "member", orgId = "org"): Actor => ({
  id,
  orgId,
  orgRole,
  name: id,
  email: `${id}@example.test`,
});
const facts = (over: Partial<SeriesFacts> = {}): SeriesFacts => ({
  orgId: "org",
  managerId: "manager",
  reportId: "report",
  lineActiveFrom: "2025-01-01",
  lineActiveTo: null,
  ...over,
});
const codeOf = (run: () => void) => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  }
  return "allowed";
};

describe("today", () => {
  it("is the UTC calendar date", () => {
    expect(today(new Date("2025-06-10T23:30:00-05:00"))).toBe("2025-06-11");
  });
});

describe("lineIsActive", () => {
  it("holds from its first day", () => {
    expect(lineIsActive({ activeFrom: "2025-06-10", activeTo: null }, NOW)).toBe(true);
    expect(lineIsActive({ activeFrom: "2025-06-11", activeTo: null }, NOW)).toBe(false);
  });

  it("ends before its end date, which is exclusive", () => {
    expect(lineIsActive({ activeFrom: "2025-01-01", activeTo: "2025-06-11" }, NOW)).toBe(true);
    expect(lineIsActive({ activeFrom: "2025-01-01", activeTo: "2025-06-10" }, NOW)).toBe(false);
  });
});

describe("seriesRelation", () => {
  it("knows the manager and the report of a current line", () => {
    expect(seriesRelation(person("manager"), facts(), NOW)).toBe("manager");
    expect(seriesRelation(person("report"), facts(), NOW)).toBe("report");
  });

  it("drops the manager once the line has ended, but keeps the report", () => {
    const ended = facts({ lineActiveTo: "2025-06-10" });
    expect(seriesRelation(person("manager"), ended, NOW)).toBe("none");
    expect(seriesRelation(person("report"), ended, NOW)).toBe("report");
  });

  it("gives a covering manager access only inside the covering range", () => {
    const covering = {
      coveringManagerId: "cover",
      coveringFrom: "2025-06-01",
      coveringTo: "2025-06-10",
      coveringNamedBy: "manager",
      coveringManagesReports: true,
    };
    expect(seriesRelation(person("cover"), facts(covering), NOW)).toBe("covering");
    expect(seriesRelation(person("cover"), facts({ ...covering, coveringTo: "2025-06-09" }), NOW)).toBe("none");
    expect(seriesRelation(person("cover"), facts({ ...covering, coveringFrom: "2025-06-11" }), NOW)).toBe("none");
  });

  it("gives an org admin the admin relation, and nobody from another org anything", () => {
    expect(seriesRelation(person("boss", "admin"), facts(), NOW)).toBe("admin");
    expect(seriesRelation(person("boss", "admin", "other-org"), facts(), NOW)).toBe("none");
    expect(seriesRelation(person("manager", "member", "other-org"), facts(), NOW)).toBe("none");
  });

  it("gives a signed-out visitor and an unrelated colleague nothing", () => {
    expect(seriesRelation(null, facts(), NOW)).toBe("none");
    expect(seriesRelation(person("someone"), facts(), NOW)).toBe("none");
  });
});

describe("relationBeforeCovering", () => {
  const covering = (over: Partial<SeriesFacts> = {}) => ({
    coveringManagerId: "cover",
    coveringFrom: "2025-06-01",
    coveringTo: "2025-06-30",
    coveringNamedBy: "manager",
    coveringManagesReports: true,
    ...over,
  });

  it("decides the report and the current manager without the covering assignment", () => {
    expect(relationBeforeCovering(person("report"), facts(), NOW)).toBe("report");
    expect(relationBeforeCovering(person("manager"), facts(), NOW)).toBe("manager");
    expect(relationBeforeCovering(person("report"), facts({ lineActiveTo: "2025-06-10" }), NOW)).toBe("report");
  });

  it("leaves everyone else to the assignment: a covering manager, an admin, a former manager, a colleague, another org", () => {
    for (const who of [person("cover"), person("boss", "admin"), person("someone"), person("report", "member", "other-org"), null])
      expect(relationBeforeCovering(who, facts(), NOW)).toBeNull();
    expect(relationBeforeCovering(person("manager"), facts({ lineActiveTo: "2025-06-10" }), NOW)).toBeNull();
  });

  it("never differs from seriesRelation with the assignment read, whoever holds it", () => {
    const people = [person("manager"), person("report"), person("cover"), person("boss", "admin"), person("someone")];
    const assignments = [
      {},
      covering(),
      covering({ coveringManagerId: "manager" }),
      covering({ coveringManagerId: "report" }),
      covering({ coveringTo: "2025-06-09" }),
    ];
    for (const line of [facts(), facts({ lineActiveTo: "2025-06-10" })])
      for (const who of people)
        for (const assignment of assignments) {
          const decided = relationBeforeCovering(who, line, NOW);
          if (decided) expect(seriesRelation(who, { ...line, ...assignment }, NOW), `${who.id} ${JSON.stringify(assignment)}`).toBe(decided);
        }
  });
});

describe("can and assertCan", () => {
  it("lets the pair read and write series content, and the admin see only metadata", () => {
    expect(can("seriesContent", "manager", "write")).toBe(true);
    expect(can("seriesContent", "report", "write")).toBe(true);
    expect(can("seriesContent", "admin", "meta")).toBe(true);
    expect(can("seriesContent", "admin", "read")).toBe(false);
    expect(can("reportPrivateNotes", "manager", "read")).toBe(false);
  });

  it("opens author, recipient and thresholded cells only with the standing or need they name", () => {
    expect(can("managerPrivateNotes", "manager", "write")).toBe(false);
    expect(can("managerPrivateNotes", "manager", "write", { isAuthor: true })).toBe(true);
    expect(can("sharedExcerpt", "none", "read", { isRecipient: true })).toBe(true);
    expect(can("sharedExcerpt", "none", "write", { isRecipient: true })).toBe(false);
    expect(can("teamThemes", "manager", "read")).toBe(true);
    expect(can("teamThemes", "manager", "write")).toBe(false);
  });

  it("answers not_found to someone with no relation and forbidden to a known but too weak one", () => {
    expect(codeOf(() => assertCan("seriesContent", "none", "meta"))).toBe("not_found");
    expect(codeOf(() => assertCan("seriesContent", "admin", "read"))).toBe("forbidden");
    expect(codeOf(() => assertCan("seriesContent", "manager", "write"))).toBe("allowed");
  });
});

describe("the named rules (may and assertMay)", () => {
  const who = (rule: Parameters<typeof may>[0]) => RELATIONS.filter((r) => may(rule, r));

  it("say who, for each rule the table has no row for", () => {
    expect(who("keepOwnNotes")).toEqual(["manager", "report", "covering"]);
    expect(who("nameCovering")).toEqual(["manager", "admin"]);
    expect(who("seeCovering")).toEqual(["manager", "report", "covering", "admin"]);
    expect(who("acknowledgeTerms")).toEqual(["manager", "report"]);
    expect(who("editTerms")).toEqual(["manager"]);
    expect(who("requestShare")).toEqual(["manager"]);
    expect(who("escalate")).toEqual(["manager"]);
    expect(who("approveShare")).toEqual(["report"]);
    expect(who("keepOutOfThemes")).toEqual(["report"]);
  });

  it("refuse the way can does: not_found without a relation, forbidden with the rule's words otherwise", () => {
    expect(codeOf(() => assertMay("nameCovering", "none"))).toBe("not_found");
    expect(codeOf(() => assertMay("nameCovering", "covering"))).toBe("forbidden");
    expect(() => assertMay("nameCovering", "report")).toThrow("Only the manager or an org admin names a covering manager.");
    expect(codeOf(() => assertMay("acknowledgeTerms", "covering"))).toBe("forbidden");
    expect(codeOf(() => assertMay("editTerms", "manager"))).toBe("allowed");
  });

  it("place a team-themes viewer by the scope and the facts, and refuse anyone with neither view", () => {
    expect(themesStanding({ isOrgAdmin: true, managesTeam: false })).toEqual({ scope: "org", relation: "admin", canChooseScope: false });
    expect(themesStanding({ isOrgAdmin: false, managesTeam: true })).toEqual({ scope: "team", relation: "manager", canChooseScope: false });
    expect(themesStanding({ isOrgAdmin: true, managesTeam: true }, "team")).toEqual({ scope: "team", relation: "manager", canChooseScope: true });
    expect(themesStanding({ isOrgAdmin: false, managesTeam: true }, "org").relation).toBe("none");
    expect(themesStanding({ isOrgAdmin: false, managesTeam: false }).relation).toBe("none");
    expect(codeOf(() => assertMayReadThemes("none"))).toBe("forbidden");
    expect(codeOf(() => assertMayReadThemes("report"))).toBe("forbidden");
    expect(codeOf(() => assertMayReadThemes("admin"))).toBe("allowed");
  });
});

describe("capabilities", () => {
  const due = { status: "in_progress" as const, scheduledAt: new Date("2025-06-10T09:00:00Z"), startedAt: new Date("2025-06-10T09:00:00Z"), completedAt: null };
  const completed = { ...due, status: "completed" as const, completedAt: new Date("2025-06-10T11:00:00Z") };

  it("follow the table and the rules for a series", () => {
    expect(seriesCapabilities("manager")).toMatchObject({
      editContent: true,
      writeGoals: true,
      nameCovering: true,
      manageTerms: true,
      requestShare: true,
      escalate: true,
      keepOutOfThemes: false,
    });
    expect(seriesCapabilities("report")).toMatchObject({
      editContent: true,
      writeGoals: true,
      nameCovering: false,
      acknowledgeTerms: true,
      requestShare: false,
      keepOutOfThemes: true,
    });
    expect(seriesCapabilities("covering")).toMatchObject({
      editContent: true,
      readGoals: true,
      writeGoals: false,
      keepNotes: true,
      acknowledgeTerms: false,
      nameCovering: false,
    });
    expect(seriesCapabilities("admin")).toMatchObject({ readMetaOnly: true, readContent: false, editContent: false, nameCovering: true, keepNotes: false });
    expect(Object.values(seriesCapabilities("none")).every((v) => v === false)).toBe(true);
  });

  it("narrow a meeting's by its state: a completed meeting is read-only, and only its manager reopens it within a day", () => {
    expect(meetingCapabilities("report", due, { now: NOW })).toMatchObject({ editAgenda: true, addTopic: true, complete: true, reopen: false });
    expect(meetingCapabilities("report", completed, { now: NOW })).toMatchObject({ editAgenda: false, addTopic: false, complete: false, reopen: false });
    expect(meetingCapabilities("manager", completed, { now: NOW })).toMatchObject({ editAgenda: false, reopen: true });
    expect(meetingCapabilities("manager", completed, { now: new Date("2025-06-11T12:00:00Z") }).reopen).toBe(false);
    expect(meetingCapabilities("admin", due, { now: NOW })).toMatchObject({ editAgenda: false, complete: false });
  });

  it("let whoever writes goals check in, set a status and review; a covering manager reads only", () => {
    expect(goalCapabilities("report")).toEqual({ read: true, write: true, checkIn: true, setStatus: true, review: true });
    expect(goalCapabilities("covering")).toEqual({ read: true, write: false, checkIn: false, setStatus: false, review: false });
    expect(goalCapabilities("admin").read).toBe(false);
  });

  it("ask each of the pair to acknowledge a version once", () => {
    expect(termsCapabilities("report", false).acknowledgeTerms).toBe(true);
    expect(termsCapabilities("report", true).acknowledgeTerms).toBe(false);
    expect(termsCapabilities("covering", false).acknowledgeTerms).toBe(false);
  });

  it("open the organization's pages to its admins only", () => {
    expect(Object.values(orgCapabilities(person("a", "admin"))).every(Boolean)).toBe(true);
    expect(Object.values(orgCapabilities(person("m"))).some(Boolean)).toBe(false);
    expect(Object.values(orgCapabilities(null)).some(Boolean)).toBe(false);
  });
});

describe("actor checks", () => {
  it("refuses a signed-out visitor as unauthenticated", () => {
    expect(codeOf(() => assertSignedIn(null))).toBe("unauthenticated");
  });

  it("lets only org admins through assertOrgAdmin", () => {
    expect(codeOf(() => assertOrgAdmin(person("m")))).toBe("forbidden");
    expect(codeOf(() => assertOrgAdmin(person("a", "admin")))).toBe("allowed");
  });

  it("lets a manager start a series only for their own current report in their org", () => {
    const line = { orgId: "org", managerId: "manager", activeFrom: "2025-01-01", activeTo: null };
    expect(codeOf(() => assertCanStartSeries(person("manager"), line, NOW))).toBe("allowed");
    expect(codeOf(() => assertCanStartSeries(person("other"), line, NOW))).toBe("forbidden");
    expect(codeOf(() => assertCanStartSeries(person("manager", "admin", "x"), line, NOW))).toBe("forbidden");
    expect(codeOf(() => assertCanStartSeries(person("manager"), { ...line, activeTo: "2025-06-10" }, NOW))).toBe("forbidden");
  });

  it("hides other people's templates as not found, even from an admin", () => {
    expect(codeOf(() => assertOwnsTemplate(person("me"), { ownerId: "me" }))).toBe("allowed");
    expect(codeOf(() => assertOwnsTemplate(person("you", "admin"), { ownerId: "me" }))).toBe("not_found");
  });
});

describe("who may cover a series (assertMayNameCovering, and again on every request)", () => {
  const TODAY = "2025-06-10";
  const proposal = (over: Partial<Parameters<typeof coveringViolations>[0]> = {}) => ({
    series: { managerId: "manager", reportId: "report" },
    namedBy: "manager",
    person: { id: "colleague", managesReports: true },
    startsOn: TODAY,
    endsOn: "2025-07-10",
    ...over,
  });
  const fieldsOf = (p: ReturnType<typeof proposal>) => Object.keys(coveringViolations(p, TODAY)).sort();

  /** What an admin's naming needs on top: the manager away over the range, a cover managing for 30 days. */
  const byAdmin = (over: Partial<Parameters<typeof coveringViolations>[0]> = {}) =>
    proposal({ namedBy: "admin", managerAway: true, person: { id: "colleague", managesReports: true, managingSince: "2025-05-11" }, ...over });

  it("lets the manager (or an admin, for a manager away) name a colleague who manages reports, from today, for up to 92 days", () => {
    expect(coveringViolations(proposal(), TODAY)).toEqual({});
    expect(coveringViolations(byAdmin(), TODAY)).toEqual({});
    expect(coveringViolations(proposal({ endsOn: "2025-09-09" }), TODAY)).toEqual({}); // 92 days
    expect(() => assertMayNameCovering(proposal(), TODAY)).not.toThrow();
  });

  it("refuses self-naming, the report, the manager, a plain report and nobody, on the person field", () => {
    expect(fieldsOf(byAdmin({ person: { id: "admin", managesReports: true, managingSince: "2025-01-01" } }))).toEqual(["coveringManagerId"]);
    expect(fieldsOf(proposal({ person: { id: "manager", managesReports: true } }))).toEqual(["coveringManagerId"]);
    expect(fieldsOf(proposal({ person: { id: "report", managesReports: true } }))).toEqual(["coveringManagerId"]);
    expect(fieldsOf(byAdmin({ person: { id: "manager", managesReports: true, managingSince: "2025-01-01" } }))).toEqual(["coveringManagerId"]);
    expect(fieldsOf(proposal({ person: { id: "colleague", managesReports: false } }))).toEqual(["coveringManagerId"]);
    expect(fieldsOf(proposal({ person: null }))).toEqual(["coveringManagerId"]);
  });

  it("refuses ranges in the past, longer than 92 days, upside down, in year 0000 or 9999", () => {
    expect(fieldsOf(proposal({ startsOn: "2025-06-09" }))).toEqual(["startsOn"]);
    expect(fieldsOf(proposal({ endsOn: "2025-09-10" }))).toEqual(["endsOn"]); // 93 days
    expect(fieldsOf(proposal({ startsOn: "2025-06-12", endsOn: "2025-06-11" }))).toEqual(["endsOn"]);
    expect(fieldsOf(proposal({ startsOn: "0000-01-01", endsOn: "9999-12-31" }))).toEqual(["endsOn", "startsOn"]);
    expect(fieldsOf(proposal({ startsOn: "9999-12-01", endsOn: "9999-12-31" }))).toEqual(["startsOn"]);
    expect(() => assertMayNameCovering(proposal({ startsOn: "2025-06-01" }), TODAY)).toThrow(AppError);
  });

  it("grants nothing at read time to an assignment that breaks the rule, or whose person manages nobody now", () => {
    const base = { coveringManagerId: "cover", coveringFrom: "2025-06-01", coveringTo: "2025-06-10", coveringNamedBy: "manager", coveringManagesReports: true };
    expect(seriesRelation(person("cover"), facts(base), NOW)).toBe("covering");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringManagesReports: false }), NOW)).toBe("none");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringManagesReports: undefined }), NOW)).toBe("none");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringNamedBy: "cover" }), NOW)).toBe("none");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringFrom: "2025-01-01", coveringTo: "2025-12-31" }), NOW)).toBe("none");
    expect(seriesRelation(person("admin", "admin"), facts({ ...base, coveringManagerId: "admin", coveringNamedBy: "admin" }), NOW)).toBe("admin");
  });

  it("refuses an admin's naming unless the manager is away for the whole range (on leave or deactivated), on the range", () => {
    expect(fieldsOf(byAdmin({ managerAway: false }))).toEqual(["startsOn"]);
    expect(fieldsOf(byAdmin({ managerAway: undefined }))).toEqual(["startsOn"]);
    // The manager naming their own cover keeps the rule they had: no leave needed.
    expect(fieldsOf(proposal({ managerAway: false }))).toEqual([]);
  });

  it("refuses an admin's naming of someone who has managed a report of their own for less than 30 days, or not at all", () => {
    expect(fieldsOf(byAdmin({ person: { id: "colleague", managesReports: true, managingSince: "2025-05-12" } }))).toEqual(["coveringManagerId"]); // 29 days
    expect(fieldsOf(byAdmin({ person: { id: "colleague", managesReports: true, managingSince: "2025-05-11" } }))).toEqual([]); // 30 days
    expect(fieldsOf(byAdmin({ person: { id: "colleague", managesReports: true, managingSince: null } }))).toEqual(["coveringManagerId"]);
    expect(fieldsOf(byAdmin({ person: { id: "colleague", managesReports: true } }))).toEqual(["coveringManagerId"]);
    // The manager's own choice needs no such history (a line of today is enough).
    expect(fieldsOf(proposal({ person: { id: "colleague", managesReports: true, managingSince: TODAY } }))).toEqual([]);
  });

  it("starts an admin's assignment 24 hours after it was named, the manager's own at once", () => {
    const namedAt = new Date("2025-06-09T15:00:00Z");
    expect(coveringAccessFrom(byAdmin(), namedAt)).toEqual(new Date("2025-06-10T15:00:00Z"));
    expect(coveringAccessFrom(proposal(), namedAt)).toEqual(namedAt);
  });

  it("grants an admin's assignment nothing before its access began, or once the manager is back or the cover's history is short", () => {
    const base = {
      coveringManagerId: "cover",
      coveringFrom: "2025-06-10",
      coveringTo: "2025-06-20",
      coveringNamedBy: "admin",
      coveringManagesReports: true,
      coveringManagingSince: "2025-01-01",
      coveringManagerAway: true,
    };
    const at = (iso: string) => new Date(iso);
    // NOW is 2025-06-10T12:00Z.
    expect(seriesRelation(person("cover"), facts({ ...base, coveringNamedAt: at("2025-06-09T12:00:00Z") }), NOW)).toBe("covering");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringNamedAt: at("2025-06-09T12:00:01Z") }), NOW)).toBe("none");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringNamedAt: null }), NOW)).toBe("none");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringNamedAt: at("2025-06-01T00:00:00Z"), coveringManagerAway: false }), NOW)).toBe("none");
    expect(seriesRelation(person("cover"), facts({ ...base, coveringNamedAt: at("2025-06-01T00:00:00Z"), coveringManagingSince: "2025-06-01" }), NOW)).toBe(
      "none",
    );
    // The manager's own assignment holds from the moment it was made, as before.
    expect(seriesRelation(person("cover"), facts({ ...base, coveringNamedBy: "manager", coveringNamedAt: NOW, coveringManagerAway: false }), NOW)).toBe(
      "covering",
    );
  });
});

describe("the team-themes window", () => {
  it("is whole weeks, Monday to Sunday, ending at least a week before today", () => {
    // 2025-06-10 is a Tuesday: this week began on 2025-06-09, last week on 2025-06-02.
    expect(themeWindow(4, NOW)).toEqual({ from: "2025-05-05", to: "2025-06-02", lastDay: "2025-06-01", weeks: 4 });
    expect(themeWindow(8, new Date("2025-06-08T23:59:00Z"))).toEqual({ from: "2025-03-31", to: "2025-05-26", lastDay: "2025-05-25", weeks: 8 });
    expect(new Date("2025-05-05T00:00:00Z").getUTCDay()).toBe(1);
  });

  it("keeps the threshold at 3 or more", () => {
    expect(themeThreshold(1)).toBe(3);
    expect(themeThreshold(5)).toBe(5);
  });
});
