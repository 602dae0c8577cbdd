import "server-only";
// Mail reaches two kinds of reader, and each sees only their part: the addressee reads the whole
// mail (their inbox, scoped by recipient_id in the WHERE clause); the org admin reads delivery
// metadata only (kind, address, time, status), and these queries never even select a subject
// or a body for them.
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { outbox } from "@/db/schema";
import { type Actor, assertOrgAdmin, assertSignedIn } from "@/lib/policy";

export type DeliveryStatus = "in_app" | "queued" | "sent" | "failed";

const statusOf = (m: { transport: string; sentAt: Date | null; failedAt: Date | null }): DeliveryStatus =>
  m.sentAt ? "sent" : m.failedAt ? "failed" : m.transport === "smtp" ? "queued" : "in_app";

/** The org's outbox, newest first, as delivery metadata. Admins only. */
export async function listOutbox(actor: Actor | null, limit = 100) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const rows = await db
    .select({ id: outbox.id, kind: outbox.kind, toAddress: outbox.toAddress, transport: outbox.transport, createdAt: outbox.createdAt, sentAt: outbox.sentAt, failedAt: outbox.failedAt })
    .from(outbox)
    .where(eq(outbox.orgId, actor.orgId))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
  return rows.map(({ id, kind, toAddress, createdAt, ...delivery }) => ({ id, kind, toAddress, createdAt, status: statusOf(delivery) }));
}

/** The mail addressed to the person asking, newest first: their inbox when there is no SMTP. */
export async function listMyMail(actor: Actor | null, limit = 100) {
  assertSignedIn(actor);
  const db = await getDb();
  return db
    .select({ id: outbox.id, kind: outbox.kind, subject: outbox.subject, body: outbox.body, createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(eq(outbox.recipientId, actor.id), eq(outbox.orgId, actor.orgId)))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
}
