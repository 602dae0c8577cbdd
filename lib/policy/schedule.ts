/**
 * Who may undo a cancel, a move or a leave, and who may mark someone as on leave. Pure: lib/server
 * reads the change, the lines and the relations for each request and passes them in.
 */
import { AppError, forbidden, invalid } from "../errors";
import { COVERING_MAX_DAYS, COVERING_MAX_LEAD_DAYS, coveringLength } from "./covering";
import type { Relation } from "./table";

/** How long after a cancel, move or leave the person who made it may undo it. */
export const UNDO_WINDOW_MS = 24 * 3600_000;

export type ChangeFacts = { actorId: string; createdAt: Date; undoneAt: Date | null };

/**
 * Only the person who made the change, within the window, once; and only while they may still
 * write every series it touched (a manager whose line ended, a covering range that closed: no).
 */
export function assertMayUndo(actorId: string, change: ChangeFacts, relations: Relation[], now: Date = new Date()): void {
  if (change.actorId !== actorId) throw new AppError("not_found");
  if (relations.some((r) => r !== "manager" && r !== "report" && r !== "covering")) throw forbidden("You can no longer change this series.");
  if (change.undoneAt) throw new AppError("conflict", "This change was already undone.");
  if (now.getTime() - change.createdAt.getTime() > UNDO_WINDOW_MS) throw new AppError("conflict", "A change can be undone only within 24 hours.");
}

/**
 * A manager marks one of their current reports, or themselves, as on leave. `managesPerson`:
 * the actor is the person's current manager (a reporting line that holds today).
 */
export function assertMayMarkLeave(actor: { id: string }, person: { id: string; managesPerson: boolean; actorManagesAnyone: boolean }): void {
  if (person.id === actor.id) {
    if (!person.actorManagesAnyone) throw forbidden("Only a manager marks leave here; ask your manager to mark yours.");
    return;
  }
  if (!person.managesPerson) throw forbidden("You can mark leave only for yourself or one of your current reports.");
}

/** A leave range: today or later, its last day not before its first, at most the covering limit long. */
export function assertLeaveRange(startsOn: string, endsOn: string, today: string, lastAllowedStart: string): void {
  if (startsOn < today) throw invalid({ startsOn: ["The first day must be today or later."] });
  if (startsOn > lastAllowedStart) throw invalid({ startsOn: [`The first day must be within the next ${COVERING_MAX_LEAD_DAYS} days.`] });
  if (endsOn < startsOn) throw invalid({ endsOn: ["The last day must not be before the first."] });
  if (coveringLength(startsOn, endsOn) > COVERING_MAX_DAYS)
    throw invalid({ endsOn: [`A leave lasts at most ${COVERING_MAX_DAYS} days here; mark a longer one in parts.`] });
}

/** Names a covering manager only for one's own leave, and only for series one manages (the covering rules decide who). */
export function assertMayNameCoveringForLeave(actorId: string, personId: string, relation: Relation): void {
  if (personId !== actorId) throw invalid({ coveringManagerId: ["A covering manager stands in for a manager on leave: name one for your own leave."] });
  if (relation !== "manager") throw forbidden("Only the manager of a series names who covers it.");
}
