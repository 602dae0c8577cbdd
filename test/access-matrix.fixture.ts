import crypto from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  coveringAssignments,
  goals,
  meetings,
  organizations,
  reportingLines,
  scheduleChanges,
  series,
  shareRequests,
  termsVersions,
  topics,
  users,
} from "@/db/schema";
import type { Actor, Relation } from "@/lib/policy";
import { setActive } from "@/lib/server/accounts";
import { addActionItem } from "@/lib/server/action-items";
import { erasePerson } from "@/lib/server/erasure";
import { createGoal } from "@/lib/server/goals";
import { completeMeeting, reopenMeeting, startMeeting } from "@/lib/server/meetings";
import { startSeries } from "@/lib/server/series";
import { requestShare } from "@/lib/server/sharing";
import { createTemplate } from "@/lib/server/templates";
import { loadMeetingWorkspace } from "@/lib/server/meeting-page";
import { addTopic } from "@/lib/server/topics";
import { actorOf } from "@/test/db";
import { writeNote } from "@/test/collab";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";

/**
 * Two pairs in the demo org (A: manager + report1, B: manager2 + report9), each with a series,
 * a first meeting, a goal and a template of the manager's; report5 covers pair A today, report6
 * covered pair B until yesterday (each of them, and the bystander report7, manages a report of
 * their own: only such a person can cover); an admin of the org, and an admin of another org.
 * People whose access ended: endedManagerA managed reportA on an earlier line (ended ten days
 * ago, with its own series), and two covering managers of pair A were deactivated and erased.
 */
export const CALLERS = [
  "signedOut",
  "managerA",
  "reportA",
  "coveringA",
  "admin",
  "managerB",
  "reportB",
  "formerCoveringB",
  "otherOrgAdmin",
  "endedManagerA",
  "deactivatedCoveringA",
  "erasedCoveringA",
] as const;
/** People whose access ended with their account: the app sees nobody when they call (lib/auth getActor). */
export const ACCOUNT_ENDED: readonly CallerKey[] = ["deactivatedCoveringA", "erasedCoveringA"];
export type CallerKey = (typeof CALLERS)[number];

export type Pair = { key: "A" | "B"; manager: Actor; report: Actor; seriesId: string; firstMeetingId: string; goalId: string; templateId: string };
export type Fixture = {
  db: Db;
  pairs: { A: Pair; B: Pair };
  callers: Record<CallerKey, Actor | null>;
  orgId: string;
  bystander: Actor;
  /** The series of reportA's earlier line, whose manager was endedManagerA: it ended ten days ago. */
  endedSeriesId: string;
};

/** The caller as the app sees them: nobody once their account was deactivated or erased. */
export const seenAs = (fx: Fixture, caller: CallerKey): Actor | null => (ACCOUNT_ENDED.includes(caller) ? null : fx.callers[caller]);

/** A caller's standing toward a pair, worked out from who the fixture made them, not by lib/policy. */
export function relationOf(fx: Fixture, caller: CallerKey, target: Pair): Relation {
  if (ACCOUNT_ENDED.includes(caller)) return "none";
  if (caller === `manager${target.key}`) return "manager";
  if (caller === `report${target.key}`) return "report";
  if (caller === "coveringA" && target.key === "A") return "covering";
  if (caller === "admin") return "admin";
  return "none";
}

export async function buildFixture(db: Db): Promise<Fixture> {
  const who = async (email: string) => actorOf(db, email);
  const [managerA, reportA, managerB, reportB, coveringA, admin, bystander, formerCoveringB] = await Promise.all(
    ["manager", "report1", "manager2", "report9", "report5", "admin", "report7", "report6"].map((n) => who(`${n}@demo.test`)),
  );
  const [org] = await db.insert(organizations).values({ name: "Elsewhere" }).returning({ id: organizations.id });
  await db.insert(users).values({ orgId: org.id, email: "admin@elsewhere.test", name: "Other Admin", orgRole: "admin" });
  const otherOrgAdmin = await who("admin@elsewhere.test");
  for (const name of ["ended-manager", "deactivated-covering", "erased-covering"]) {
    await db.insert(users).values({ orgId: managerA.orgId, email: `${name}@matrix.test`, name });
  }
  const [endedManagerA, deactivatedCoveringA, erasedCoveringA] = await Promise.all(
    ["ended-manager", "deactivated-covering", "erased-covering"].map((n) => who(`${n}@matrix.test`)),
  );

  const pair = async (key: "A" | "B", manager: Actor, report: Actor): Promise<Pair> => {
    const [{ seriesId, meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    // The meeting page gives a series its first terms version.
    await loadMeetingWorkspace(manager, meetingId);
    await addTopic(report, { seriesId, text: `Topic of pair ${key}`, kind: "strategic", category: "wellbeing" });
    await addActionItem(manager, { meetingId, text: `Item of pair ${key}`, owner: "report" });
    const goal = await createGoal(manager, {
      seriesId,
      title: `Goal of pair ${key}`,
      specific: "Ship the onboarding guide for new hires.",
      measureKind: "done_condition",
      metric: null,
      baseline: null,
      target: null,
      unit: null,
      doneCondition: "The guide is published.",
      achievable: "Two hours a week.",
      relevant: "New hires ramp up faster.",
      dueDate: utcDay(60),
    } as unknown as Parameters<typeof createGoal>[1]);
    const template = await createTemplate(manager, { name: `Template of ${key}`, kind: "weekly_check_in", content: JSON.stringify(paragraphDoc("Agenda")) });
    for (const person of [manager, report]) {
      await writeNote(person, meetingId, paragraphDoc(secretOf(person)));
    }
    return { key, manager, report, seriesId, firstMeetingId: meetingId, goalId: goal.id, templateId: template.id };
  };
  // Only someone who manages reports of their own can cover (lib/policy/covering.ts).
  for (const lead of [coveringA, formerCoveringB, bystander, deactivatedCoveringA, erasedCoveringA]) {
    const [intern] = await db
      .insert(users)
      .values({ orgId: managerA.orgId, email: `intern-of-${lead.email}`, name: `Intern of ${lead.name}` })
      .returning({ id: users.id });
    // Recorded 40 days ago: an admin may name only someone who has managed a report of their own for 30 days.
    await db
      .insert(reportingLines)
      .values({ orgId: managerA.orgId, managerId: lead.id, reportId: intern.id, activeFrom: utcDay(-40), createdAt: new Date(Date.now() - 40 * 86_400_000) });
  }
  const A = await pair("A", managerA, reportA);
  const B = await pair("B", managerB, reportB);
  await db
    .insert(coveringAssignments)
    .values({ seriesId: A.seriesId, coveringManagerId: coveringA.id, startsOn: utcDay(-1), endsOn: utcDay(30), createdBy: managerA.id });
  await db
    .insert(coveringAssignments)
    .values({ seriesId: B.seriesId, coveringManagerId: formerCoveringB.id, startsOn: utcDay(-10), endsOn: utcDay(-1), createdBy: managerB.id });
  await writeNote(coveringA, A.firstMeetingId, paragraphDoc(secretOf(coveringA)));
  // reportA's earlier line, to endedManagerA, with a series of its own; it ended ten days ago.
  const [earlier] = await db
    .insert(reportingLines)
    .values({ orgId: managerA.orgId, managerId: endedManagerA.id, reportId: reportA.id, activeFrom: utcDay(-100), activeTo: utcDay(-10) })
    .returning({ id: reportingLines.id });
  const [endedSeries] = await db
    .insert(series)
    .values({
      reportingLineId: earlier.id,
      cadence: "weekly",
      weekday: 2,
      startMinutes: 540,
      durationMinutes: 30,
      timeZone: "UTC",
      format: "structured",
      createdBy: endedManagerA.id,
    })
    .returning({ id: series.id });
  // Two covering managers of pair A today whose accounts then ended: deactivated, and erased.
  for (const person of [deactivatedCoveringA, erasedCoveringA]) {
    await db
      .insert(coveringAssignments)
      .values({ seriesId: A.seriesId, coveringManagerId: person.id, startsOn: utcDay(-1), endsOn: utcDay(30), createdBy: managerA.id });
  }
  await setActive(admin, { userId: deactivatedCoveringA.id, active: false });
  await erasePerson(admin, { userId: erasedCoveringA.id, confirmEmail: erasedCoveringA.email, dryRun: false });
  return {
    db,
    pairs: { A, B },
    callers: {
      signedOut: null,
      managerA,
      reportA,
      coveringA,
      admin,
      managerB,
      reportB,
      formerCoveringB,
      otherOrgAdmin,
      endedManagerA,
      deactivatedCoveringA,
      erasedCoveringA,
    },
    orgId: managerA.orgId,
    bystander,
    endedSeriesId: endedSeries.id,
  };
}

/** The words a person's private note holds: nobody else may ever receive them. */
export const secretOf = (person: Actor) => `secret-of-${person.email}`;

let serial = 0;
export const unique = (prefix: string) => `${prefix}-${++serial}-${crypto.randomBytes(3).toString("hex")}`;
export const nextSerial = () => ++serial;

let coveringSlots = 0;
/** A covering range of 4 days from 40 days ahead on, a new one each call: ranges never overlap, and stay within a year. */
export function coveringRange(): { startsOn: string; endsOn: string } {
  const start = 40 + 5 * coveringSlots++;
  return { startsOn: utcDay(start), endsOn: utcDay(start + 3) };
}

/** The meeting topics go to now (in progress, else the next scheduled one). */
export async function openMeeting(fx: Fixture, p: Pair): Promise<string> {
  const rows = await fx.db
    .select({ id: meetings.id, status: meetings.status })
    .from(meetings)
    .where(and(eq(meetings.seriesId, p.seriesId), inArray(meetings.status, ["scheduled", "in_progress"])))
    .orderBy(asc(meetings.scheduledAt));
  const row = rows.find((r) => r.status === "in_progress") ?? rows[0];
  if (!row) throw new Error(`pair ${p.key} has no open meeting`);
  return row.id;
}

/** A meeting that has not started; an earlier one in progress is completed first (as in real use). */
export async function scheduledMeeting(fx: Fixture, p: Pair): Promise<string> {
  const rows = await fx.db
    .select({ id: meetings.id, status: meetings.status })
    .from(meetings)
    .where(and(eq(meetings.seriesId, p.seriesId), inArray(meetings.status, ["scheduled", "in_progress"])))
    .orderBy(asc(meetings.scheduledAt));
  for (const r of rows) if (r.status === "in_progress") await completeMeeting(p.manager, { meetingId: r.id });
  const scheduled = rows.find((r) => r.status === "scheduled");
  if (scheduled) return scheduled.id;
  return scheduledMeeting(fx, p);
}

/** The open meeting, started if it was not (a meeting is completed only once it started or is due). */
export async function startedMeeting(fx: Fixture, p: Pair): Promise<string> {
  const id = await openMeeting(fx, p);
  await startMeeting(p.manager, { meetingId: id });
  return id;
}

/** A meeting completed just now (so within the manager's 24 hours to reopen it). */
export async function completedMeeting(fx: Fixture, p: Pair): Promise<string> {
  const id = await startedMeeting(fx, p);
  await completeMeeting(p.manager, { meetingId: id });
  return id;
}

/** The first meeting open again (reopened by its manager if completed), so its working agreement can be written. */
export async function openFirstMeeting(fx: Fixture, p: Pair): Promise<void> {
  const [m] = await fx.db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, p.firstMeetingId));
  if (m.status === "completed") await reopenMeeting(p.manager, { meetingId: p.firstMeetingId });
}

/** Who writes a row the caller will act on: the caller when they may write the pair's content, else the pair's report. */
export function authorFor(fx: Fixture, caller: CallerKey, p: Pair): Actor {
  const relation = relationOf(fx, caller, p);
  return relation === "manager" || relation === "report" || relation === "covering" ? fx.callers[caller]! : p.report;
}

/**
 * A topic of the pair's open meeting, written straight into the table: the doors tried on it are
 * the subject, and hundreds of fresh topics through addTopic would meet its limits (lib/policy
 * limits). Dated an hour back, so that it takes nothing from anyone's allowance of the last minute.
 */
export async function freshTopic(fx: Fixture, p: Pair, author: Actor): Promise<string> {
  const [row] = await fx.db
    .insert(topics)
    .values({
      meetingId: await openMeeting(fx, p),
      seriesId: p.seriesId,
      authorId: author.id,
      text: unique("topic"),
      kind: "tactical",
      category: "other",
      position: 1_000 + serial,
      createdAt: new Date(Date.now() - 3_600_000),
    })
    .returning({ id: topics.id });
  return row.id;
}

export async function freshActionItem(fx: Fixture, p: Pair, author: Actor): Promise<string> {
  const row = await addActionItem(author, { meetingId: await openMeeting(fx, p), text: unique("item"), owner: "manager" });
  return row.id;
}

export async function freshTemplate(p: Pair): Promise<string> {
  const row = await createTemplate(p.manager, { name: unique("template"), kind: "mentorship", content: JSON.stringify(paragraphDoc("Hello")) });
  return row.id;
}

/** A pending request of the pair's manager to share one of the report's topics with a bystander. */
export async function freshShareRequest(fx: Fixture, p: Pair): Promise<string> {
  const meetingId = await openMeeting(fx, p);
  const topicId = await freshTopic(fx, p, p.report);
  const [topic] = await fx.db.select({ text: topics.text }).from(topics).where(eq(topics.id, topicId));
  await requestShare(p.manager, {
    meetingId,
    source: "topic",
    topicId,
    excerpt: topic.text,
    recipientId: fx.bystander.id,
    reason: "For the team retrospective.",
  });
  const [row] = await fx.db
    .select({ id: shareRequests.id })
    .from(shareRequests)
    .where(and(eq(shareRequests.seriesId, p.seriesId), eq(shareRequests.excerpt, topic.text)));
  return row.id;
}

/** A new active member of the demo org, for doors that change reporting lines. */
export async function freshPerson(fx: Fixture): Promise<string> {
  const [row] = await fx.db
    .insert(users)
    .values({ orgId: fx.orgId, email: `${unique("person")}@demo.test`, name: "Fresh Person" })
    .returning({ id: users.id });
  return row.id;
}

export async function freshLine(fx: Fixture, p: Pair): Promise<string> {
  const [row] = await fx.db
    .insert(reportingLines)
    .values({ orgId: fx.orgId, managerId: p.manager.id, reportId: await freshPerson(fx), activeFrom: utcDay(-10) })
    .returning({ id: reportingLines.id });
  return row.id;
}

/** A covering assignment in the future, so it never changes who covers today. */
export async function freshCovering(fx: Fixture, p: Pair): Promise<string> {
  const [row] = await fx.db
    .insert(coveringAssignments)
    .values({ seriesId: p.seriesId, coveringManagerId: fx.bystander.id, ...coveringRange(), createdBy: p.manager.id })
    .returning({ id: coveringAssignments.id });
  return row.id;
}

/** The pair's manager on leave over `range`: what an admin's naming of a covering manager needs (lib/policy/covering.ts). */
export async function leaveOf(fx: Fixture, p: Pair, range: { startsOn: string; endsOn: string }): Promise<void> {
  const undo = { meetings: [], createdMeetingIds: [], carriedTopicIds: [], carriedActionItemIds: [], originalTopicIds: [], coveringAssignmentIds: [] };
  await fx.db.insert(scheduleChanges).values({ orgId: fx.orgId, kind: "leave", actorId: p.manager.id, personId: p.manager.id, ...range, undo });
}

export async function goalVersion(fx: Fixture, goalId: string): Promise<number> {
  const [row] = await fx.db.select({ v: goals.version }).from(goals).where(eq(goals.id, goalId));
  return row.v;
}

export async function termsVersion(fx: Fixture, seriesId: string): Promise<number> {
  const rows = await fx.db.select({ v: termsVersions.version }).from(termsVersions).where(eq(termsVersions.seriesId, seriesId));
  return Math.max(1, ...rows.map((r) => r.v));
}
