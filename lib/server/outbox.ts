import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { outbox } from "@/db/schema";
import { type Actor, assertOrgAdmin } from "@/lib/policy";

/** The org's outbox, newest first. Admins only: invitations carry sign-up links. */
export async function listOutbox(actor: Actor | null, limit = 100) {
  assertOrgAdmin(actor);
  const db = await getDb();
  return db
    .select({ id: outbox.id, toAddress: outbox.toAddress, subject: outbox.subject, body: outbox.body, transport: outbox.transport, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
    .from(outbox)
    .where(eq(outbox.orgId, actor.orgId))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
}
