import "server-only";
// Exception 2 of the terms: an excerpt is shared only with the report's approval, with one named
// person, frozen at approval. There is no path that edits a request or its frozen excerpt.
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { meetings, privateNotes, shareRequests, topics, users } from "@/db/schema";
import { deliver, queueMail } from "./outbox";
import { documentText } from "@/lib/editor/document";
import { AppError, invalid, notFound } from "@/lib/errors";
import { type Actor, assertMay, assertSignedIn, can } from "@/lib/policy";
import type { decideShareSchema, shareRequestSchema } from "@/lib/validation/confidentiality";
import { recordAccess } from "./access-log";
import { authorizeSeries, relationTo } from "./access";
import { orgMembersByName } from "./member-search";
import { openOwnNote } from "./private-notes";
import { ownRowsOnly } from "./scope";

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** The manager asks the report to let one named person read one excerpt. */
export async function requestShare(actor: Actor, input: z.infer<typeof shareRequestSchema>) {
  assertSignedIn(actor);
  const db = await getDb();
  const [meeting] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, input.meetingId));
  if (!meeting) throw notFound();
  const facts = await authorizeSeries(db, actor, meeting.seriesId, "seriesContent", "read");
  assertMay("requestShare", facts.relation);
  let sourceText: string;
  if (input.source === "private_note") {
    const [note] = await db
      .select({ content: privateNotes.content })
      .from(privateNotes)
      .where(and(eq(privateNotes.meetingId, input.meetingId), ownRowsOnly(privateNotes.authorId, actor)));
    // Sealed in the database, with no search text kept: the text is read from the opened note.
    sourceText = note ? documentText(await openOwnNote(actor, input.meetingId, note.content)) : "";
  } else {
    if (!input.topicId) throw invalid({ topicId: ["Choose the topic the excerpt comes from."] });
    const [topic] = await db
      .select({ text: topics.text })
      .from(topics)
      .where(and(eq(topics.id, input.topicId), eq(topics.meetingId, input.meetingId)));
    if (!topic) throw invalid({ topicId: ["Choose a topic of this meeting."] });
    sourceText = topic.text;
  }
  if (!squash(sourceText).includes(squash(input.excerpt))) {
    throw invalid({ excerpt: ["The excerpt must be copied exactly from the note or topic you chose."] });
  }
  const [recipient] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, input.recipientId), eq(users.orgId, facts.orgId), eq(users.active, true)));
  if (!recipient || recipient.id === facts.reportId || recipient.id === actor.id) {
    throw invalid({ recipientId: ["Choose one other active person of your organization."] });
  }
  const [report] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, facts.reportId));
  const mailId = await db.transaction(async (tx) => {
    await tx.insert(shareRequests).values({
      seriesId: facts.seriesId,
      requestedBy: actor.id,
      reportId: facts.reportId,
      recipientId: recipient.id,
      source: input.source,
      excerpt: squash(input.excerpt),
      reason: input.reason,
    });
    await recordAccess(tx, {
      orgId: facts.orgId,
      reportId: facts.reportId,
      actorId: actor.id,
      kind: "excerpt",
      action: "asked to share an excerpt",
      subject: `with ${recipient.name}: ${input.reason}`,
    });
    // The mail says only that a request waits; the excerpt stays in the app.
    return queueMail(tx, {
      orgId: facts.orgId,
      kind: "sharing_request",
      recipientId: report.id,
      to: report.email,
      subject: `${actor.name} asks to share an excerpt of your one-on-one`,
      body: `Hello ${report.name},\n\n${actor.name} asks your permission to share one excerpt of your one-on-one with ${recipient.name}.\nNothing is shared unless you approve. Open "Sharing requests" in Between Us to read it and decide.\n`,
    });
  });
  await deliver(db, [mailId]);
  return { recipientName: recipient.name };
}

/** Every request about the actor as report (all outcomes), and every request the actor made as manager. */
export async function listShareRequests(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const recipient = alias(users, "recipient");
  const requester = alias(users, "requester");
  const report = alias(users, "report");
  const columns = {
    id: shareRequests.id,
    status: shareRequests.status,
    source: shareRequests.source,
    excerpt: shareRequests.excerpt,
    frozenExcerpt: shareRequests.frozenExcerpt,
    reason: shareRequests.reason,
    createdAt: shareRequests.createdAt,
    decidedAt: shareRequests.decidedAt,
    recipientName: recipient.name,
    requesterName: requester.name,
    reportName: report.name,
  };
  const base = () =>
    db
      .select(columns)
      .from(shareRequests)
      .innerJoin(recipient, eq(recipient.id, shareRequests.recipientId))
      .innerJoin(requester, eq(requester.id, shareRequests.requestedBy))
      .innerJoin(report, eq(report.id, shareRequests.reportId));
  const aboutMe = await base().where(ownRowsOnly(shareRequests.reportId, actor)).orderBy(desc(shareRequests.createdAt));
  const byMe = await base()
    .where(and(eq(shareRequests.requestedBy, actor.id), ne(shareRequests.reportId, actor.id)))
    .orderBy(desc(shareRequests.createdAt));
  return { aboutMe, byMe };
}

/** The report approves (freezing the excerpt) or declines a pending request about them. */
export async function decideShare(actor: Actor, input: z.infer<typeof decideShareSchema>) {
  assertSignedIn(actor);
  const db = await getDb();
  const approve = input.decision === "approve";
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(shareRequests)
      .set({ status: approve ? "approved" : "declined", decidedAt: new Date(), ...(approve ? { frozenExcerpt: sql`${shareRequests.excerpt}` } : {}) })
      .where(and(eq(shareRequests.id, input.requestId), ownRowsOnly(shareRequests.reportId, actor), eq(shareRequests.status, "pending")))
      .returning({ seriesId: shareRequests.seriesId, recipientId: shareRequests.recipientId, requestedBy: shareRequests.requestedBy });
    if (!row) {
      const [mine] = await tx
        .select({ status: shareRequests.status })
        .from(shareRequests)
        .where(and(eq(shareRequests.id, input.requestId), ownRowsOnly(shareRequests.reportId, actor)));
      if (!mine) throw notFound();
      throw new AppError("conflict", `You already ${mine.status} this request; a decision is final.`);
    }
    const [recipient] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, row.recipientId));
    const [requester] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, row.requestedBy));
    await recordAccess(tx, {
      orgId: actor.orgId,
      reportId: actor.id,
      actorId: actor.id,
      kind: "excerpt",
      action: approve ? "approved sharing an excerpt" : "declined sharing an excerpt",
      subject: `with ${recipient.name}`,
    });
    const mails = [
      await queueMail(tx, {
        orgId: actor.orgId,
        kind: "sharing_decision",
        recipientId: requester.id,
        to: requester.email,
        subject: `${actor.name} ${approve ? "approved" : "declined"} your sharing request`,
        body: `Hello ${requester.name},\n\n${actor.name} ${approve ? "approved" : "declined"} your request to share an excerpt with ${recipient.name}.\n`,
      }),
    ];
    if (approve) {
      mails.push(
        await queueMail(tx, {
          orgId: actor.orgId,
          kind: "excerpt_shared",
          recipientId: recipient.id,
          to: recipient.email,
          subject: `An excerpt was shared with you`,
          body: `Hello ${recipient.name},\n\n${requester.name} shared an excerpt with you, with ${actor.name}'s permission. Open "Shared with me" in Between Us to read it.\n`,
        }),
      );
    }
    return { mails, status: approve ? "approved" : "declined" };
  });
  await deliver(db, outcome.mails);
  return { status: outcome.status };
}

/** Approved excerpts naming the actor as recipient; each read appears in the report's access log. */
export async function listSharedWithMe(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const requester = alias(users, "requester");
  const report = alias(users, "report");
  const rows = await db
    .select({
      id: shareRequests.id,
      seriesId: shareRequests.seriesId,
      reportId: shareRequests.reportId,
      frozenExcerpt: shareRequests.frozenExcerpt,
      reason: shareRequests.reason,
      decidedAt: shareRequests.decidedAt,
      requesterName: requester.name,
      reportName: report.name,
    })
    .from(shareRequests)
    .innerJoin(requester, eq(requester.id, shareRequests.requestedBy))
    .innerJoin(report, eq(report.id, shareRequests.reportId))
    .where(and(ownRowsOnly(shareRequests.recipientId, actor), eq(shareRequests.status, "approved")))
    .orderBy(desc(shareRequests.decidedAt));
  const visible = [];
  for (const row of rows) {
    const { relation, orgId } = await relationTo(db, actor, row.seriesId);
    if (!can("sharedExcerpt", relation, "read", { isRecipient: true })) continue;
    visible.push({ row, orgId });
  }
  await recordAccess(
    db,
    visible.map(({ row, orgId }) => ({
      orgId,
      reportId: row.reportId,
      actorId: actor.id,
      kind: "excerpt",
      action: "read a shared excerpt",
      subject: `shared by ${row.requesterName}`,
    })),
  );
  return visible.map(({ row }) => ({
    id: row.id,
    excerpt: row.frozenExcerpt ?? "",
    reason: row.reason,
    sharedAt: row.decidedAt,
    requesterName: row.requesterName,
    reportName: row.reportName,
  }));
}

/** Whom the manager may ask to share with: a page of people by name, not the whole organization (see orgMembersByName). */
export async function recipientsFor(db: Db, facts: { orgId: string; managerId: string; reportId: string }, options: { query?: string; limit?: number } = {}) {
  return orgMembersByName(db, { orgId: facts.orgId, exclude: [facts.managerId, facts.reportId], ...options });
}
