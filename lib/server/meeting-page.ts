import "server-only";
import { cache } from "react";
import { sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { meetingViews } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { meetingCapabilities } from "@/lib/policy";
import { authorizeMeetingView, type AuthorizedMeeting } from "./access";
import { agendaOf, meetingHeader, recordMeetingOpened } from "./agenda";
import { meetingGoalsOf } from "./goal-views";
import { meetingFingerprint } from "./meeting-pulse";
import { completionSummary } from "./meetings";
import { ownNoteOf } from "./private-notes";
import { recipientsFor } from "./sharing";
import { termsOf } from "./terms";
import { keptOutOfThemes, meetingWorkOf } from "./topics";
import { workingAgreementFor } from "./working-agreement";

/**
 * Everything the meeting page shows, for one person, authorized once: the meeting, its series
 * and reporting line and the actor's covering assignment are read once and asked of lib/policy
 * once; every section then loads from those facts, and the page renders from `capabilities`.
 * Refuses (not_found, forbidden) exactly as reading the meeting's content does.
 */
export async function loadMeetingWorkspace(
  actor: Actor,
  meetingId: string,
  recipients: { query?: string; limit?: number } = {},
  now: Date = new Date(),
  authorized?: AuthorizedMeeting,
) {
  const db = await getDb();
  // The page authorizes before it streams (so a refusal is still a 404) and hands the result on.
  const m = authorized ?? (await authorizeMeetingView(db, actor, meetingId, "seriesContent", "read"));
  await recordMeetingOpened(db, m);
  await markMeetingSeen(db, actor, meetingId, now);
  const first = { id: m.firstMeetingId, status: m.firstMeetingStatus };
  const terms = await termsOf(db, actor, m, m);
  const mine = actor.id === m.managerId ? terms.people[0] : actor.id === m.reportId ? terms.people[1] : null;
  const capabilities = meetingCapabilities(m.relation, m, {
    isFirstMeeting: first?.id === meetingId,
    termsAcknowledged: Boolean(mine?.acknowledgedAt),
    now,
  });
  const [agenda, workingAgreement, work, goals, note] = await Promise.all([
    agendaOf(db, meetingId),
    workingAgreementFor(db, m, meetingId, first),
    meetingWorkOf(db, actor, meetingId),
    capabilities.viewGoals ? meetingGoalsOf(db, actor, m, meetingId, now) : null,
    capabilities.keepNotes ? ownNoteOf(db, actor, meetingId) : null,
  ]);
  const lifecycle = {
    // What the confirm step says completing will carry over: only asked when it can be shown.
    summary: capabilities.complete
      ? await completionSummary(db, meetingId, work.topics.filter((t) => t.status === "open").length)
      : { undiscussedTopics: 0, openActionItems: 0 },
    reopened: m.reopenedAt && m.reopenedByName ? { at: m.reopenedAt, name: m.reopenedByName } : null,
  };
  // The topics the report may keep out of the team's themes: those of this meeting. The choice is
  // read for the report only; nobody else's page carries it.
  const keptOut = capabilities.keepOutOfThemes ? await keptOutOfThemes(db, meetingId) : null;
  const themeChoices = keptOut ? work.topics.map((t) => ({ id: t.id, text: t.text, category: t.category, keepOut: keptOut.get(t.id) ?? false })) : null;
  const shareChoices = capabilities.share
    ? { people: await recipientsFor(db, m, recipients), topics: work.topics.map((t) => ({ id: t.id, text: t.text })) }
    : null;
  return {
    viewer: { id: actor.id, name: actor.name },
    meeting: meetingHeader(m),
    series: { id: m.seriesId, managerName: m.managerName, reportName: m.reportName, format: m.format },
    relation: m.relation,
    capabilities,
    agenda,
    workingAgreement,
    work: { ...lifecycle, ...work },
    // What the open page compares its polls with (lib/server/meeting-pulse), from what was loaded.
    pulse: meetingFingerprint(m.status, work),
    goals,
    terms: { ...terms, isFirstMeeting: first?.id === meetingId },
    note,
    shareChoices,
    themeChoices,
  };
}

/** The person has opened the meeting: what was added before now is no longer "new" to them. */
async function markMeetingSeen(db: Db, actor: Actor, meetingId: string, now: Date) {
  await db
    .insert(meetingViews)
    .values({ meetingId, userId: actor.id, lastSeenAt: now })
    .onConflictDoUpdate({
      target: [meetingViews.meetingId, meetingViews.userId],
      set: { lastSeenAt: sql`greatest(${meetingViews.lastSeenAt}, excluded.last_seen_at)` },
    });
}

export type MeetingWorkspace = Awaited<ReturnType<typeof loadMeetingWorkspace>>;

/**
 * The page's first question, asked once per request: may this person read this meeting, and the
 * facts the page's header needs (names, time). Refuses (not_found, forbidden) like the loader.
 * React `cache` compares arguments by identity: the actor of a request is one object (lib/auth getActor).
 */
export const meetingAccess = cache(async (actor: Actor, meetingId: string) => authorizeMeetingView(await getDb(), actor, meetingId, "seriesContent", "read"));

/** The page-facing loader, shared by every server component of one request; authorizes through meetingAccess. */
export const meetingWorkspace = cache(async (actor: Actor, meetingId: string, recipientQuery: string = "", recipientLimit?: number) =>
  loadMeetingWorkspace(actor, meetingId, { query: recipientQuery, limit: recipientLimit }, new Date(), await meetingAccess(actor, meetingId)),
);
