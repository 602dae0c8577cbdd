import { z } from "zod";
import { uuid } from "./common";

export const calendarFeedSchema = z.object({ seriesId: uuid });
export type CalendarFeedInput = z.infer<typeof calendarFeedSchema>;

export const calendarFeedActionSchema = calendarFeedSchema.extend({
  intent: z.enum(["create", "revoke"], { error: "Choose create or revoke." }),
});
