/**
 * The whole-surface canary of the browser tests (e2e/canary.spec.ts): one pair whose every kind
 * of content holds a marker of its own. The spec reads every page, RSC payload, route, export,
 * feed and the server's log as every kind of person and checks each marker against the table of
 * PRODUCT.md. Markers are fixed strings so that the spec and the seed agree without a database.
 */
export const CANARY = {
  topic: "canary-topic-5b1e0c",
  agenda: "canary-agenda-9d2f41",
  actionItem: "canary-action-77ac03",
  goal: "canary-goal-3e8d19",
  checkIn: "canary-checkin-c40a6e",
  managerNote: "canary-mnote-1fb2d7",
  reportNote: "canary-rnote-82e5aa",
} as const;

/** The calendar-feed tokens of the canary pair, seeded as hashes like real ones. */
export const CANARY_FEED_TOKENS = {
  manager: "canary-feed-manager-token-00000000000000000000",
  report: "canary-feed-report-token-000000000000000000000",
} as const;

export type CanaryKind = keyof typeof CANARY;
