import { z } from "zod";
import { storedText, uuid } from "./common";

export const historySchema = z.object({
  seriesId: uuid,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export const searchSchema = z.object({
  seriesId: uuid,
  q: storedText("Enter words to search for.").trim().min(1, "Enter words to search for.").max(200, "At most 200 characters."),
});
