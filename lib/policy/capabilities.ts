/**
 * What this person may do here, as booleans that loaders return and pages render from, so that
 * no page or component reasons about roles. Each is derived from the table (`can`) and the named
 * rules (`may`); the server asserts the same checks on every action, so a capability only decides
 * what is offered, never what is allowed.
 */
import { type MeetingState, mayComplete, mayReopen, meetingIsWritable } from "./meetings";
import { can, isOrgAdmin, may } from "./rules";
import type { Relation } from "./table";

/** A series: its settings and content, goals, covering, and the confidentiality sections. */
export function seriesCapabilities(relation: Relation) {
  return {
    /** Only existence, cadence and last-met date (an org admin). */
    readMetaOnly: can("seriesContent", relation, "meta") && !can("seriesContent", relation, "read"),
    readContent: can("seriesContent", relation, "read"),
    /** Settings, meetings (start, cancel, move), topics and action items. */
    editContent: can("seriesContent", relation, "write"),
    readGoals: can("goals", relation, "read"),
    writeGoals: can("goals", relation, "write"),
    keepNotes: may("keepOwnNotes", relation),
    seeCovering: may("seeCovering", relation),
    nameCovering: may("nameCovering", relation),
    acknowledgeTerms: may("acknowledgeTerms", relation),
    manageTerms: may("editTerms", relation),
    requestShare: may("requestShare", relation),
    approveShare: may("approveShare", relation),
    escalate: may("escalate", relation),
    keepOutOfThemes: may("keepOutOfThemes", relation),
    /** The series page: meetings, topics, the strategic share, history (more than the admin's metadata). */
    viewContent: can("seriesContent", relation, "read"),
    addTopic: can("seriesContent", relation, "write"),
    /** Cancel or move a meeting, change cadence or format. */
    planMeetings: can("seriesContent", relation, "write"),
    /** One's own private calendar feed of the series. */
    calendarFeed: can("seriesContent", relation, "read"),
  };
}
export type SeriesCapabilities = ReturnType<typeof seriesCapabilities>;

/** The facts beyond relation and meeting state that some meeting capabilities depend on. */
export type MeetingCapabilityFacts = {
  /** This is the series' first meeting, where the working agreement is settled. */
  isFirstMeeting?: boolean;
  /** The person has acknowledged the terms version in force. */
  termsAcknowledged?: boolean;
  now?: Date;
};

/** A meeting: the series' capabilities, narrowed by the meeting's state (a completed record is read-only). */
export function meetingCapabilities(relation: Relation, meeting: MeetingState, facts: MeetingCapabilityFacts = {}) {
  const now = facts.now ?? new Date();
  const series = seriesCapabilities(relation);
  const writable = series.editContent && meetingIsWritable(meeting.status);
  return {
    ...series,
    /** The shared agenda, topics (add, edit, mark discussed) and action items. */
    editAgenda: writable,
    addTopic: writable,
    markDiscussed: writable,
    addActionItem: writable,
    start: series.editContent && meeting.status === "scheduled",
    complete: series.editContent && mayComplete(meeting, now),
    reopen: series.editContent && mayReopen(relation, meeting, now),
    viewGoals: series.readGoals,
    reviewGoals: series.writeGoals,
    // Settled in the first meeting: once that meeting is completed, the agreement is its record too.
    editWorkingAgreement: series.editContent && facts.isFirstMeeting === true && meeting.status !== "completed",
    viewTerms: series.readContent,
    acknowledgeTerms: series.acknowledgeTerms && facts.termsAcknowledged !== true,
    editTerms: series.manageTerms && series.editContent,
    share: series.requestShare,
  };
}
export type MeetingCapabilities = ReturnType<typeof meetingCapabilities>;

/** The goals of a reporting line: whoever may write them edits, checks in, sets a status and marks a review. */
export function goalCapabilities(relation: Relation) {
  const write = can("goals", relation, "write");
  return { read: can("goals", relation, "read"), write, checkIn: write, setStatus: write, review: write };
}
export type GoalCapabilities = ReturnType<typeof goalCapabilities>;

/**
 * The series' capabilities with the terms in force: the pair acknowledge each version once, the
 * manager changes the text.
 */
export function termsCapabilities(relation: Relation, acknowledgedByMe: boolean) {
  const series = seriesCapabilities(relation);
  return { ...series, acknowledgeTerms: series.acknowledgeTerms && !acknowledgedByMe };
}
export type TermsCapabilities = ReturnType<typeof termsCapabilities>;

/** The organization's own pages: people and lines, the outbox, the themes threshold. */
export function orgCapabilities(actor: { orgRole: "admin" | "member" } | null) {
  const admin = isOrgAdmin(actor);
  return { managePeople: admin, readOutbox: admin, setThemeThreshold: admin, setSupportResources: admin, seeEscalationCounts: admin };
}
export type OrgCapabilities = ReturnType<typeof orgCapabilities>;

/** The facts the navigation depends on, read by lib/server/navigation. */
export type NavigationFacts = {
  /** The person manages someone today (a current reporting line as the manager). */
  managesReports: boolean;
  /** The person has templates of their own. */
  ownsTemplates: boolean;
};

/**
 * The pages the main navigation offers: a page is listed when it holds something for this
 * person. A report has no team and no use for agenda templates, so neither is listed (the pages
 * themselves still answer, with their empty state). Offering is not allowing: each page and
 * action checks on its own.
 */
export function navigationCapabilities(actor: { orgRole: "admin" | "member" } | null, facts: NavigationFacts) {
  const org = orgCapabilities(actor);
  return {
    team: facts.managesReports,
    templates: facts.managesReports || facts.ownsTemplates,
    people: org.managePeople,
    outbox: org.readOutbox,
  };
}
export type NavigationCapabilities = ReturnType<typeof navigationCapabilities>;
