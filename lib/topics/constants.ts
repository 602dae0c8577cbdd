// Plain constants (no zod), so that client components can import them without the validator.
export const TOPIC_KINDS = ["strategic", "tactical"] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];
export const TOPIC_KIND_LABELS: Record<TopicKind, string> = { strategic: "Strategic", tactical: "Tactical" };

export const TOPIC_CATEGORIES = ["partner_teams", "productivity", "career_growth", "work_life_balance", "wellbeing", "other"] as const;
export type TopicCategory = (typeof TOPIC_CATEGORIES)[number];
export const TOPIC_CATEGORY_LABELS: Record<TopicCategory, string> = {
  partner_teams: "Collaboration with partner teams",
  productivity: "Productivity",
  career_growth: "Career growth",
  work_life_balance: "Work-life balance",
  wellbeing: "Wellbeing",
  other: "Other",
};

export const ACTION_OWNERS = ["manager", "report"] as const;
export type ActionOwner = (typeof ACTION_OWNERS)[number];

export const TOPIC_TEXT_MAX = 500;
export const ACTION_TEXT_MAX = 500;
export const AGREEMENT_TEXT_MAX = 2000;
export const HISTORY_PAGE_SIZE = 5;
/** The strategic share is measured over this many of the latest completed meetings. */
export const SHARE_WINDOW = 6;

export const TACTICAL_HINT =
  "Tactical items, such as a single bug or a quick status question, may fit another channel better (chat, the team meeting). Keep it here if it matters to you.";
