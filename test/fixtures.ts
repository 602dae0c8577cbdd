import type { StartSeriesInput } from "@/lib/validation/series";

/** YYYY-MM-DD in UTC, `days` from today: the app's `today()` is a UTC date too. */
export function utcDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid, already-parsed startSeries input a week ahead; override what a test is about. */
export function seriesInput(overrides: Partial<StartSeriesInput> = {}): StartSeriesInput {
  return {
    cadence: "weekly",
    weekday: 2,
    startTime: "09:00",
    durationMinutes: 30,
    timeZone: "Europe/Berlin",
    format: "structured",
    startDate: utcDay(7),
    templateId: undefined,
    reportIds: [],
    ...overrides,
  };
}

/** A small valid editor document holding one paragraph of `text`. */
export function paragraphDoc(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

/** A SMART goal's fields as the form sends them (a numeric goal, due in 100 days), with `over` on top. */
export const goalDraft = (over: Record<string, string> = {}) => ({
  title: "Run the on-call review",
  specific: "Lead the monthly on-call review meeting.",
  measureKind: "numeric",
  metric: "Reviews led",
  baseline: "0",
  target: "4",
  unit: "reviews",
  doneCondition: "",
  achievable: "Shadow the current lead twice first.",
  relevant: "Builds towards a senior role.",
  dueDate: utcDay(100),
  ...over,
});
