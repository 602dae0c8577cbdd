/**
 * When a meeting may change state, and whether its record may still be written. Pure: lib/server
 * reads the meeting under its lock and passes it in. A completed meeting is the pair's record:
 * its agenda, topics, action items (and, for the first meeting, the working agreement) stay as
 * they were, for everyone, until the manager reopens it.
 */
import { AppError, forbidden } from "../errors";
import type { Relation } from "./table";

export type MeetingState = {
  status: "scheduled" | "in_progress" | "completed" | "cancelled";
  scheduledAt: Date;
  startedAt: Date | null;
  completedAt?: Date | null;
};

/** How long after completion the manager may reopen a meeting. */
export const REOPEN_WINDOW_MS = 24 * 3600_000;

/** A meeting may be completed once it has started, or once its scheduled time has come. */
export function mayComplete(m: MeetingState, now: Date = new Date()): boolean {
  return (m.status === "in_progress" || m.status === "scheduled") && (m.startedAt !== null || m.scheduledAt.getTime() <= now.getTime());
}

export function assertMayComplete(m: MeetingState, now: Date = new Date()): void {
  if (m.status === "cancelled") throw new AppError("conflict", "This meeting was cancelled.");
  if (m.status === "completed") throw new AppError("conflict", "This meeting is already completed.");
  if (!mayComplete(m, now)) {
    throw new AppError("conflict", "This meeting has not started and its time has not come yet: start it, or complete it once it is due.");
  }
}

/** The agenda, topics and action items of a meeting change only while it is ahead or under way. */
export function meetingIsWritable(status: MeetingState["status"]): boolean {
  return status === "scheduled" || status === "in_progress";
}

export function assertMeetingWritable(status: MeetingState["status"]): void {
  if (status === "completed") throw new AppError("conflict", "This meeting is completed; its agenda, topics and action items are kept as they were.");
  if (status === "cancelled") throw new AppError("conflict", "This meeting is cancelled; its agenda, topics and action items are kept as they were.");
}

/** Only the pair's manager reopens, and only within 24 hours of completion. */
export function mayReopen(relation: Relation, m: Pick<MeetingState, "status" | "completedAt">, now: Date = new Date()): boolean {
  return relation === "manager" && m.status === "completed" && !!m.completedAt && now.getTime() - m.completedAt.getTime() <= REOPEN_WINDOW_MS;
}

export function assertMayReopen(relation: Relation, m: Pick<MeetingState, "status" | "completedAt">, now: Date = new Date()): void {
  if (relation !== "manager") throw relation === "none" ? new AppError("not_found") : forbidden("Only the manager of this series can reopen a meeting.");
  if (m.status !== "completed") throw new AppError("conflict", "Only a completed meeting can be reopened.");
  if (!mayReopen(relation, m, now)) throw new AppError("conflict", "A meeting can be reopened only within 24 hours of its completion.");
}
