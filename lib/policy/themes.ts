/**
 * Exception 1 of the terms, team themes: the rules that keep a count from naming anyone.
 * Counts cover whole weeks (Monday to Sunday, UTC), at least 4 of them, ending at least a week
 * before today, so that no single meeting, completion or "last met" change can be matched to a
 * change in a count. The threshold is a server rule, never below 3.
 */

/** The periods a viewer may choose, in whole weeks. */
export const THEME_WEEKS = [4, 8, 12, 26] as const;
export type ThemeWeeks = (typeof THEME_WEEKS)[number];

/** Team themes never go below three contributing reports, whatever the org set. */
export function themeThreshold(orgSetting: number): number {
  return Math.max(3, Math.floor(orgSetting));
}

const DAY = 86_400_000;

/**
 * The window of `weeks` whole weeks that ends (exclusive) on the Monday a week before this week's
 * Monday: its last counted day is at least 8 days ago. `from` and `to` are YYYY-MM-DD; `to` is the
 * first day not counted, `lastDay` the last day counted.
 */
export function themeWindow(weeks: ThemeWeeks, now: Date = new Date()): { from: string; to: string; lastDay: string; weeks: ThemeWeeks } {
  if (!THEME_WEEKS.includes(weeks)) throw new Error("unknown theme window");
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  const end = midnight - (sinceMonday + 7) * DAY;
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  return { from: iso(end - weeks * 7 * DAY), to: iso(end), lastDay: iso(end - DAY), weeks };
}

/**
 * The Mondays (YYYY-MM-DD) of the whole weeks a window covers. Each week is counted once, when a
 * window first needs it (at least a week after it closed), and its counts are kept from then on:
 * no later edit, line end or erasure changes a count anyone has been shown.
 */
export function themeWeekStarts(window: { from: string; to: string }): string[] {
  const weeks: string[] = [];
  for (let t = Date.parse(`${window.from}T00:00:00Z`); t < Date.parse(`${window.to}T00:00:00Z`); t += 7 * DAY) {
    weeks.push(new Date(t).toISOString().slice(0, 10));
  }
  return weeks;
}
