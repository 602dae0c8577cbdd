import "server-only";
import { series } from "@/db/schema";

/** A series' timing as selected by every reader that plans or shows its meetings: one list, not one per query. */
export const seriesTimingColumns = {
  cadence: series.cadence,
  weekday: series.weekday,
  startMinutes: series.startMinutes,
  durationMinutes: series.durationMinutes,
  timeZone: series.timeZone,
};

/** The timing with the format: what the settings form and the planning section show. */
export const seriesSettingsColumns = { ...seriesTimingColumns, format: series.format };
