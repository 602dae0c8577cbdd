/**
 * Background jobs act as the system, never as a person: a job has no relation to any series,
 * so the table in ./table.ts grants it nothing. What it may read instead is said here, and it
 * is only what a content-free mail needs: who (the pair's names and addresses, opt-outs), when
 * (a meeting's time and status), links (ids) and counts. Never agenda, note, topic, action item
 * or goal text: mail leaves the app, and what a pair wrote stays in it.
 */
import { forbidden } from "../errors";

/**
 * retention: the daily sweep that deletes leavers' private notes after the org's retention period.
 * erasure: an operator's erasure request run from the server's shell (npm run erase).
 * recovery: an operator's account recovery run from the server's shell (npm run account:recover).
 */
export type SystemJob = "reminders" | "digests" | "delivery" | "retention" | "erasure" | "recovery";
export type SystemActor = { kind: "system"; job: SystemJob };

export const systemActor = (job: SystemJob): SystemActor => ({ kind: "system", job });

/**
 * - meetingSchedule: a meeting's id, series, status, time, length and time zone
 * - pair: who the manager and the report are (ids, names), and the series' org
 * - recipient: one person's name, address, role, active flag and mail opt-outs
 * - topicCounts: how many topics who added when (counts and author names, never text)
 * - outboxDelivery: one outbox row's address, subject and body, to hand it to SMTP
 * - leaverNotes: which private notes a deactivated person wrote (ids, meeting, dates, the org's
 *   retention), to delete them; never their content
 * - personRecordCounts: how many rows of each kind name one person, to say what an erasure deletes and keeps
 * - accountRecovery: one account by address and the other person of each of its pairs (names,
 *   addresses), to make a one-time recovery link and tell them; never anything a pair wrote
 */
export type SystemRead = "meetingSchedule" | "pair" | "recipient" | "topicCounts" | "outboxDelivery" | "leaverNotes" | "personRecordCounts" | "accountRecovery";

export const SYSTEM_READS: Record<SystemJob, readonly SystemRead[]> = {
  reminders: ["meetingSchedule", "pair", "recipient"],
  digests: ["meetingSchedule", "pair", "recipient", "topicCounts"],
  delivery: ["outboxDelivery"],
  retention: ["leaverNotes"],
  erasure: ["leaverNotes", "personRecordCounts"],
  recovery: ["accountRecovery"],
};

/** Throws unless this job may read this; a person (or anything else) passed here is refused. */
export function assertSystemMayRead(actor: SystemActor, what: SystemRead): void {
  if (actor?.kind !== "system" || !SYSTEM_READS[actor.job]?.includes(what)) {
    throw forbidden(`The ${String(actor?.job ?? "unknown")} job may not read ${what}.`);
  }
}
