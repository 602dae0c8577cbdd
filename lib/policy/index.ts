/**
 * The only place that decides who may do what. Functions here are pure: lib/server reads
 * the facts (roles, reporting lines, covering ranges) from the database for each request
 * and passes them in. Doors assert (assertCan, assertMay and the assert* below), which throw;
 * the booleans (can, may) feed capabilities, which only decide what a page offers.
 */
import { AppError, forbidden } from "../errors";
import { todayUtc as today } from "../goals/smart";
import { coveringInRange, coveringStillValid } from "./covering";
import { isOrgAdmin } from "./rules";
import type { Relation } from "./table";

export * from "./covering";
export * from "./themes";
export * from "./system";
export * from "./rules";
export * from "./capabilities";
export * from "./leavers";
export * from "./limits";

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
  /** What an assignment made by anyone but the manager needs (lib/policy/covering.ts): when it was named, since when its person manages, whether the manager is away. */
  coveringNamedAt?: Date | null;
  coveringManagingSince?: string | null;
  coveringManagerAway?: boolean;
};

/** The UTC day every access rule is read on (lines, covering ranges): one rule with the goal checks. */
export { today };

/** A reporting line holds from its first day up to, not including, its end date (lib/server/lines.ts lineActiveOn is its SQL twin). */
export function lineIsActive(line: { activeFrom: string; activeTo: string | null }, now: Date = new Date()): boolean {
  const day = today(now);
  return line.activeFrom <= day && (!line.activeTo || day < line.activeTo);
}

/**
 * The relation rule: who stands where in a series on the day of `now`. Its one SQL form, for the
 * queries that list series by who asks, is lib/server/visibility.ts seriesVisibleTo;
 * lib/server/visibility.test.ts holds the two equal. Change them together.
 */
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
    coveringInRange({ startsOn: facts.coveringFrom, endsOn: facts.coveringTo }, day) &&
    coveringStillValid(
      {
        series: facts,
        namedBy: facts.coveringNamedBy ?? "",
        person: { id: facts.coveringManagerId, managesReports: facts.coveringManagesReports === true, managingSince: facts.coveringManagingSince },
        startsOn: facts.coveringFrom,
        endsOn: facts.coveringTo,
        managerAway: facts.coveringManagerAway,
        namedAt: facts.coveringNamedAt,
      },
      now,
    )
  ) {
    return "covering";
  }
  if (actor.orgRole === "admin") return "admin";
  return "none";
}

/**
 * The actor's relation when no covering assignment could change it, else null. seriesRelation
 * decides the report, and the manager of a current line, before it looks at covering, so the data
 * layer reads the actor's assignment only when this answers null (one statement less on every
 * page and action of the pair).
 */
export function relationBeforeCovering(actor: Actor | null, facts: SeriesFacts, now: Date = new Date()): "manager" | "report" | null {
  const relation = seriesRelation(actor, { ...facts, coveringManagerId: null }, now);
  return relation === "manager" || relation === "report" ? relation : null;
}

export function assertSignedIn(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError("unauthenticated");
}

export function assertOrgAdmin(actor: Actor): asserts actor is Actor {
  assertSignedIn(actor);
  if (!isOrgAdmin(actor)) throw forbidden("Only an organization admin can do this.");
}

/** A manager starts a series only for their own current report, inside their own org. */
export function assertCanStartSeries(
  actor: Actor,
  line: { orgId: string; managerId: string; activeFrom: string; activeTo: string | null },
  now: Date = new Date(),
): void {
  assertSignedIn(actor);
  if (line.orgId !== actor.orgId || line.managerId !== actor.id || !lineIsActive(line, now)) {
    throw forbidden("You can start one-on-ones only with your own current reports.");
  }
}

/** Templates are private to their owner; the built-in ones are read-only for everyone. */
export function assertOwnsTemplate(actor: Actor, template: { ownerId: string }): void {
  assertSignedIn(actor);
  if (template.ownerId !== actor.id) throw new AppError("not_found");
}

/**
 * Handoff: a new manager reads a past meeting's shared agenda only while the report's grant
 * names them and they are still the report's current manager. Private notes never move.
 */
export function assertMayReadHandoff(actor: Actor, grant: { granteeId: string | null; currentManagerId: string | null }): void {
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

export { UNDO_WINDOW_MS, assertLeaveRange, assertMayMarkLeave, assertMayNameCoveringForLeave, assertMayUndo, type ChangeFacts } from "./schedule";
