// The words the app shows for meeting statuses, weekdays and cadences: one list each, used by
// every page and form (and the server's schedule text), so no two screens name a thing apart.
// No imports: client forms use it too.

export type MeetingStatus = "scheduled" | "in_progress" | "completed" | "cancelled";

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  scheduled: "Scheduled",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
};

/**
 * A meeting's status in words. Among past meetings (history, a series' past list), one still
 * scheduled was never started: it reads "Not held". Anywhere else it reads "Scheduled", since
 * a meeting a few minutes late can still be started.
 */
export function meetingStatusLabel(status: MeetingStatus, options: { past?: boolean } = {}): string {
  return status === "scheduled" && options.past ? "Not held" : MEETING_STATUS_LABELS[status];
}

/**
 * The weekdays a series can meet on, Monday first; a series stores ISO numbers (1 = Monday,
 * 7 = Sunday). All seven: the start form and the settings offer the same choice, and working
 * weeks differ between organizations (Sunday to Thursday in several countries).
 */
export const WEEKDAY_LABELS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** The name of an ISO weekday (1 = Monday … 7 = Sunday). */
export const weekdayLabel = (isoWeekday: number): string => WEEKDAY_LABELS[isoWeekday - 1] ?? "";

export type CadenceName = "weekly" | "biweekly" | "monthly";

export const CADENCE_LABELS: Record<CadenceName, string> = {
  weekly: "Every week",
  biweekly: "Every two weeks",
  monthly: "Every month",
};
