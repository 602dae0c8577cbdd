/** The kinds of access-log entries (db enum access_kind); the first four are listed as important. */
export const ACCESS_KINDS = ["read", "covering", "excerpt", "escalation", "export", "themes", "handoff", "reopened", "recovery"] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export const ACCESS_KIND_LABELS: Record<AccessKind, string> = {
  read: "Reads",
  covering: "Covering",
  excerpt: "Shared excerpts",
  escalation: "Safety escalations",
  export: "Exports",
  themes: "Team themes",
  handoff: "Handoff",
  reopened: "Reopened meetings",
  recovery: "Account recovery",
};
