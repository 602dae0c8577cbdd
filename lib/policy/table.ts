/**
 * "Who may see what" (docs/ACCESS.md, from PRODUCT.md), as data. Every check in lib/policy reads
 * this table; lib/policy/table.test.ts compares it cell by cell with docs/ACCESS.md.
 */
export const RELATIONS = ["manager", "report", "covering", "admin", "none"] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * - write: read and change
 * - read: read only
 * - meta: existence, cadence and last-met date only
 * - author: only the rows this person wrote
 * - recipient: only when this person is the named recipient
 * - thresholded: counts only, above the org's threshold
 * - none: nothing at all
 */
export type Access = "write" | "read" | "meta" | "author" | "recipient" | "thresholded" | "none";

export const DATA_KINDS = ["seriesContent", "managerPrivateNotes", "reportPrivateNotes", "goals", "sharedExcerpt", "teamThemes", "accessLog"] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const ACCESS: Record<DataKind, Record<Relation, Access>> = {
  // series settings, meetings, shared agenda, topics, action items
  seriesContent: { manager: "write", report: "write", covering: "write", admin: "meta", none: "none" },
  managerPrivateNotes: { manager: "author", report: "none", covering: "none", admin: "none", none: "none" },
  reportPrivateNotes: { manager: "none", report: "author", covering: "none", admin: "none", none: "none" },
  goals: { manager: "write", report: "write", covering: "read", admin: "none", none: "none" },
  sharedExcerpt: { manager: "read", report: "read", covering: "none", admin: "recipient", none: "recipient" },
  teamThemes: { manager: "thresholded", report: "none", covering: "none", admin: "thresholded", none: "none" },
  accessLog: { manager: "none", report: "read", covering: "none", admin: "none", none: "none" },
};
