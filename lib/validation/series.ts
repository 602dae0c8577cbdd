import { z } from "zod";
import { dateOnly, timeOfDay, timeZone, uuid } from "./common";

export const CADENCES = ["weekly", "biweekly", "monthly"] as const;
export const FORMATS = ["structured", "unstructured"] as const;
export const CADENCE_LABELS: Record<(typeof CADENCES)[number], string> = {
  weekly: "Every week",
  biweekly: "Every two weeks",
  monthly: "Every month",
};

export const seriesSettingsSchema = z.object({
  cadence: z.enum(CADENCES, { error: "Choose a cadence." }),
  weekday: z.coerce.number({ error: "Choose a weekday." }).int().min(1, "Choose a weekday.").max(7, "Choose a weekday."),
  startTime: timeOfDay,
  durationMinutes: z.coerce
    .number({ error: "Enter a duration in minutes." })
    .int("Enter whole minutes.")
    .min(15, "A meeting lasts at least 15 minutes.")
    .max(120, "A meeting lasts at most 120 minutes."),
  timeZone,
  format: z.enum(FORMATS, { error: "Choose structured or unstructured." }),
  startDate: dateOnly,
  templateId: z.string().max(100).optional(),
});
export type SeriesSettings = z.infer<typeof seriesSettingsSchema>;

export const startSeriesSchema = seriesSettingsSchema.extend({
  // Empty: every report of the manager who has no series yet.
  reportIds: z.array(uuid).max(200).default([]),
});
export type StartSeriesInput = z.infer<typeof startSeriesSchema>;

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmmOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
