import { z } from "zod";
import { storedText, uuid } from "./common";

import { TEMPLATE_KINDS } from "../templates/kinds";

export { TEMPLATE_KINDS, TEMPLATE_KIND_LABELS } from "../templates/kinds";

export const templateSchema = z.object({
  name: storedText("Enter a name.").trim().min(1, "Enter a name.").max(120, "A name has at most 120 characters."),
  kind: z.enum(TEMPLATE_KINDS, { error: "Choose a kind of template." }),
  content: z.string().max(1_100_000, "The template is larger than 1 MB."),
});

export const updateTemplateSchema = templateSchema.extend({ id: uuid });
export const copyTemplateSchema = z.object({ id: z.string().min(1).max(100) });

/** Which template a series' new meetings start from: "" for a blank agenda, a built-in id, or one's own template. */
export const seriesAgendaTemplateSchema = z.object({
  seriesId: uuid,
  template: z
    .string({ error: "Choose a template." })
    .max(100, "Choose one of the templates.")
    .transform((v) => v.trim() || null),
});
export type SeriesAgendaTemplateInput = z.infer<typeof seriesAgendaTemplateSchema>;

/** Adds a template's content to one upcoming meeting's agenda. */
export const applyTemplateSchema = z.object({
  meetingId: uuid,
  template: z.string({ error: "Choose a template." }).trim().min(1, "Choose a template.").max(100, "Choose one of the templates."),
});
export type ApplyTemplateInput = z.infer<typeof applyTemplateSchema>;
