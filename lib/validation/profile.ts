import { z } from "zod";
import { timeZone } from "./common";

/** The person's own time zone, chosen from the list (lib/time-zones), checked against the same list. */
export const ownTimeZoneSchema = z.object({ timeZone });
export type OwnTimeZoneInput = z.infer<typeof ownTimeZoneSchema>;
