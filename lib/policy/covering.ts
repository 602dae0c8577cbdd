/**
 * Who may cover a series, and for how long. The same rule decides when someone is named
 * (lib/server/covering.ts) and on every later request (seriesRelation): an assignment that
 * breaks it, or whose person no longer manages anyone, grants nothing.
 *
 * The manager of the series names their own cover freely within these rules. Anyone else (an org
 * admin) is held to more, because an admin makes accounts and reporting lines at will: only while
 * the manager is away (a leave record over the whole range, or deactivated), only someone who has
 * managed a report of their own for COVERING_ADMIN_MIN_MANAGING_DAYS, and access starts only
 * COVERING_ADMIN_DELAY_MS after the naming, while the report is told who, by whom and from when.
 */
import { type FieldErrors, invalid } from "../errors";
import { todayUtc } from "../goals/smart";

/** A covering range lasts at most this many days (inclusive); a longer leave gets a new assignment. */
export const COVERING_MAX_DAYS = 92;
/** A range starts at most this many days ahead, so a date such as 9999-12-31 is refused. */
export const COVERING_MAX_LEAD_DAYS = 365;

/** Someone other than the series' manager names a cover only for a person who has managed a report of their own this many days. */
export const COVERING_ADMIN_MIN_MANAGING_DAYS = 30;
/** ...and the cover's access starts this long after it was named, no earlier (the report hears of it first). */
export const COVERING_ADMIN_DELAY_MS = 24 * 3600_000;

/**
 * Facts read from the database about the person to be named (null: no active member of the org).
 * `managingSince`: the first day of the longest-held reporting line of their own that holds today
 * and is not with the series' pair, counted from when the line was recorded as well as from its
 * first day (a backdated line counts from its creation); null when there is none.
 */
export type CoveringPerson = { id: string; managesReports: boolean; managingSince?: string | null };

export type CoveringProposal = {
  series: { managerId: string; reportId: string };
  namedBy: string;
  person: CoveringPerson | null;
  startsOn: string;
  endsOn: string;
  /** The series' manager is deactivated, or on leave (one leave record) over every day of the range: what anyone but the manager needs. */
  managerAway?: boolean;
};

/** The manager naming their own cover; anyone else naming it (an org admin) is held to the stricter rule. */
export const namedByManager = (p: { series: { managerId: string }; namedBy: string }) => p.namedBy === p.series.managerId;

/** When an assignment's access begins at the earliest: at once for the manager's own choice, a day after anyone else named it. */
export function coveringAccessFrom(p: { series: { managerId: string }; namedBy: string }, namedAt: Date): Date {
  return namedByManager(p) ? namedAt : new Date(namedAt.getTime() + COVERING_ADMIN_DELAY_MS);
}

const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY);
const isoOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** A covering assignment holds on every day of its range, its first and its last day included (lib/server/lines.ts coveringOn is its SQL twin). */
export function coveringInRange(range: { startsOn: string; endsOn: string }, day: string): boolean {
  return range.startsOn <= day && day <= range.endsOn;
}

/** The number of days of an inclusive range. */
export function coveringLength(startsOn: string, endsOn: string): number {
  return dayNumber(endsOn) - dayNumber(startsOn) + 1;
}

/**
 * Who may be named: someone with reports of their own, never the pair, never the person naming;
 * named by anyone but the manager, someone who has managed a report of their own long enough.
 */
function personErrors(p: CoveringProposal, today: string): string[] {
  const person = p.person;
  if (!person) return ["Choose an active member of your organization."];
  if (person.id === p.namedBy) return ["Nobody can name themselves as covering manager."];
  if (person.id === p.series.reportId) return ["The report of this series cannot cover their own one-on-ones."];
  if (person.id === p.series.managerId) return ["Choose someone other than the manager of this series."];
  if (!person.managesReports) return ["Choose someone who currently manages reports of their own."];
  if (!namedByManager(p) && !(person.managingSince && dayNumber(today) - dayNumber(person.managingSince) >= COVERING_ADMIN_MIN_MANAGING_DAYS)) {
    return [`Choose someone who has managed a report of their own for at least ${COVERING_ADMIN_MIN_MANAGING_DAYS} days.`];
  }
  return [];
}

/** Anyone but the manager names a cover only while the manager is away for the whole range. */
function awayErrors(p: CoveringProposal): FieldErrors {
  if (namedByManager(p) || p.managerAway === true) return {};
  return { startsOn: ["Only a manager on leave for every one of these days (marked as leave), or who has left, can be covered by an admin's choice."] };
}

function rangeErrors(p: CoveringProposal): FieldErrors {
  const errors: FieldErrors = {};
  if (p.endsOn < p.startsOn) errors.endsOn = ["The last day must not be before the first."];
  else if (coveringLength(p.startsOn, p.endsOn) > COVERING_MAX_DAYS) {
    errors.endsOn = [`A covering range lasts at most ${COVERING_MAX_DAYS} days. For a longer leave, name someone again later.`];
  }
  return errors;
}

/** Field errors for naming a covering manager now; empty when the rule allows it. */
export function coveringViolations(p: CoveringProposal, today: string): FieldErrors {
  const errors = { ...awayErrors(p), ...rangeErrors(p) };
  if (p.startsOn < today) errors.startsOn = ["The first day must be today or later."];
  else if (p.startsOn > isoOf(dayNumber(today) + COVERING_MAX_LEAD_DAYS)) {
    errors.startsOn = [`The first day must be within the next ${COVERING_MAX_LEAD_DAYS} days.`];
  }
  const person = personErrors(p, today);
  if (person.length) errors.coveringManagerId = person;
  return errors;
}

/** Throws field errors unless the rule allows naming this person for this range today. */
export function assertMayNameCovering(p: CoveringProposal, today: string): void {
  const errors = coveringViolations(p, today);
  if (Object.keys(errors).length) throw invalid(errors);
}

/** Whether a stored assignment keeps to the person, absence and range rules with today's facts (its access may not have begun yet). */
export function coveringRuleHolds(p: CoveringProposal, today: string): boolean {
  return personErrors(p, today).length === 0 && Object.keys(awayErrors(p)).length === 0 && Object.keys(rangeErrors(p)).length === 0;
}

/**
 * Whether a stored assignment still grants anything now (its range is checked by seriesRelation):
 * the same person, absence and range rules as when it was named, with today's facts, and not
 * before its access began (`namedAt`, needed for an assignment anyone but the manager made).
 */
export function coveringStillValid(p: CoveringProposal & { namedAt?: Date | null }, now: Date): boolean {
  if (!namedByManager(p) && !(p.namedAt && now.getTime() >= coveringAccessFrom(p, p.namedAt).getTime())) return false;
  return coveringRuleHolds(p, todayUtc(now));
}
