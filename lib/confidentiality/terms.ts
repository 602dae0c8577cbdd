/** The default confidentiality terms of a series, in the product's own words. */
export const DEFAULT_TERMS = `What we talk about in our one-on-ones stays between the two of us. The app keeps it that way: the shared agenda, topics and action items are visible to us two (and to a covering manager only while they cover), and each of us keeps private notes that nobody else can read.

There are three exceptions, and the app records every use of them in the report's access log:

1. Team themes. The category of a topic (for example "career growth") may be counted, never quoted, when the manager or an admin looks at themes across a team. A category shows only when enough different people contribute to it. The report can keep any topic out of these counts.

2. With your permission. The manager may ask to share one specific excerpt with one named person and must say why. The report approves or declines. Only an approved excerpt, frozen as it was approved, is shown to that one person, and the report sees every request and its outcome.

3. Risk of harm. If someone's safety is at risk, the manager records a safety escalation with a reason. That record cannot be edited or deleted, and it appears in the report's access log.

If these terms change, we both acknowledge the new version.`;

export const CATEGORY_LABELS: Record<string, string> = {
  partner_teams: "Collaboration with partner teams",
  productivity: "Productivity",
  career_growth: "Career growth",
  work_life_balance: "Work-life balance",
  wellbeing: "Wellbeing",
  other: "Other",
};
