import "server-only";
// Mail reaches two kinds of reader, and each sees only their part: the addressee reads the whole
// mail (their inbox, scoped by recipient_id in the WHERE clause); the org admin reads delivery
// metadata only (kind, address, time, status), and these queries never even select a subject
// or a body for them.
import { and, desc, eq } from "drizzle-orm";
import { type Db, getDb, type Tx } from "@/db/client";
import { outbox } from "@/db/schema";
import { type Mail, smtpSender } from "@/lib/email";
import { env } from "@/lib/env";
import { logFailure } from "@/lib/log";
import { type Actor, assertOrgAdmin, assertSignedIn, assertSystemMayRead, type SystemActor } from "@/lib/policy";
import { bodyInApp, bodyWithToken, mintLinkToken } from "./mail-links";
import { ownRowsOnly } from "./scope";

export type DeliveryStatus = "in_app" | "queued" | "sent" | "failed";

const statusOf = (m: { transport: string; sentAt: Date | null; failedAt: Date | null }): DeliveryStatus =>
  m.sentAt ? "sent" : m.failedAt ? "failed" : m.transport === "smtp" ? "queued" : "in_app";

/** The org's outbox, newest first, as delivery metadata. Admins only. */
export async function listOutbox(actor: Actor, limit = 100) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const rows = await db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      toAddress: outbox.toAddress,
      transport: outbox.transport,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      failedAt: outbox.failedAt,
    })
    .from(outbox)
    .where(eq(outbox.orgId, actor.orgId))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
  return rows.map(({ id, kind, toAddress, createdAt, ...delivery }) => ({ id, kind, toAddress, createdAt, status: statusOf(delivery) }));
}

/** The mail addressed to the person asking, newest first: their inbox when there is no SMTP. */
export async function listMyMail(actor: Actor, limit = 100) {
  assertSignedIn(actor);
  const db = await getDb();
  const rows = await db
    .select({ id: outbox.id, kind: outbox.kind, subject: outbox.subject, body: outbox.body, createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(ownRowsOnly(outbox.recipientId, actor), eq(outbox.orgId, actor.orgId)))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
  return rows.map((m) => ({ ...m, body: bodyInApp(m.body) }));
}

/**
 * Records a mail in the outbox (inside the caller's transaction, so it exists exactly when
 * the change that caused it does). Call deliver() after the commit: without SMTP_URL the
 * recipient reads it in their inbox in the app.
 */
export async function queueMail(tx: Tx | Db, mail: Mail): Promise<string> {
  const [row] = await tx
    .insert(outbox)
    .values({
      orgId: mail.orgId,
      kind: mail.kind,
      recipientId: mail.recipientId,
      toAddress: mail.to,
      subject: mail.subject,
      body: mail.body,
      transport: env().SMTP_URL ? "smtp" : "outbox",
      invitationId: mail.invitationId ?? null,
      recoveryId: mail.recoveryId ?? null,
    })
    .returning({ id: outbox.id });
  return row.id;
}

/** queueMail for many mails at once (an import's invitations), in batches; the ids in the mails' order. */
export async function queueMails(tx: Tx | Db, mails: Mail[]): Promise<string[]> {
  const ids: string[] = [];
  const transport = env().SMTP_URL ? "smtp" : "outbox";
  for (let i = 0; i < mails.length; i += 250) {
    const rows = await tx
      .insert(outbox)
      .values(
        mails.slice(i, i + 250).map((mail) => ({
          orgId: mail.orgId,
          kind: mail.kind,
          recipientId: mail.recipientId,
          toAddress: mail.to,
          subject: mail.subject,
          body: mail.body,
          transport,
          invitationId: mail.invitationId ?? null,
          recoveryId: mail.recoveryId ?? null,
        })),
      )
      .returning({ id: outbox.id });
    ids.push(...rows.map((r) => r.id));
    // Between batches, other requests' turn (on PGlite each insert runs on the event loop).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return ids;
}

/**
 * Hands these outbox rows to SMTP (when configured), marking each sent or failed. A mail with a
 * link gets a freshly minted token here, in the message only (lib/server/mail-links.ts).
 */
export async function deliver(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const send = await smtpSender();
  if (!send) return;
  for (const id of ids) {
    const [mail] = await db
      .select({
        toAddress: outbox.toAddress,
        subject: outbox.subject,
        body: outbox.body,
        sentAt: outbox.sentAt,
        invitationId: outbox.invitationId,
        recoveryId: outbox.recoveryId,
      })
      .from(outbox)
      .where(eq(outbox.id, id));
    if (!mail || mail.sentAt) continue;
    try {
      const token = await mintLinkToken(db, mail);
      await send({ to: mail.toAddress, subject: mail.subject, text: bodyWithToken(mail.body, token) });
      await db.update(outbox).set({ sentAt: new Date(), failedAt: null }).where(eq(outbox.id, id));
    } catch (error) {
      await db.update(outbox).set({ failedAt: new Date() }).where(eq(outbox.id, id));
      logFailure("mail delivery failed; it stays in the outbox", error, { outboxId: id });
    }
  }
}

/**
 * A background job's mails: built and recorded in the outbox in one transaction, with
 * `alongside` (the job queue's own bookkeeping) in that same transaction, so that either all
 * of it happens or none. Returns the outbox ids.
 */
export async function recordMails(build: (tx: Tx) => Promise<Mail[]>, alongside: (tx: Tx, ids: string[]) => Promise<void>): Promise<string[]> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const mail of await build(tx)) ids.push(await queueMail(tx, mail));
    await alongside(tx, ids);
    return ids;
  });
}

/** The delivery job: sends one outbox row through SMTP; false while it is still unsent. */
export async function deliverQueued(actor: SystemActor, outboxId: string): Promise<boolean> {
  assertSystemMayRead(actor, "outboxDelivery");
  const db = await getDb();
  await deliver(db, [outboxId]);
  const [row] = await db.select({ sentAt: outbox.sentAt }).from(outbox).where(eq(outbox.id, outboxId));
  return !row || Boolean(row.sentAt);
}
