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
