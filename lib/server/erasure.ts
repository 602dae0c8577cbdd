import "server-only";
// An erasure request (docs/ERASURE.md): removes a person's personal data except where the promise
// or the law requires keeping it, and says what was deleted, what was kept and why. The report
// holds counts, never content. Two doors reach it: an org admin on the people page, and an
// operator on the server's shell (npm run erase), both with a dry run that changes nothing.
import { and, count, eq, inArray, like, ne, or, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { getDb, type Tx } from "@/db/client";
import {
  accessLog,
  accountRecoveries,
  actionItems,
  calendarFeeds,
  collabDocuments,
  collabUpdates,
  goalCheckIns,
  identities,
  invitations,
  meetingViews,
  notificationOptOuts,
  outbox,
  privateNotes,
  reportingLines,
  safetyEscalations,
  series,
  shareRequests,
  templates,
  termsAcknowledgements,
  topics,
  users,
} from "@/db/schema";
import { AppError, invalid, notFound } from "@/lib/errors";
import { type Actor, assertMayManageLeavers, assertSignedIn, assertSystemMayRead, type SystemActor } from "@/lib/policy";
import { accessChanged } from "@/lib/collab/access-events";
import type { z } from "zod";
import type { erasureSchema } from "@/lib/validation/leavers";
import { assertAnotherActiveAdmin, deactivateLocked, lockTarget } from "./accounts";
import { deleteNotesOf, noteDocumentsOf } from "./leavers";
import { lineOfSeries } from "./lines";

/** The name shown, in the records the other person keeps, for someone whose data was erased. */
export const FORMER_MEMBER = "Former member";
/** An address that can never receive mail (RFC 2606 .invalid), unique per person. */
export const erasedEmail = (id: string) => `erased-${id}@erased.invalid`;

export type ErasureLine = { what: string; count: number; why?: string };
export type ErasureReport = {
  dryRun: boolean;
  person: { id: string };
  deleted: ErasureLine[];
  replaced: ErasureLine[];
  kept: ErasureLine[];
};

type Target = { id: string; orgId: string; orgRole: "admin" | "member"; active: boolean; email: string; name: string; erasedAt: Date | null };

async function countOf(tx: Tx, table: PgTable, where: SQL | undefined): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(table).where(where);
  return Number(row?.n ?? 0);
}

const lower = (v: string) => v.trim().toLowerCase();

/** What the erasure of this person would delete and keep, counted before anything changes. */
async function countRecords(tx: Tx, t: Target) {
  const mine = (column: Parameters<typeof eq>[0]) => eq(column, t.id);
  const pattern = noteDocumentsOf(t.id);
  const theirSeries = tx
    .select({ id: series.id })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .where(or(eq(reportingLines.managerId, t.id), eq(reportingLines.reportId, t.id)));
  // A note document may exist as logged updates only (not yet compacted): both tables count.
  const documentNames = [
    ...(await tx.selectDistinct({ name: collabDocuments.name }).from(collabDocuments).where(like(collabDocuments.name, pattern))),
    ...(await tx.selectDistinct({ name: collabUpdates.name }).from(collabUpdates).where(like(collabUpdates.name, pattern))),
  ];
  return {
    notes: await countOf(tx, privateNotes, mine(privateNotes.authorId)),
    noteDocuments: new Set(documentNames.map((d) => d.name)).size,
    ownAccessLog: await countOf(tx, accessLog, mine(accessLog.reportId)),
    mail: await countOf(tx, outbox, or(mine(outbox.recipientId), sql`lower(${outbox.toAddress}) = ${lower(t.email)}`)),
    invitations: await countOf(tx, invitations, sql`lower(${invitations.email}) = ${lower(t.email)}`),
    templates: await countOf(tx, templates, mine(templates.ownerId)),
    meetingViews: await countOf(tx, meetingViews, mine(meetingViews.userId)),
    optOuts: await countOf(tx, notificationOptOuts, mine(notificationOptOuts.userId)),
    calendarFeeds: await countOf(tx, calendarFeeds, mine(calendarFeeds.userId)),
    series: await countOf(tx, series, inArray(series.id, theirSeries)),
    lines: await countOf(tx, reportingLines, or(eq(reportingLines.managerId, t.id), eq(reportingLines.reportId, t.id))),
    topics: await countOf(tx, topics, mine(topics.authorId)),
    actionItems: await countOf(tx, actionItems, mine(actionItems.createdBy)),
    checkIns: await countOf(tx, goalCheckIns, mine(goalCheckIns.authorId)),
    acknowledgements: await countOf(tx, termsAcknowledgements, mine(termsAcknowledgements.userId)),
    shareRequests: await countOf(
      tx,
      shareRequests,
      or(eq(shareRequests.requestedBy, t.id), eq(shareRequests.reportId, t.id), eq(shareRequests.recipientId, t.id)),
    ),
    othersAccessLogs: await countOf(tx, accessLog, and(eq(accessLog.actorId, t.id), ne(accessLog.reportId, t.id))),
    escalations: await countOf(tx, safetyEscalations, or(eq(safetyEscalations.reportId, t.id), eq(safetyEscalations.recordedBy, t.id))),
  };
}

function reportOf(t: Target, c: Awaited<ReturnType<typeof countRecords>>, dryRun: boolean): ErasureReport {
  const held = c.escalations > 0;
  const replaced: ErasureLine[] = held
    ? [{ what: "sign-in (password removed, sessions ended, admin role removed)", count: 1 }]
    : [
        { what: `name (now "${FORMER_MEMBER}")`, count: 1 },
        { what: "email address (now an address that receives no mail)", count: 1 },
        { what: "sign-in (password removed, sessions ended, admin role removed)", count: 1 },
      ];
  const kept: ErasureLine[] = [
    {
      what: "one-on-one series with the other person (meetings, shared agendas, goals)",
      count: c.series,
      why: "Shared records of a pair belong to both people: the other person keeps reading them as before.",
    },
    { what: "topics this person wrote", count: c.topics, why: "Part of the pair's shared agenda; kept for the other person." },
    { what: "action items this person recorded", count: c.actionItems, why: "Part of the pair's shared record; kept for the other person." },
    { what: "goal check-ins this person wrote", count: c.checkIns, why: "Part of the reporting line's goals; kept for the other person." },
    { what: "confidentiality acknowledgements", count: c.acknowledgements, why: "The other person's record of what both agreed to." },
    {
      what: "sharing requests naming this person",
      count: c.shareRequests,
      why: "The report's record of every request and its outcome (PRODUCT.md exception 2); an approved excerpt stays with its recipient.",
    },
    {
      what: "entries in other people's access logs naming this person as the reader, with their name as it was then",
      count: c.othersAccessLogs,
      why: "Each access log belongs to the report it is about; it must keep saying who read their record, by name.",
    },
    { what: "reporting lines (history)", count: c.lines, why: "Who managed whom and when decides who may read which series." },
    {
      what: "safety escalations concerning or recorded by this person",
      count: c.escalations,
      why: "A safety escalation cannot be edited or deleted (PRODUCT.md exception 3) and the law requires it to be kept; it stays visible only to whom it was visible before.",
    },
  ];
  if (held) {
    kept.push({
      what: "name and email address on the account",
      count: 1,
      why: "Safety escalations name this person, and the law requires the record to say who it concerns; the account stays deactivated with no way to sign in.",
    });
  }
  return {
    dryRun,
    person: { id: t.id },
    deleted: [
      { what: "private notes", count: c.notes },
      { what: "private notes' collaboration documents and update logs", count: c.noteDocuments },
      { what: "own access log entries", count: c.ownAccessLog },
      { what: "mail to this person (inbox and outbox)", count: c.mail },
      { what: "invitations to this person's address", count: c.invitations },
      { what: "own agenda templates", count: c.templates },
      { what: "meeting read marks", count: c.meetingViews },
      { what: "mail settings", count: c.optOuts },
      { what: "calendar feeds", count: c.calendarFeeds },
    ],
    replaced,
    kept,
  };
}

async function eraseLocked(tx: Tx, t: Target, now: Date, dryRun: boolean): Promise<{ report: ErasureReport; endedLines: string[] }> {
  if (t.active && t.orgRole === "admin") {
    // Checked before anything changes, so a dry run refuses the same way.
    await assertAnotherActiveAdmin(tx, t, t.id);
  }
  const counts = await countRecords(tx, t);
  const report = reportOf(t, counts, dryRun);
  if (dryRun) return { report, endedLines: [] };
  // Erasing someone still active deactivates them first, with all that follows (their meetings ahead are cancelled).
  const endedLines = t.active ? (await deactivateLocked(tx, t, t, now)).endedLines : [];
  await deleteNotesOf(tx, t.id);
  await tx.delete(accessLog).where(eq(accessLog.reportId, t.id));
  await tx.delete(outbox).where(or(eq(outbox.recipientId, t.id), sql`lower(${outbox.toAddress}) = ${lower(t.email)}`));
  await tx.delete(invitations).where(sql`lower(${invitations.email}) = ${lower(t.email)}`);
  await tx.delete(templates).where(eq(templates.ownerId, t.id));
  await tx.delete(meetingViews).where(eq(meetingViews.userId, t.id));
  await tx.delete(notificationOptOuts).where(eq(notificationOptOuts.userId, t.id));
  await tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, t.id));
  // The sign-in identities and recovery links name the person too (an erased account signs in no way).
  await tx.delete(identities).where(eq(identities.userId, t.id));
  await tx.delete(accountRecoveries).where(eq(accountRecoveries.userId, t.id));
  const identity = counts.escalations > 0 ? {} : { name: FORMER_MEMBER, email: erasedEmail(t.id) };
  await tx
    .update(users)
    .set({
      ...identity,
      passwordHash: null,
      orgRole: "member",
      active: false,
      deactivatedAt: sql`coalesce(${users.deactivatedAt}, ${now.toISOString()}::timestamptz)`,
      erasedAt: now,
      sessionVersion: sql`${users.sessionVersion} + 1`,
    })
    .where(eq(users.id, t.id));
  return { report, endedLines };
}

function announce(userId: string, endedLines: string[]) {
  accessChanged({ userId });
  if (endedLines.length) accessChanged();
}

/** The org admin's erasure request, on a person of their org; the email typed must be the person's. */
export async function erasePerson(actor: Actor, input: z.infer<typeof erasureSchema>, now: Date = new Date()): Promise<ErasureReport> {
  assertSignedIn(actor);
  assertMayManageLeavers(actor, "erase");
  const db = await getDb();
  const done = await db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, input.userId);
    if (target.erasedAt) throw new AppError("conflict", "This person's data was already erased.");
    if (target.id === actor.id) throw new AppError("conflict", "Ask another admin to carry out an erasure request about you.");
    if (!input.dryRun && lower(input.confirmEmail ?? "") !== lower(target.email)) {
      throw invalid({ confirmEmail: ["Type this person's email address exactly to confirm."] });
    }
    return eraseLocked(tx, { ...target, orgId: actor.orgId }, now, input.dryRun);
  });
  if (!input.dryRun) announce(input.userId, done.endedLines);
  return done.report;
}

/** The operator's erasure request from the server's shell, found by email address in any org. */
export async function eraseByEmail(system: SystemActor, input: { email: string; dryRun: boolean }, now: Date = new Date()): Promise<ErasureReport> {
  assertSystemMayRead(system, "personRecordCounts");
  assertSystemMayRead(system, "leaverNotes");
  const db = await getDb();
  const done = await db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: users.id, orgId: users.orgId })
      .from(users)
      .where(sql`lower(${users.email}) = ${lower(input.email)}`);
    if (!found) throw notFound("No account has this email address.");
    const target = await lockTarget(tx, found, found.id);
    if (target.erasedAt) throw new AppError("conflict", "This person's data was already erased.");
    return eraseLocked(tx, { ...target, orgId: found.orgId }, now, input.dryRun);
  });
  if (!input.dryRun) announce(done.report.person.id, done.endedLines);
  return done.report;
}
