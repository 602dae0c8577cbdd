import "server-only";
// Mail is the least trusted channel: it says that something happened, with a link, and never
// carries a series' content (topic, agenda, action item, goal or note text), in the subject or
// the body. Callers write only names, dates, counts and links into a Mail.
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { outbox, type MailKind } from "@/db/schema";
import { logFailure } from "@/lib/log";

export type { MailKind };
/** recipientId: the account the mail is for (its owner's inbox); null only for an invitation. */
export type Mail = { orgId: string | null; kind: MailKind; recipientId: string | null; to: string; subject: string; body: string };

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
      transport: process.env.SMTP_URL ? "smtp" : "outbox",
    })
    .returning({ id: outbox.id });
  return row.id;
}

export async function deliver(db: Db, ids: string[]): Promise<void> {
  const url = process.env.SMTP_URL;
  if (!url || ids.length === 0) return;
  const { createTransport } = await import("nodemailer");
  const transport = createTransport(url);
  for (const id of ids) {
    const [mail] = await db
      .select({ toAddress: outbox.toAddress, subject: outbox.subject, body: outbox.body, sentAt: outbox.sentAt })
      .from(outbox)
      .where(eq(outbox.id, id));
    if (!mail || mail.sentAt) continue;
    try {
      await transport.sendMail({
        from: process.env.MAIL_FROM ?? "Between Us <no-reply@localhost>",
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.body,
      });
      await db.update(outbox).set({ sentAt: new Date(), failedAt: null }).where(eq(outbox.id, id));
    } catch (error) {
      await db.update(outbox).set({ failedAt: new Date() }).where(eq(outbox.id, id));
      logFailure("mail delivery failed; it stays in the outbox", error, { outboxId: id });
    }
  }
}
