import "server-only";
// Mail is the least trusted channel: it says that something happened, with a link, and never
// carries a series' content (topic, agenda, action item, goal or note text), in the subject or
// the body. Callers write only names, dates, counts and links into a Mail.
// This module speaks SMTP only; the outbox (the database) is lib/server/outbox.ts's.
import type { MailKind } from "@/db/schema";
import { env } from "@/lib/env";

export type { MailKind };
/**
 * recipientId: the account the mail is for (its owner's inbox); null only for an invitation to a
 * new account. invitationId / recoveryId: the link the body's placeholder stands for (lib/server/mail-links.ts).
 */
export type Mail = {
  orgId: string | null;
  kind: MailKind;
  recipientId: string | null;
  to: string;
  subject: string;
  body: string;
  invitationId?: string | null;
  recoveryId?: string | null;
};

/** Sends through SMTP_URL with MAIL_FROM as the sender; null when no SMTP server is configured. */
export async function smtpSender(): Promise<((mail: { to: string; subject: string; text: string }) => Promise<unknown>) | null> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return null;
  const { createTransport } = await import("nodemailer");
  const transport = createTransport(SMTP_URL);
  return (mail) => transport.sendMail({ from: MAIL_FROM, ...mail });
}
