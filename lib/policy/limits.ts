/**
 * How much one person may write in a short time, so that nobody floods a record both people keep:
 * a safety escalation stays in the report's access log for good, and topics fill the meeting page
 * both people load. lib/server counts in the database, inside the writing transaction and after
 * locking the series row, so parallel requests wait for each other and cannot pass the limit.
 */
import { invalid } from "../errors";

/**
 * Safety escalations one series may record per UTC day. A real escalation is rare; a second or a
 * third the same day leaves room to correct or complete one (it cannot be edited). More is a flood.
 */
export const ESCALATIONS_PER_DAY = 3;
/** Topics one person may add to one meeting in any 60 seconds: typing, not a script. */
export const TOPICS_PER_MINUTE = 10;
/** Topics of one person one meeting may hold: far more than a meeting can discuss, and a bounded page. */
export const TOPICS_PER_MEETING = 100;

export const ESCALATION_LIMIT_MESSAGE = `This series already has ${ESCALATIONS_PER_DAY} safety escalations recorded today (UTC), the most one day allows. Nothing was recorded. If someone is in danger now, contact the people who can help at once; you can record it here tomorrow.`;
export const TOPICS_PER_MINUTE_MESSAGE = `You added ${TOPICS_PER_MINUTE} topics to this meeting in the last minute, the most a minute allows. Nothing was added: wait a minute and try again.`;
export const TOPICS_PER_MEETING_MESSAGE = `This meeting already holds ${TOPICS_PER_MEETING} of your topics, the most one meeting takes. Nothing was added: remove one of yours first.`;

export function assertEscalationWithinLimit(recordedToday: number): void {
  if (recordedToday >= ESCALATIONS_PER_DAY) throw invalid({ reason: [ESCALATION_LIMIT_MESSAGE] }, ESCALATION_LIMIT_MESSAGE);
}

export function assertTopicWithinLimits(mine: { lastMinute: number; inMeeting: number }): void {
  if (mine.lastMinute >= TOPICS_PER_MINUTE) throw invalid({ text: [TOPICS_PER_MINUTE_MESSAGE] }, TOPICS_PER_MINUTE_MESSAGE);
  if (mine.inMeeting >= TOPICS_PER_MEETING) throw invalid({ text: [TOPICS_PER_MEETING_MESSAGE] }, TOPICS_PER_MEETING_MESSAGE);
}
