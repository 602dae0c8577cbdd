import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { outbox } from "@/db/schema";

export type Mail = { orgId: string | null; to: string; subject: string; body: string };

/**
 * Records a mail in the outbox (inside the caller's transaction, so it exists exactly when
 * the change that caused it does). Call deliver() after the commit: without SMTP_URL the
 * outbox, which admins read in the app, is the delivery.
 */
export async function queueMail(tx: Tx | Db, mail: Mail): Promise<string> {
  const [row] = await tx
    .insert(outbox)
    .values({
      orgId: mail.orgId,
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
    const [mail] = await db.select().from(outbox).where(eq(outbox.id, id));
    if (!mail || mail.sentAt) continue;
    try {
      await transport.sendMail({
        from: process.env.MAIL_FROM ?? "Between Us <no-reply@localhost>",
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.body,
      });
      await db.update(outbox).set({ sentAt: new Date() }).where(eq(outbox.id, id));
    } catch (error) {
      console.error("mail delivery failed; it stays in the outbox", { id, error: String(error) });
    }
  }
}
