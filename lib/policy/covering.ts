/**
 * Who may cover a series, and for how long. The same rule decides when someone is named
 * (lib/server/covering.ts) and on every later request (seriesRelation): an assignment that
 * breaks it, or whose person no longer manages anyone, grants nothing.
 */
import { type FieldErrors, invalid } from "../errors";

/** A covering range lasts at most this many days (inclusive); a longer leave gets a new assignment. */
export const COVERING_MAX_DAYS = 92;
/** A range starts at most this many days ahead, so a date such as 9999-12-31 is refused. */
export const COVERING_MAX_LEAD_DAYS = 365;

/** Facts read from the database about the person to be named (null: no active member of the org). */
export type CoveringPerson = { id: string; managesReports: boolean };

export type CoveringProposal = {
  series: { managerId: string; reportId: string };
  namedBy: string;
  person: CoveringPerson | null;
  startsOn: string;
  endsOn: string;
};

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

/** Who may be named: someone with reports of their own, never the pair, never the person naming. */
function personErrors(p: CoveringProposal): string[] {
  const person = p.person;
  if (!person) return ["Choose an active member of your organization."];
  if (person.id === p.namedBy) return ["Nobody can name themselves as covering manager."];
  if (person.id === p.series.reportId) return ["The report of this series cannot cover their own one-on-ones."];
  if (person.id === p.series.managerId) return ["Choose someone other than the manager of this series."];
  if (!person.managesReports) return ["Choose someone who currently manages reports of their own."];
  return [];
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
  const errors = rangeErrors(p);
  if (p.startsOn < today) errors.startsOn = ["The first day must be today or later."];
  else if (p.startsOn > isoOf(dayNumber(today) + COVERING_MAX_LEAD_DAYS)) {
    errors.startsOn = [`The first day must be within the next ${COVERING_MAX_LEAD_DAYS} days.`];
  }
  const person = personErrors(p);
  if (person.length) errors.coveringManagerId = person;
  return errors;
}

/** Throws field errors unless the rule allows naming this person for this range today. */
export function assertMayNameCovering(p: CoveringProposal, today: string): void {
  const errors = coveringViolations(p, today);
  if (Object.keys(errors).length) throw invalid(errors);
}

/**
 * Whether a stored assignment still grants anything (its range is checked by seriesRelation):
 * the same person and range rules as when it was named, with today's facts.
 */
export function coveringStillValid(p: CoveringProposal): boolean {
  return personErrors(p).length === 0 && Object.keys(rangeErrors(p)).length === 0;
}
