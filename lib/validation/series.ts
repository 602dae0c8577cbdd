import { z } from "zod";
import { dateOnly, flag, timeOfDay, timeZone, uuid } from "./common";
import { DEFAULT_LUNCH } from "../schedule";

export const CADENCES = ["weekly", "biweekly", "monthly"] as const;
export const FORMATS = ["structured", "unstructured"] as const;
export { CADENCE_LABELS } from "@/lib/labels";

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

const optionalTime = z.union([z.literal(""), timeOfDay]).optional();

export const startSeriesSchema = seriesSettingsSchema
  .extend({
    // Empty: every report of the manager who has no series yet.
    reportIds: z.array(uuid).max(200).default([]),
    // Absent: the defaults of lib/schedule (a 15-minute buffer, lunch 12:00-13:00); "" for both lunch times: no lunch break.
    bufferMinutes: z.coerce
      .number({ error: "Enter the buffer in minutes." })
      .int("Enter whole minutes.")
      .min(0, "The buffer cannot be negative.")
      .max(60, "A buffer lasts at most 60 minutes.")
      .optional(),
    lunchStart: optionalTime,
    lunchEnd: optionalTime,
    // The person had no time zone yet: remember the one chosen here as theirs.
    rememberTimeZone: flag.optional(),
  })
  .superRefine((v, ctx) => {
    const start = v.lunchStart ?? DEFAULT_LUNCH.start;
    const end = v.lunchEnd ?? DEFAULT_LUNCH.end;
    if ((start === "") !== (end === "")) ctx.addIssue({ code: "custom", path: ["lunchEnd"], message: "Enter both ends of the lunch break, or neither." });
    else if (start !== "" && end <= start) ctx.addIssue({ code: "custom", path: ["lunchEnd"], message: "Lunch must end after it starts." });
  });
export type StartSeriesInput = z.infer<typeof startSeriesSchema>;

export const updateSeriesSettingsSchema = seriesSettingsSchema
  .pick({ cadence: true, weekday: true, startTime: true, durationMinutes: true, timeZone: true, format: true })
  .extend({ seriesId: uuid });
export type UpdateSeriesSettingsInput = z.infer<typeof updateSeriesSettingsSchema>;

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmmOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
