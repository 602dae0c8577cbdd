import { z } from "zod";
import { storedText, uuid } from "./common";

import { TEMPLATE_KINDS } from "../templates/kinds";

export { TEMPLATE_KINDS, TEMPLATE_KIND_LABELS } from "../templates/kinds";

export const templateSchema = z.object({
  name: storedText("Enter a name.")
    .trim()
    .min(1, "Enter a name.")
    .max(120, "A name has at most 120 characters."),
  kind: z.enum(TEMPLATE_KINDS, { error: "Choose a kind of template." }),
  content: z.string().max(1_100_000, "The template is larger than 1 MB."),
});

export const updateTemplateSchema = templateSchema.extend({ id: uuid });
export const copyTemplateSchema = z.object({ id: z.string().min(1).max(100) });
