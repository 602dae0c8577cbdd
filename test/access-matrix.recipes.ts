/**
 * How to call each server action and route handler of the app, and who may. The matrix in
 * test/access-matrix.test.ts finds the doors in app/ by itself and fails on one without a
 * recipe here: adding an action means adding how to call it and who the table lets through.
 */
import { eq } from "drizzle-orm";
import { reportingLines, topics } from "@/db/schema";
import { type DataKind, type Need, type Relation, permits } from "@/lib/policy";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { form, type Outcome } from "./actions-harness";
import {
  authorFor,
  type CallerKey,
  coveringRange,
  type Fixture,
  freshActionItem,
  freshCovering,
  freshLine,
  freshPerson,
  freshShareRequest,
  freshTemplate,
  freshTopic,
  goalVersion,
  nextSerial,
  completedMeeting,
  openFirstMeeting,
  openMeeting,
  type Pair,
  scheduledMeeting,
  startedMeeting,
  termsVersion,
  unique,
} from "./access-matrix.fixture";

export type Who = { relation: Relation; caller: CallerKey; target: Pair };
export type Rule = { says: string; allows: (who: Who) => boolean };

/** A cell of the table in ../shared/PRODUCT.md (lib/policy/table.ts). */
const table = (kind: DataKind, need: Need): Rule => ({ says: `${kind}:${need}`, allows: ({ relation }) => permits(kind, relation, need) });
const only = (says: string, ...relations: Relation[]): Rule => ({ says, allows: ({ relation }) => relations.includes(relation) });
const rules = {
  /** "Author only" for the pair; the covering manager writes own, separate notes (PRODUCT.md). */
  ownNotes: only("private notes: the author's own (manager, report, covering)", "manager", "report", "covering"),
  /** The exceptions (sharing, escalation) and the terms' text are the manager's. */
  manager: only("the pair's manager only (terms text, sharing request, escalation)", "manager"),
  /** What the report alone decides: approvals, keeping topics out of themes, handoff. */
  report: only("the pair's report only", "report"),
  /** The terms are an agreement of the two; nobody else acknowledges them. */
  pair: only("the pair only (acknowledging their terms)", "manager", "report"),
  /** Who covers is people work: the manager or an org admin of that org, never the content. */
  managerOrAdmin: only("the manager or the org's admin (covering assignments)", "manager", "admin"),
  /** Managing people and lines of the org: its admins only. */
  orgAdmin: { says: "an admin of this org", allows: ({ caller }) => caller === "admin" },
  /** Org settings of the caller's own org: any admin, each in their org. */
  anyAdmin: { says: "an admin, in their own org", allows: ({ caller }) => caller === "admin" || caller === "otherOrgAdmin" },
  /** One's own things (settings, new templates): anyone signed in. */
  signedIn: { says: "anyone signed in, for themselves", allows: ({ caller }) => caller !== "signedOut" },
  /** Templates are private to their owner (the pair's manager owns the fixture's). */
  templateOwner: { says: "the template's owner", allows: ({ caller, target }) => caller === `manager${target.key}` },
  /** A manager starts a series only with their own current report. */
  ownReport: { says: "the report's current manager", allows: ({ caller, target }) => caller === `manager${target.key}` },
  /** Taking back a completion: the manager alone, within 24 hours of it (lib/policy/meetings.ts). */
  reopen: only("the pair's manager only, within 24 hours of completion", "manager"),
  nobody: { says: "nobody, in the fixture's state", allows: () => false },
} satisfies Record<string, Rule>;

export type ActionRecipe = {
  rule: Rule;
  /** The arguments for one call by `caller` on `target`'s ids; may create rows (before the snapshot). */
  args: (fx: Fixture, target: Pair, caller: CallerKey) => Promise<unknown[]>;
  /** The door takes no ids: called once per caller, on pair A. */
  targetFree?: boolean;
  /** Other answers that count as a refusal here, and why. */
  alsoRefusal?: { codes: string[]; why: string };
  /** An outcome reading of its own (for a door whose success is a redirect to sign-in). */
  outcome?: (o: Outcome, signedIn: boolean) => Outcome;
  note?: string;
};
export type PublicRecipe = {
  public: string;
  /** Bad or foreign input, each of which must be refused without changing a row. */
  refuses: { label: string; args: (fx: Fixture) => Promise<unknown[]> | unknown[] }[];
};
export type Recipe = ActionRecipe | PublicRecipe;

const f = (fields: Record<string, string | string[]>) => [null, form(fields)];
const doc = (text: string) => JSON.stringify(paragraphDoc(text));
const settings = { cadence: "weekly", weekday: "2", startTime: "09:00", durationMinutes: "30", timeZone: "Europe/Berlin", format: "structured" };
const goalFields = (title: string) => ({
  title,
  specific: "Mentor the next new hire through their first month.",
  measureKind: "done_condition",
  doneCondition: "They ship their first change on their own.",
  achievable: "An hour a week, with the team's onboarding guide.",
  relevant: "Practice for leading people.",
  dueDate: utcDay(60),
});
const topicFields = { kind: "strategic", category: "wellbeing" };

const SERIES = "(app)/series/[seriesId]";
const MEETING = `${SERIES}/meetings/[meetingId]`;

/** Keyed by the file's path under app/ and the export's name. */
export const ACTION_RECIPES: Record<string, Recipe> = {
  "(app)/actions.ts#signOutAction": {
    rule: { says: "anyone: it ends only the caller's own session", allows: () => true },
    args: async () => [],
    targetFree: true,
    outcome: (o) => (o.detail === "redirect /sign-in" ? { kind: "allowed", detail: o.detail } : o),
  },
  "(app)/actions.ts#signOutEverywhereAction": {
    rule: rules.signedIn,
    note: "ends the caller's own sessions; signed out, it only sends to sign-in",
    args: async () => [],
    targetFree: true,
    outcome: (o, signedIn) => (signedIn && o.detail === "redirect /sign-in" ? { kind: "allowed", detail: o.detail } : o),
  },

  // Topics, action items, meetings, settings: "series settings, meetings, shared agenda, topics, action items".
  [`${SERIES}/topic-actions.ts#addTopicAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ seriesId: t.seriesId, text: unique("new topic"), ...topicFields }),
  },
  [`${SERIES}/topic-actions.ts#editTopicAction`]: {
    rule: table("seriesContent", "write"),
    note: "on a topic the caller wrote when they may write the series (each edits their own), else the report's",
    args: async (fx, t, c) => f({ topicId: await freshTopic(fx, t, authorFor(fx, c, t)), text: unique("edited"), ...topicFields }),
  },
  [`${SERIES}/topic-actions.ts#removeTopicAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t, c) => f({ topicId: await freshTopic(fx, t, authorFor(fx, c, t)) }),
  },
  [`${SERIES}/topic-actions.ts#moveTopicAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t, c) => f({ topicId: await freshTopic(fx, t, authorFor(fx, c, t)), direction: "up" }),
  },
  [`${SERIES}/topic-actions.ts#discussTopicAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ topicId: await freshTopic(fx, t, t.report), discussed: "true" }),
  },
  [`${SERIES}/topic-actions.ts#addActionItemAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ meetingId: await openMeeting(fx, t), text: unique("item"), owner: "report" }),
  },
  [`${SERIES}/topic-actions.ts#actionItemDoneAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ actionItemId: await freshActionItem(fx, t, t.manager), done: "true" }),
  },
  [`${SERIES}/topic-actions.ts#removeActionItemAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t, c) => f({ actionItemId: await freshActionItem(fx, t, authorFor(fx, c, t)) }),
  },
  [`${SERIES}/topic-actions.ts#startMeetingAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ meetingId: await scheduledMeeting(fx, t) }),
  },
  [`${SERIES}/topic-actions.ts#completeMeetingAction`]: {
    rule: table("seriesContent", "write"),
    note: "a meeting that has started (one that has not, and is not yet due, is refused to everyone: lib/server/lifecycle.test.ts)",
    args: async (fx, t) => f({ meetingId: await startedMeeting(fx, t) }),
  },
  [`${SERIES}/topic-actions.ts#reopenMeetingAction`]: {
    rule: rules.reopen,
    note: "a meeting completed just now; after 24 hours nobody may (lib/server/lifecycle.test.ts)",
    args: async (fx, t) => f({ meetingId: await completedMeeting(fx, t) }),
  },
  [`${SERIES}/topic-actions.ts#cancelMeetingAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ meetingId: await scheduledMeeting(fx, t) }),
  },
  [`${SERIES}/topic-actions.ts#moveMeetingAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ meetingId: await scheduledMeeting(fx, t), date: utcDay(200 + (nextSerial() % 1400)), time: "10:00" }),
  },
  [`${SERIES}/topic-actions.ts#updateSeriesSettingsAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ seriesId: t.seriesId, ...settings }),
  },
  [`${SERIES}/topic-actions.ts#saveWorkingAgreementAction`]: {
    rule: table("seriesContent", "write"),
    note: "while the first meeting is open: once it is completed the agreement is read-only (lib/server/lifecycle.test.ts)",
    args: async (fx, t) => {
      await openFirstMeeting(fx, t);
      return f({ seriesId: t.seriesId, goalsAndExpectations: unique("agreed"), format: "structured" });
    },
  },
  [`${MEETING}/actions.ts#agendaTokenAction`]: {
    rule: table("seriesContent", "write"),
    note: "a token opens the real-time agenda for editing: whoever may write the series' content",
    args: async (fx, t) => [{ meetingId: await openMeeting(fx, t) }],
  },
  [`${SERIES}/calendar-actions.ts#calendarFeedAction`]: {
    rule: table("seriesContent", "read"),
    note: "a feed link is one's own view of the meetings: whoever reads the series",
    args: async (fx, t) => f({ seriesId: t.seriesId, intent: "create" }),
  },

  // Confidentiality.
  [`${MEETING}/notes-actions.ts#noteTokenAction`]: {
    rule: rules.ownNotes,
    note: "the token names the caller's own note document; nobody can ask for another's",
    args: async (fx, t) => [{ meetingId: await openMeeting(fx, t) }],
  },
  [`${MEETING}/notes-actions.ts#acknowledgeTermsAction`]: {
    rule: rules.pair,
    args: async (fx, t) => f({ seriesId: t.seriesId, version: String(await termsVersion(fx, t.seriesId)) }),
  },
  [`${MEETING}/notes-actions.ts#updateTermsAction`]: {
    rule: rules.manager,
    args: async (fx, t) =>
      f({ seriesId: t.seriesId, baseVersion: String(await termsVersion(fx, t.seriesId)), body: `${unique("terms")}: what we say here stays between us, with three exceptions.` }),
  },
  [`${MEETING}/notes-actions.ts#requestShareAction`]: {
    rule: rules.manager,
    args: async (fx, t) => {
      const topicId = await freshTopic(fx, t, t.report);
      const [topic] = await fx.db.select({ text: topics.text, meetingId: topics.meetingId }).from(topics).where(eq(topics.id, topicId));
      return f({ meetingId: topic.meetingId, source: "topic", topicId, excerpt: topic.text, recipientId: fx.bystander.id, reason: "For the team retrospective." });
    },
  },
  [`${MEETING}/notes-actions.ts#recordEscalationAction`]: {
    rule: rules.manager,
    args: async (fx, t) => f({ seriesId: t.seriesId, reason: "A safety concern that must be escalated.", confirm: "yes" }),
  },
  [`${MEETING}/notes-actions.ts#keepOutAction`]: {
    rule: rules.report,
    args: async (fx, t) => f({ topicId: await freshTopic(fx, t, t.report), keepOut: "true" }),
  },
  [`${SERIES}/covering-actions.ts#assignCoveringAction`]: {
    rule: rules.managerOrAdmin,
    args: async (fx, t) => f({ seriesId: t.seriesId, coveringManagerId: fx.bystander.id, ...coveringRange() }),
  },
  [`${SERIES}/covering-actions.ts#endCoveringAction`]: {
    rule: rules.managerOrAdmin,
    args: async (fx, t) => f({ assignmentId: await freshCovering(fx, t) }),
  },
  "(app)/privacy/actions.ts#decideShareAction": {
    rule: rules.report,
    args: async (fx, t) => f({ requestId: await freshShareRequest(fx, t), decision: "approve" }),
  },
  "(app)/privacy/actions.ts#grantHandoffAction": {
    rule: rules.nobody,
    note: "only the report of an ended line hands a past meeting over; the fixture's lines are current (the allowed path: lib/server/handoff.test.ts)",
    args: async (fx, t) => f({ meetingId: t.firstMeetingId }),
  },
  "(app)/privacy/actions.ts#revokeHandoffAction": {
    rule: rules.nobody,
    note: "only the grantor revokes, and the fixture has no grant (the allowed path: lib/server/handoff.test.ts)",
    args: async (fx, t) => f({ meetingId: t.firstMeetingId }),
  },
  "(app)/privacy/actions.ts#setThemeThresholdAction": { rule: rules.anyAdmin, targetFree: true, args: async () => f({ threshold: "5" }) },

  // Goals: "SMART goals".
  [`${SERIES}/goals/actions.ts#createGoalAction`]: {
    rule: table("goals", "write"),
    args: async (fx, t) => f({ seriesId: t.seriesId, ...goalFields(unique("goal")) }),
  },
  [`${SERIES}/goals/actions.ts#updateGoalAction`]: {
    rule: table("goals", "write"),
    args: async (fx, t) => f({ goalId: t.goalId, baseVersion: String(await goalVersion(fx, t.goalId)), ...goalFields(unique("goal")) }),
  },
  [`${SERIES}/goals/actions.ts#addCheckInAction`]: {
    rule: table("goals", "write"),
    args: async (fx, t) => f({ goalId: t.goalId, checkedOn: utcDay(0), percent: "20" }),
  },
  [`${SERIES}/goals/actions.ts#setGoalStatusAction`]: {
    rule: table("goals", "write"),
    args: async (fx, t) => f({ goalId: t.goalId, status: "at_risk" }),
  },
  [`${SERIES}/goals/actions.ts#markReviewedAction`]: {
    rule: table("goals", "write"),
    args: async (fx, t) => f({ goalId: t.goalId, meetingId: await openMeeting(fx, t) }),
  },

  // People, team, settings, templates.
  "(app)/admin/people/actions.ts#inviteAction": {
    rule: rules.anyAdmin,
    targetFree: true,
    args: async () => f({ email: `${unique("invitee")}@example.test`, name: "New Person", orgRole: "member" }),
  },
  "(app)/admin/people/actions.ts#createLineAction": {
    rule: rules.orgAdmin,
    alsoRefusal: { codes: ["invalid"], why: "people of another org are answered like unknown people: a field error, nothing stored" },
    args: async (fx, t) => f({ managerId: t.manager.id, reportId: await freshPerson(fx), activeFrom: utcDay(0) }),
  },
  "(app)/admin/people/actions.ts#endLineAction": {
    rule: rules.orgAdmin,
    args: async (fx, t) => f({ lineId: await freshLine(fx, t), activeTo: utcDay(0) }),
  },
  "(app)/admin/people/actions.ts#setOrgRoleAction": {
    rule: rules.orgAdmin,
    note: "on a new member of the pairs' org; another org's admin must not reach them",
    args: async (fx) => f({ userId: await freshPerson(fx), orgRole: "admin" }),
  },
  "(app)/admin/people/actions.ts#setActiveAction": {
    rule: rules.orgAdmin,
    args: async (fx) => f({ userId: await freshPerson(fx), active: "false" }),
  },
  "(app)/team/actions.ts#startSeriesAction": {
    rule: rules.ownReport,
    note: "with a new report of the target pair's manager",
    args: async (fx, t) => {
      const lineId = await freshLine(fx, t);
      const [line] = await fx.db.select({ reportId: reportingLines.reportId }).from(reportingLines).where(eq(reportingLines.id, lineId));
      // startSeries staggers the time past the manager's other meetings.
      return f({ ...settings, startTime: "10:00", startDate: seriesInput().startDate, reportIds: [line.reportId] });
    },
  },
  "(app)/settings/actions.ts#setNotificationAction": { rule: rules.signedIn, targetFree: true, args: async () => f({ kind: "topic_digest", enabled: "off" }) },
  "(app)/templates/actions.ts#createTemplateAction": {
    rule: rules.signedIn,
    targetFree: true,
    args: async () => f({ name: unique("template"), kind: "mentorship", content: doc("Hello") }),
  },
  "(app)/templates/actions.ts#updateTemplateAction": {
    rule: rules.templateOwner,
    args: async (fx, t) => f({ id: t.templateId, name: unique("renamed"), kind: "weekly_check_in", content: doc("Changed") }),
  },
  "(app)/templates/actions.ts#copyTemplateAction": {
    rule: rules.templateOwner,
    args: async (fx, t) => [form({ id: t.templateId })],
  },
  "(app)/templates/actions.ts#deleteTemplateAction": {
    rule: rules.templateOwner,
    args: async (fx, t) => [form({ id: await freshTemplate(t) })],
  },

  // Public doors: the credential is the input itself.
  "(auth)/sign-in/actions.ts#signInAction": {
    public: "sign-in with email and password",
    refuses: [
      { label: "an empty form", args: () => [null, form({})] },
      { label: "a malformed email", args: () => [null, form({ email: "not-an-email", password: "x" })] },
      { label: "no password", args: () => [null, form({ email: "manager@demo.test", password: "" })] },
      { label: "something other than a form", args: () => [null, { email: "manager@demo.test", password: "between-us-demo" }] },
    ],
  },
  "(auth)/sign-in/actions.ts#oidcSignInAction": {
    public: "sign-in through an OpenID Connect provider",
    refuses: [
      { label: "an unknown provider", args: () => [form({ provider: "evil" })] },
      { label: "the credentials provider by name", args: () => [form({ provider: "credentials" })] },
      { label: "no form", args: () => [undefined] },
    ],
  },
  "(auth)/invite/[token]/actions.ts#acceptInvitationAction": {
    public: "accepting an invitation (the token is the credential)",
    refuses: [
      { label: "an empty form", args: () => [null, form({})] },
      { label: "an unknown token", args: () => [null, form({ token: "x".repeat(43), name: "Mallory", password: "a long enough passphrase 1", confirm: "a long enough passphrase 1" })] },
      { label: "passwords that differ", args: () => [null, form({ token: "x".repeat(43), name: "Mallory", password: "a long enough passphrase 1", confirm: "other" })] },
    ],
  },
};

/** Route handlers: each method of each route.ts; what proves its door is in the test file. */
export const ROUTE_RECIPES: Record<string, { proof: string } | { excluded: string }> = {
  "api/auth/[...nextauth]/route.ts#GET": { excluded: "Auth.js's own endpoints (sessions, CSRF, callbacks); not ours to authorize, and tested by its authors" },
  "api/auth/[...nextauth]/route.ts#POST": { excluded: "Auth.js's own endpoints (sessions, CSRF, callbacks); not ours to authorize, and tested by its authors" },
  "api/health/route.ts#GET": { proof: "public: anyone gets the database's state and nothing else" },
  "api/calendar/[token]/route.ts#GET": { proof: "the token is the credential: a wrong, malformed or revoked token is a 404" },
  "api/export/route.ts#GET": { proof: "signed out is a 401; each person gets their own record and nobody else's private words" },
};

export const isPublic = (r: Recipe): r is PublicRecipe => "public" in r;
