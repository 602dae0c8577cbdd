/**
 * The only place that decides who may do what. Functions here are pure: lib/server reads
 * the facts (roles, reporting lines, covering ranges) from the database for each request
 * and passes them in. Checks throw; they never return a boolean that a caller might ignore.
 */
import { AppError, forbidden } from "../errors";
import { coveringStillValid } from "./covering";
import { ACCESS, type Access, type DataKind, type Relation } from "./table";

export * from "./covering";
export * from "./themes";

export { ACCESS, DATA_KINDS, RELATIONS, type Access, type DataKind, type Relation } from "./table";

export type Actor = { id: string; orgId: string; orgRole: "admin" | "member"; name: string; email: string };

/** The facts about one series that decide a person's relation to it. Dates are YYYY-MM-DD. */
export type SeriesFacts = {
  orgId: string;
  managerId: string;
  reportId: string;
  lineActiveFrom: string;
  lineActiveTo: string | null;
  coveringManagerId?: string | null;
  coveringFrom?: string | null;
  coveringTo?: string | null;
  /** Who named the covering manager, and whether that person manages reports of their own today. */
  coveringNamedBy?: string | null;
  coveringManagesReports?: boolean;
};

export type Need = "read" | "write" | "meta";

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function within(day: string, from: string | null | undefined, to: string | null | undefined): boolean {
  return (!from || from <= day) && (!to || day <= to);
}

/** A reporting line holds from its first day up to, not including, its end date. */
export function lineIsActive(line: { activeFrom: string; activeTo: string | null }, now: Date = new Date()): boolean {
  const day = today(now);
  return line.activeFrom <= day && (!line.activeTo || day < line.activeTo);
}

export function seriesRelation(actor: Actor | null, facts: SeriesFacts, now: Date = new Date()): Relation {
  if (!actor || actor.orgId !== facts.orgId) return "none";
  const day = today(now);
  if (actor.id === facts.reportId) return "report";
  const line = { activeFrom: facts.lineActiveFrom, activeTo: facts.lineActiveTo };
  if (actor.id === facts.managerId && lineIsActive(line, now)) return "manager";
  if (
    facts.coveringManagerId &&
    actor.id === facts.coveringManagerId &&
    lineIsActive(line, now) &&
    facts.coveringFrom &&
    facts.coveringTo &&
    within(day, facts.coveringFrom, facts.coveringTo) &&
    coveringStillValid({
      series: facts,
      namedBy: facts.coveringNamedBy ?? "",
      person: { id: facts.coveringManagerId, managesReports: facts.coveringManagesReports === true },
      startsOn: facts.coveringFrom,
      endsOn: facts.coveringTo,
    })
  ) {
    return "covering";
  }
  if (actor.orgRole === "admin") return "admin";
  return "none";
}

const satisfies: Record<Need, Access[]> = {
  write: ["write"],
  read: ["write", "read"],
  meta: ["write", "read", "meta"],
};

export function allows(kind: DataKind, relation: Relation, need: Need): boolean {
  return satisfies[need].includes(ACCESS[kind][relation]);
}

export function assertAllowed(kind: DataKind, relation: Relation, need: Need): void {
  if (!allows(kind, relation, need)) throw relation === "none" ? new AppError("not_found") : forbidden();
}

export function assertSignedIn(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError("unauthenticated");
}

export function assertOrgAdmin(actor: Actor | null): asserts actor is Actor {
  assertSignedIn(actor);
  if (actor.orgRole !== "admin") throw forbidden("Only an organization admin can do this.");
}

/** A manager starts a series only for their own current report, inside their own org. */
export function assertCanStartSeries(
  actor: Actor | null,
  line: { orgId: string; managerId: string; activeFrom: string; activeTo: string | null },
  now: Date = new Date(),
): void {
  assertSignedIn(actor);
  if (line.orgId !== actor.orgId || line.managerId !== actor.id || !lineIsActive(line, now)) {
    throw forbidden("You can start one-on-ones only with your own current reports.");
  }
}

/** Templates are private to their owner; the built-in ones are read-only for everyone. */
export function assertOwnsTemplate(actor: Actor | null, template: { ownerId: string }): void {
  assertSignedIn(actor);
  if (template.ownerId !== actor.id) throw new AppError("not_found");
}

/** What a person holds beyond their relation: authorship of a private row, being a named recipient. */
export type Standing = { isAuthor?: boolean; isRecipient?: boolean };

/**
 * Every access kind of the table, with the person's standing: "author" opens only rows they
 * wrote, "recipient" only what names them, "thresholded" only counts (read), "meta" only metadata.
 */
export function permits(kind: DataKind, relation: Relation, need: Need, standing: Standing = {}): boolean {
  const access = ACCESS[kind][relation];
  switch (access) {
    case "write":
      return true;
    case "read":
    case "thresholded":
      return need !== "write";
    case "meta":
      return need === "meta";
    case "author":
      return standing.isAuthor === true;
    case "recipient":
      return need !== "write" && standing.isRecipient === true;
    case "none":
      return false;
  }
}

export function assertPermits(kind: DataKind, relation: Relation, need: Need, standing: Standing = {}): void {
  if (!permits(kind, relation, need, standing)) throw relation === "none" ? new AppError("not_found") : forbidden();
}

/**
 * Who keeps private notes in a series: the manager and the report (the table's "author only"),
 * and a covering manager, whose notes are their own and separate. Nobody reads another's notes.
 */
export function assertMayKeepOwnNotes(relation: Relation): void {
  const own: Record<Relation, boolean> = {
    manager: ACCESS.managerPrivateNotes.manager === "author",
    report: ACCESS.reportPrivateNotes.report === "author",
    covering: true,
    admin: false,
    none: false,
  };
  if (!own[relation]) throw relation === "none" ? new AppError("not_found") : forbidden("Private notes belong to the people of the series.");
}

/** The exceptions of the terms (sharing, escalation) and the terms' text are the manager's to use. */
export function assertIsManager(relation: Relation, message = "Only the manager of this series can do this."): void {
  if (relation !== "manager") throw relation === "none" ? new AppError("not_found") : forbidden(message);
}

/** What only the report of the pair decides: approvals, "keep out of team themes", handoff. */
export function assertIsReport(relation: Relation, message = "Only the report of this series can do this."): void {
  if (relation !== "report") throw relation === "none" ? new AppError("not_found") : forbidden(message);
}

/**
 * Handoff: a new manager reads a past meeting's shared agenda only while the report's grant
 * names them and they are still the report's current manager. Private notes never move.
 */
export function assertMayReadHandoff(actor: Actor | null, grant: { granteeId: string | null; currentManagerId: string | null }): void {
  assertSignedIn(actor);
  if (!grant.granteeId || grant.granteeId !== actor.id || grant.currentManagerId !== actor.id) throw new AppError("not_found");
}

export {
  REOPEN_WINDOW_MS,
  assertMayComplete,
  assertMayReopen,
  assertMeetingWritable,
  mayComplete,
  mayReopen,
  meetingIsWritable,
  type MeetingState,
} from "./meetings";
