import { z } from "zod";
import { uuid } from "./common";

export const TEMPLATE_KINDS = ["first_meeting", "weekly_check_in", "career_conversation", "mentorship"] as const;
export const TEMPLATE_KIND_LABELS: Record<(typeof TEMPLATE_KINDS)[number], string> = {
  first_meeting: "First meeting",
  weekly_check_in: "Weekly check-in",
  career_conversation: "Career conversation",
  mentorship: "Structured mentorship",
};

export const templateSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, "Enter a name.")
    .max(120, "A name has at most 120 characters."),
  kind: z.enum(TEMPLATE_KINDS, { error: "Choose a kind of template." }),
  content: z.string().max(1_100_000, "The template is larger than 1 MB."),
});

export const updateTemplateSchema = templateSchema.extend({ id: uuid });
export const copyTemplateSchema = z.object({ id: z.string().min(1).max(100) });
