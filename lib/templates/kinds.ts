// Plain constants (no zod), so that client components can import them without the validator.
export const TEMPLATE_KINDS = ["first_meeting", "weekly_check_in", "career_conversation", "mentorship"] as const;
export const TEMPLATE_KIND_LABELS: Record<(typeof TEMPLATE_KINDS)[number], string> = {
  first_meeting: "First meeting",
  weekly_check_in: "Weekly check-in",
  career_conversation: "Career conversation",
  mentorship: "Structured mentorship",
};
