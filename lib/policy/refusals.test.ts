import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import {
  type Actor,
  type Rule,
  assertCanStartSeries,
  assertMay,
  assertMayReadHandoff,
  assertMayReadThemes,
  assertOrgAdmin,
  assertOwnsTemplate,
  navigationCapabilities,
  orgCapabilities,
  themeWindow,
  type ThemeWeeks,
} from "./index";
import { ACCESS, type Access, type DataKind, RELATIONS, type Relation } from "./table";

// Who is refused at each door of the policy, how (unauthenticated, not_found, forbidden), and
// what they read: a refusal names the rule, never anything of the series it guards.
const NOW = new Date("2025-06-10T12:00:00Z");
const person = (id: string, orgRole: Actor["orgRole"] = "member"): Actor => ({ id, orgId: "org", orgRole, name: id, email: `${id}@example.test` });
const signedOut = null as unknown as Actor;
const refusalOf = (run: () => void) => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return { code: (e as AppError).code, message: (e as AppError).message };
  }
  return "allowed";
};

describe("doors that need a signed-in person", () => {
  const line = { orgId: "org", managerId: "manager", activeFrom: "2025-01-01", activeTo: null };

  it("refuse a signed-out visitor as unauthenticated before looking at anything else", () => {
    expect(refusalOf(() => assertOrgAdmin(signedOut))).toMatchObject({ code: "unauthenticated" });
    expect(refusalOf(() => assertCanStartSeries(signedOut, line, NOW))).toMatchObject({ code: "unauthenticated" });
    expect(refusalOf(() => assertOwnsTemplate(signedOut, { ownerId: "me" }))).toMatchObject({ code: "unauthenticated" });
    expect(refusalOf(() => assertMayReadHandoff(signedOut, { granteeId: "me", currentManagerId: "me" }))).toMatchObject({ code: "unauthenticated" });
  });

  it("say why a member is refused an admin's door or a series with someone else's report", () => {
    expect(refusalOf(() => assertOrgAdmin(person("m")))).toEqual({ code: "forbidden", message: "Only an organization admin can do this." });
    expect(refusalOf(() => assertCanStartSeries(person("other"), line, NOW))).toEqual({
      code: "forbidden",
      message: "You can start one-on-ones only with your own current reports.",
    });
  });
});

describe("a handoff's shared agenda", () => {
  it("opens to the new manager only while the report's grant names them and they still manage the report", () => {
    expect(refusalOf(() => assertMayReadHandoff(person("new"), { granteeId: "new", currentManagerId: "new" }))).toBe("allowed");
  });

  it("stays hidden from a manager the grant does not name, a former manager, and when no one was granted", () => {
    for (const grant of [
      { granteeId: "someone", currentManagerId: "new" },
      { granteeId: "new", currentManagerId: "someone" },
      { granteeId: "new", currentManagerId: null },
      { granteeId: null, currentManagerId: "new" },
    ]) {
      expect(
        refusalOf(() => assertMayReadHandoff(person("new"), grant)),
        JSON.stringify(grant),
      ).toMatchObject({ code: "not_found" });
    }
    expect(refusalOf(() => assertMayReadHandoff(person("new", "admin"), { granteeId: "other", currentManagerId: "other" }))).toMatchObject({
      code: "not_found",
    });
  });
});

describe("the named rules' refusals", () => {
  it("tell someone in the series, in the rule's words, who may", () => {
    const refusals: Record<Exclude<Rule, "seeCovering">, [relation: (typeof RELATIONS)[number], message: string]> = {
      keepOwnNotes: ["admin", "Private notes belong to the people of the series."],
      nameCovering: ["covering", "Only the manager or an org admin names a covering manager."],
      acknowledgeTerms: ["admin", "Only the manager and the report acknowledge their terms."],
      editTerms: ["report", "Only the manager changes the terms; the report acknowledges them."],
      requestShare: ["report", "Only the manager of this series can ask to share an excerpt."],
      approveShare: ["manager", "Only the report decides on a sharing request about them."],
      escalate: ["covering", "Only the manager of this series records a safety escalation."],
      keepOutOfThemes: ["manager", "Only the report decides which topics stay out of team themes."],
    };
    for (const [rule, [relation, message]] of Object.entries(refusals)) {
      expect(
        refusalOf(() => assertMay(rule as Rule, relation)),
        rule,
      ).toEqual({ code: "forbidden", message });
    }
  });

  it("open team themes to a manager (their team) and an admin (the org), and say so to anyone else", () => {
    expect(refusalOf(() => assertMayReadThemes("manager"))).toBe("allowed");
    expect(refusalOf(() => assertMayReadThemes("admin"))).toBe("allowed");
    for (const relation of ["report", "covering", "none"] as const) {
      expect(refusalOf(() => assertMayReadThemes(relation))).toEqual({
        code: "forbidden",
        message: "Team themes are for managers (their own team) and admins (the whole organization).",
      });
    }
  });
});

describe("rules that stand on the table", () => {
  /** Runs `check` with one cell of the table changed, as a future edit of docs/ACCESS.md might. */
  const withCell = (kind: DataKind, relation: Relation, access: Access, check: () => void) => {
    const before = ACCESS[kind][relation];
    ACCESS[kind][relation] = access;
    try {
      check();
    } finally {
      ACCESS[kind][relation] = before;
    }
  };

  it("keeps private notes for the manager and the report only while the table makes them their notes' authors", () => {
    withCell("managerPrivateNotes", "manager", "none", () =>
      expect(refusalOf(() => assertMay("keepOwnNotes", "manager"))).toMatchObject({ code: "forbidden" }),
    );
    withCell("reportPrivateNotes", "report", "none", () => expect(refusalOf(() => assertMay("keepOwnNotes", "report"))).toMatchObject({ code: "forbidden" }));
    expect(refusalOf(() => assertMay("keepOwnNotes", "report"))).toBe("allowed");
  });

  it("never opens team themes to someone with no relation, even if a cell said so", () => {
    withCell("teamThemes", "none", "thresholded", () => expect(refusalOf(() => assertMayReadThemes("none"))).toMatchObject({ code: "forbidden" }));
  });
});

describe("what the organization's pages and the navigation offer", () => {
  it("offers each of the org's pages to its admins, and none of them to a member", () => {
    const all = (value: boolean) => ({
      managePeople: value,
      readOutbox: value,
      setThemeThreshold: value,
      setSupportResources: value,
      seeEscalationCounts: value,
    });
    expect(orgCapabilities(person("a", "admin"))).toEqual(all(true));
    expect(orgCapabilities(person("m"))).toEqual(all(false));
    expect(orgCapabilities(null)).toEqual(all(false));
  });

  it("lists the team for a manager, templates for a manager or an owner of templates, people and the outbox for an admin", () => {
    expect(navigationCapabilities(person("m"), { managesReports: true, ownsTemplates: false })).toEqual({
      team: true,
      templates: true,
      people: false,
      outbox: false,
    });
    expect(navigationCapabilities(person("m"), { managesReports: false, ownsTemplates: true })).toEqual({
      team: false,
      templates: true,
      people: false,
      outbox: false,
    });
    expect(navigationCapabilities(person("m"), { managesReports: false, ownsTemplates: false })).toEqual({
      team: false,
      templates: false,
      people: false,
      outbox: false,
    });
    expect(navigationCapabilities(person("a", "admin"), { managesReports: false, ownsTemplates: false })).toEqual({
      team: false,
      templates: false,
      people: true,
      outbox: true,
    });
  });
});

describe("the team-themes window", () => {
  it("refuses a period that is not one of the offered whole-week choices", () => {
    expect(() => themeWindow(3 as ThemeWeeks, NOW)).toThrow("unknown theme window");
    expect(themeWindow(26, NOW).weeks).toBe(26);
  });
});
