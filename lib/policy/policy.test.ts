import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import {
  type Actor,
  type SeriesFacts,
  allows,
  assertAllowed,
  assertCanStartSeries,
  assertOrgAdmin,
  assertOwnsTemplate,
  assertSignedIn,
  lineIsActive,
  seriesRelation,
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
    const covering = { coveringManagerId: "cover", coveringFrom: "2025-06-01", coveringTo: "2025-06-10" };
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

describe("allows and assertAllowed", () => {
  it("lets the pair read and write series content, and the admin see only metadata", () => {
    expect(allows("seriesContent", "manager", "write")).toBe(true);
    expect(allows("seriesContent", "report", "write")).toBe(true);
    expect(allows("seriesContent", "admin", "meta")).toBe(true);
    expect(allows("seriesContent", "admin", "read")).toBe(false);
    expect(allows("reportPrivateNotes", "manager", "read")).toBe(false);
  });

  it("answers not_found to someone with no relation and forbidden to a known but too weak one", () => {
    expect(codeOf(() => assertAllowed("seriesContent", "none", "meta"))).toBe("not_found");
    expect(codeOf(() => assertAllowed("seriesContent", "admin", "read"))).toBe("forbidden");
    expect(codeOf(() => assertAllowed("seriesContent", "manager", "write"))).toBe("allowed");
  });
});

describe("actor checks", () => {
  it("refuses a signed-out visitor as unauthenticated", () => {
    expect(codeOf(() => assertSignedIn(null))).toBe("unauthenticated");
    expect(codeOf(() => assertOrgAdmin(null))).toBe("unauthenticated");
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
    expect(codeOf(() => assertCanStartSeries(null, line, NOW))).toBe("unauthenticated");
  });

  it("hides other people's templates as not found, even from an admin", () => {
    expect(codeOf(() => assertOwnsTemplate(person("me"), { ownerId: "me" }))).toBe("allowed");
    expect(codeOf(() => assertOwnsTemplate(person("you", "admin"), { ownerId: "me" }))).toBe("not_found");
    expect(codeOf(() => assertOwnsTemplate(null, { ownerId: "me" }))).toBe("unauthenticated");
  });
});
