/**
 * The one API that decides on a relation: `can` reads the table ("who may see what"), `may` the
 * named rules that the table has no row for (who names a covering manager, who acknowledges the
 * terms, the exceptions). Each has an asserting twin that refuses the same way everywhere: someone
 * with no relation to the series gets not_found (its existence stays hidden), anyone else forbidden.
 */
import { AppError, forbidden } from "../errors";
import { ACCESS, type Access, type DataKind, type Relation } from "./table";

export type Need = "read" | "write" | "meta";

/** What a person holds beyond their relation: authorship of a private row, being a named recipient. */
export type Standing = { isAuthor?: boolean; isRecipient?: boolean };

function grants(access: Access, need: Need, standing: Standing): boolean {
  switch (access) {
    case "write":
      return true;
    case "read":
    case "thresholded":
      return need !== "write";
    case "meta":
      return need === "meta";
    case "author":
      return standing.isAuthor === true;
    case "recipient":
      return need !== "write" && standing.isRecipient === true;
    case "none":
      return false;
  }
}

/**
 * Whether the table lets this relation have `need` on `kind`, with the person's standing:
 * "author" opens only rows they wrote, "recipient" only what names them, "thresholded" only
 * counts (read), "meta" only metadata.
 */
export function can(kind: DataKind, relation: Relation, need: Need, standing: Standing = {}): boolean {
  return grants(ACCESS[kind][relation], need, standing);
}

function refuse(relation: Relation, message?: string): never {
  throw relation === "none" ? new AppError("not_found") : forbidden(message);
}

export function assertCan(kind: DataKind, relation: Relation, need: Need, standing: Standing = {}): void {
  if (!can(kind, relation, need, standing)) refuse(relation);
}

/**
 * The rules decided on a relation that are not a cell of the table. Each says who, and what a
 * refused person reads.
 */
const RULES = {
  /** Private notes: the table's "author only" for the pair, and a covering manager's own, separate notes. */
  keepOwnNotes: {
    who: (r: Relation) =>
      (r === "manager" && ACCESS.managerPrivateNotes.manager === "author") ||
      (r === "report" && ACCESS.reportPrivateNotes.report === "author") ||
      r === "covering",
    refusal: "Private notes belong to the people of the series.",
  },
  /** Who covers is people work, not content: the manager of the series, or an admin of its org. */
  nameCovering: { who: (r: Relation) => r === "manager" || r === "admin", refusal: "Only the manager or an org admin names a covering manager." },
  /** Who covers and when is shown to everyone with a relation to the series (the report above all). */
  seeCovering: { who: (r: Relation) => r !== "none", refusal: undefined },
  /** The terms are an agreement of the two; nobody else acknowledges them. */
  acknowledgeTerms: { who: (r: Relation) => r === "manager" || r === "report", refusal: "Only the manager and the report acknowledge their terms." },
  /** The terms' text is the manager's to change; the report acknowledges it. */
  editTerms: { who: (r: Relation) => r === "manager", refusal: "Only the manager changes the terms; the report acknowledges them." },
  /** Exception 2: the manager asks; the report decides. */
  requestShare: { who: (r: Relation) => r === "manager", refusal: "Only the manager of this series can ask to share an excerpt." },
  /**
   * Exception 2: the report alone approves or declines a request about them (lib/server finds
   * the request by its report, a WHERE clause, so nobody else's can be reached at all).
   */
  approveShare: { who: (r: Relation) => r === "report", refusal: "Only the report decides on a sharing request about them." },
  /** Exception 3: the manager records a safety escalation. */
  escalate: { who: (r: Relation) => r === "manager", refusal: "Only the manager of this series records a safety escalation." },
  /** Exception 1: the report decides which of their topics stay out of team themes. */
  keepOutOfThemes: { who: (r: Relation) => r === "report", refusal: "Only the report decides which topics stay out of team themes." },
} satisfies Record<string, { who: (r: Relation) => boolean; refusal: string | undefined }>;

export type Rule = keyof typeof RULES;

/** Whether a named rule lets this relation through. */
export function may(rule: Rule, relation: Relation): boolean {
  return RULES[rule].who(relation);
}

export function assertMay(rule: Rule, relation: Relation): void {
  if (!may(rule, relation)) refuse(relation, RULES[rule].refusal);
}

/** Managing the organization (people, lines, outbox, the themes threshold) is its admins' alone. */
export function isOrgAdmin(actor: { orgRole: "admin" | "member" } | null): boolean {
  return actor?.orgRole === "admin";
}

/**
 * Team themes are not a series relation: the viewer stands as "manager" for their own current
 * team, as "admin" for the whole organization. Which one follows from the scope asked for (by
 * default the widest the person holds) and from facts lib/server reads.
 */
export function themesStanding(
  viewer: { isOrgAdmin: boolean; managesTeam: boolean },
  scope?: "team" | "org",
): { scope: "team" | "org"; relation: Relation; canChooseScope: boolean } {
  const chosen = scope ?? (viewer.isOrgAdmin ? "org" : "team");
  const relation: Relation = chosen === "org" ? (viewer.isOrgAdmin ? "admin" : "none") : viewer.managesTeam ? "manager" : "none";
  // Only someone who holds both views has a choice to make.
  return { scope: chosen, relation, canChooseScope: viewer.isOrgAdmin && viewer.managesTeam };
}

/** Refuses (forbidden, not hidden: the page exists for everyone) unless the viewer may read team themes. */
export function assertMayReadThemes(relation: Relation): void {
  if (relation === "none" || !can("teamThemes", relation, "read")) {
    throw forbidden("Team themes are for managers (their own team) and admins (the whole organization).");
  }
}
