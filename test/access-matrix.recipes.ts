/**
 * How to call each server action and route handler of the app, and who may. The matrix in
 * test/access-matrix.test.ts finds the doors in app/ by itself and fails on one without a
 * recipe here: adding an action means adding how to call it and who the table lets through.
 */
import { eq } from "drizzle-orm";
import { reportingLines, topics, users } from "@/db/schema";
import {
  type Actor,
  type DataKind,
  type Need,
  type Relation,
  type Rule as NamedRule,
  assertCanStartSeries,
  assertMayMarkLeave,
  assertMayUndo,
  assertOwnsTemplate,
  can,
  may,
  mayReopen,
  orgCapabilities,
  today,
} from "@/lib/policy";
import { previewImport } from "@/lib/server/people-import";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { form, type Outcome } from "./actions-harness";
import { moveMeeting } from "@/lib/server/meetings";
import {
  authorFor,
  type CallerKey,
  coveringRange,
  type Fixture,
  freshActionItem,
  freshCovering,
  leaveOf,
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

/**
 * One call: the caller's relation to the target pair (from who the fixture made them, not from
 * lib/policy), the caller as the app sees them, and the pair called on.
 */
export type Who = { relation: Relation; caller: CallerKey; actor: Actor | null; target: Pair };
export type Rule = { says: string; allows: (who: Who) => boolean };

// Who is let through is asked of lib/policy, never restated here: a rule changed there changes
// the expectation, and the matrix then proves each door asks the policy what it should.
const passes = (check: () => void) => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};
/** A cell of the table in docs/ACCESS.md (lib/policy/table.ts). */
const table = (kind: DataKind, need: Need): Rule => ({ says: `${kind}:${need}`, allows: ({ relation }) => can(kind, relation, need) });
/** A named rule of lib/policy (may), for what the table has no row for. */
const named = (rule: NamedRule): Rule => ({ says: `rule ${rule}`, allows: ({ relation }) => may(rule, relation) });
const rules = {
  /** Managing people and lines of the org: its admins only, in their own org. */
  orgAdmin: { says: "an admin of this org", allows: ({ actor, target }) => orgCapabilities(actor).managePeople && actor?.orgId === target.manager.orgId },
  /** Org settings of the caller's own org: any admin, each in their org. */
  anyAdmin: { says: "an admin, in their own org", allows: ({ actor }) => orgCapabilities(actor).managePeople },
  /** One's own things (settings, new templates): anyone signed in. */
  signedIn: { says: "anyone signed in, for themselves", allows: ({ actor }) => actor !== null },
  /** Templates are private to their owner (the pair's manager owns the fixture's). */
  templateOwner: {
    says: "the template's owner",
    allows: ({ actor, target }) => actor !== null && passes(() => assertOwnsTemplate(actor, { ownerId: target.manager.id })),
  },
  /** A manager starts a series only with their own current report (the recipe adds a line from today to the pair's manager). */
  ownReport: {
    says: "the report's current manager",
    allows: ({ actor, target }) =>
      actor !== null &&
      passes(() => assertCanStartSeries(actor, { orgId: target.manager.orgId, managerId: target.manager.id, activeFrom: today(), activeTo: null })),
  },
  /** Taking back a completion, on a meeting completed just now (lib/policy/meetings.ts). */
  reopen: { says: "mayReopen, completed just now", allows: ({ relation }) => mayReopen(relation, { status: "completed", completedAt: new Date() }) },
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
    args: async (fx, t, c) => f({ topicId: await freshTopic(fx, t, authorFor(fx, c, t)), baseVersion: "1", text: unique("edited"), ...topicFields }),
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
  [`${SERIES}/action-item-actions.ts#addActionItemAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ meetingId: await openMeeting(fx, t), text: unique("item"), owner: "report" }),
  },
  [`${SERIES}/action-item-actions.ts#actionItemDoneAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ actionItemId: await freshActionItem(fx, t, t.manager), done: "true" }),
  },
  [`${SERIES}/action-item-actions.ts#removeActionItemAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t, c) => f({ actionItemId: await freshActionItem(fx, t, authorFor(fx, c, t)) }),
  },
  [`${SERIES}/meeting-actions.ts#startMeetingAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ meetingId: await scheduledMeeting(fx, t) }),
  },
  [`${SERIES}/meeting-actions.ts#completeMeetingAction`]: {
    rule: table("seriesContent", "write"),
    note: "a meeting that has started (one that has not, and is not yet due, is refused to everyone: lib/server/lifecycle.test.ts)",
    args: async (fx, t) => f({ meetingId: await startedMeeting(fx, t) }),
  },
  [`${SERIES}/meeting-actions.ts#reopenMeetingAction`]: {
    rule: rules.reopen,
    note: "a meeting completed just now; after 24 hours nobody may (lib/server/lifecycle.test.ts)",
    args: async (fx, t) => f({ meetingId: await completedMeeting(fx, t) }),
  },
  [`${SERIES}/meeting-actions.ts#cancelMeetingAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ meetingId: await scheduledMeeting(fx, t) }),
  },
  [`${SERIES}/meeting-actions.ts#moveMeetingAction`]: {
    rule: table("seriesContent", "write"),
    // Confirmed: a time that overlaps another of the manager's meetings is otherwise only answered with the clash.
    args: async (fx, t) => f({ meetingId: await scheduledMeeting(fx, t), date: utcDay(200 + (nextSerial() % 1400)), time: "10:00", confirmOverlap: "on" }),
  },
  [`${SERIES}/meeting-actions.ts#undoChangeAction`]: {
    rule: {
      says: "assertMayUndo: only who made the change (here the pair's manager), while they may still write the series",
      allows: ({ actor, relation, target }) =>
        actor !== null && passes(() => assertMayUndo(actor.id, { actorId: target.manager.id, createdAt: new Date(), undoneAt: null }, [relation])),
    },
    note: "a move the pair's manager made just now",
    args: async (fx, t) => {
      const moved = await moveMeeting(t.manager, {
        meetingId: await scheduledMeeting(fx, t),
        date: utcDay(200 + (nextSerial() % 1400)),
        time: "11:00",
        confirmOverlap: true,
      });
      return f({ changeId: moved.changeId! });
    },
  },
  [`${SERIES}/settings-actions.ts#updateSeriesSettingsAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ seriesId: t.seriesId, ...settings }),
  },
  [`${SERIES}/template-actions.ts#applyTemplateAction`]: {
    rule: table("seriesContent", "write"),
    note: "a meeting that has not started (lib/server/series-templates.test.ts)",
    args: async (fx, t) => f({ meetingId: await scheduledMeeting(fx, t), template: "builtin:weekly_check_in" }),
  },
  [`${SERIES}/template-actions.ts#setSeriesAgendaTemplateAction`]: {
    rule: table("seriesContent", "write"),
    args: async (fx, t) => f({ seriesId: t.seriesId, template: "builtin:weekly_check_in" }),
  },
  [`${SERIES}/working-agreement-actions.ts#saveWorkingAgreementAction`]: {
    rule: table("seriesContent", "write"),
    note: "while the first meeting is open: once it is completed the agreement is read-only (lib/server/lifecycle.test.ts)",
    args: async (fx, t) => {
      await openFirstMeeting(fx, t);
      return f({ seriesId: t.seriesId, goalsAndExpectations: unique("agreed"), format: "structured" });
    },
  },
  [`${MEETING}/agenda-actions.ts#agendaTokenAction`]: {
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
  [`${MEETING}/pulse-actions.ts#meetingPulseAction`]: {
    rule: table("seriesContent", "read"),
    note: "an open meeting page's poll: a digest of what the page shows, for whoever reads the series' content",
    args: async (fx, t) => [{ meetingId: await openMeeting(fx, t) }],
  },
  [`${MEETING}/notes-actions.ts#noteTokenAction`]: {
    rule: named("keepOwnNotes"),
    note: "the token names the caller's own note document; nobody can ask for another's",
    args: async (fx, t) => [{ meetingId: await openMeeting(fx, t) }],
  },
  [`${MEETING}/terms-actions.ts#acknowledgeTermsAction`]: {
    rule: named("acknowledgeTerms"),
    args: async (fx, t) => f({ seriesId: t.seriesId, version: String(await termsVersion(fx, t.seriesId)) }),
  },
  [`${MEETING}/terms-actions.ts#updateTermsAction`]: {
    rule: named("editTerms"),
    args: async (fx, t) =>
      f({
        seriesId: t.seriesId,
        baseVersion: String(await termsVersion(fx, t.seriesId)),
        body: `${unique("terms")}: what we say here stays between us, with three exceptions.`,
      }),
  },
  [`${MEETING}/exception-actions.ts#requestShareAction`]: {
    rule: named("requestShare"),
    args: async (fx, t) => {
      const topicId = await freshTopic(fx, t, t.report);
      const [topic] = await fx.db.select({ text: topics.text, meetingId: topics.meetingId }).from(topics).where(eq(topics.id, topicId));
      return f({
        meetingId: topic.meetingId,
        source: "topic",
        topicId,
        excerpt: topic.text,
        recipientId: fx.bystander.id,
        reason: "For the team retrospective.",
      });
    },
  },
  [`${MEETING}/exception-actions.ts#recordEscalationAction`]: {
    rule: named("escalate"),
    args: async (fx, t) => f({ seriesId: t.seriesId, reason: "A safety concern that must be escalated.", confirm: "yes" }),
  },
  [`${MEETING}/exception-actions.ts#keepOutAction`]: {
    rule: named("keepOutOfThemes"),
    args: async (fx, t) => f({ topicId: await freshTopic(fx, t, t.report), keepOut: "true" }),
  },
  [`${SERIES}/covering-actions.ts#assignCoveringAction`]: {
    rule: named("nameCovering"),
    note: "for the admin, the pair's manager is on leave over the range (an admin names a cover only then)",
    args: async (fx, t, caller) => {
      const range = coveringRange();
      if (caller === "admin") await leaveOf(fx, t, range);
      return f({ seriesId: t.seriesId, coveringManagerId: fx.bystander.id, ...range });
    },
  },
  [`${SERIES}/covering-actions.ts#endCoveringAction`]: {
    rule: named("nameCovering"),
    args: async (fx, t) => f({ assignmentId: await freshCovering(fx, t) }),
  },
  "(app)/privacy/actions.ts#decideShareAction": {
    rule: named("approveShare"),
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
  "(app)/admin/people/actions.ts#setSupportResourcesAction": {
    rule: rules.anyAdmin,
    targetFree: true,
    args: async () => f({ supportUrl: "https://eap.acme.co/help", supportText: "Free and confidential." }),
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
  "(app)/admin/people/import-actions.ts#previewImportAction": {
    rule: rules.anyAdmin,
    targetFree: true,
    note: "a preview writes nothing, for anyone",
    args: async () => f({ csv: `email,name\n${unique("imported")}@example.test,Imported Person` }),
  },
  "(app)/admin/people/import-actions.ts#confirmImportAction": {
    rule: rules.orgAdmin,
    alsoRefusal: {
      codes: ["invalid"],
      why: "another org's admin plans the file against their own org, where the pair's manager is unknown: a row error, nothing stored",
    },
    note: "a new person reporting to the pair's manager, with the plan the pairs' admin previewed",
    args: async (fx, t) => {
      const csv = `email,name,manager_email\n${unique("imported")}@demo.test,Imported Person,${t.manager.email}`;
      const screen = await previewImport(fx.callers.admin!, { csv });
      return f({ csv, planHash: screen.ok ? screen.planHash : "" });
    },
  },
  "(app)/admin/people/leaver-actions.ts#setNoteRetentionAction": { rule: rules.anyAdmin, targetFree: true, args: async () => f({ days: "90" }) },
  "(app)/admin/people/leaver-actions.ts#eraseAction": {
    rule: rules.orgAdmin,
    note: "a real erasure (not a preview) of a new member of the pairs' org, confirmed with their address; another org's admin must not reach them",
    args: async (fx) => {
      const userId = await freshPerson(fx);
      const [person] = await fx.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
      return f({ userId, confirmEmail: person.email, dryRun: "false" });
    },
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
  "(app)/team/leave-actions.ts#markLeaveAction": {
    rule: {
      says: "assertMayMarkLeave: the report's current manager (for a report's leave)",
      allows: ({ actor, relation, target }) =>
        actor !== null &&
        passes(() => assertMayMarkLeave(actor, { id: target.report.id, managesPerson: relation === "manager", actorManagesAnyone: relation === "manager" })),
    },
    note: "the pair's report on leave for two days far ahead, confirmed",
    args: async (fx, t) => {
      const day = 300 + (nextSerial() % 60);
      return f({ personId: t.report.id, startsOn: utcDay(day), endsOn: utcDay(day + 1), confirm: "on" });
    },
  },
  "(app)/settings/time-zone-actions.ts#setTimeZoneAction": { rule: rules.signedIn, targetFree: true, args: async () => f({ timeZone: "Europe/Lisbon" }) },
  "(app)/settings/actions.ts#setNotificationAction": { rule: rules.signedIn, targetFree: true, args: async () => f({ kind: "topic_digest", enabled: "off" }) },
  "(app)/settings/actions.ts#setThemeAction": {
    rule: rules.signedIn,
    targetFree: true,
    note: "a cookie of the caller's browser, no row",
    args: async () => f({ theme: "dark" }),
  },
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
      {
        label: "an unknown token",
        args: () => [null, form({ token: "x".repeat(43), name: "Mallory", password: "a long enough passphrase 1", confirm: "a long enough passphrase 1" })],
      },
      {
        label: "passwords that differ",
        args: () => [null, form({ token: "x".repeat(43), name: "Mallory", password: "a long enough passphrase 1", confirm: "other" })],
      },
    ],
  },
  "(auth)/recover/[token]/actions.ts#recoverAccountAction": {
    public: "setting a new password with a one-time recovery link (the token is the credential)",
    refuses: [
      { label: "an empty form", args: () => [null, form({})] },
      {
        label: "an unknown token",
        args: () => [null, form({ token: "x".repeat(43), password: "a long enough passphrase 1", confirm: "a long enough passphrase 1" })],
      },
      { label: "passwords that differ", args: () => [null, form({ token: "x".repeat(43), password: "a long enough passphrase 1", confirm: "other" })] },
    ],
  },
  "(auth)/sign-in/forgot/actions.ts#requestRecoveryAction": {
    public: "asking for a recovery link by mail (it goes to the account's own address only)",
    refuses: [
      { label: "an empty form", args: () => [null, form({})] },
      { label: "a malformed email", args: () => [null, form({ email: "not-an-email" })] },
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
  "api/export/archive/route.ts#GET": { proof: "signed out is a 401; each person's zip, unpacked, holds their own record and nobody else's private words" },
  "(app)/series/[seriesId]/meetings/[meetingId]/markdown/route.ts#GET": {
    proof:
      "signed out is a 401; the pair's manager, report and covering manager get the meeting with their own note only; anyone else a 404 with no row written",
  },
};

export const isPublic = (r: Recipe): r is PublicRecipe => "public" in r;
