import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { MAIL_KIND_LABELS } from "@/lib/email/labels";
import { env } from "@/lib/env";
import { formatTimeFor } from "@/lib/format";
import { listMyMail } from "@/lib/server/outbox";
import { viewerTimeZone } from "@/lib/server/profile";
import { MailBody } from "@/components/mail/MailBody";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const actor = await requireUser();
  const [mails, zone] = await Promise.all([listMyMail(actor), viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader
        title="Inbox"
        subtitle={
          env().SMTP_URL
            ? "The mail Between Us sent you, as it went to your mailbox."
            : "No mail server is configured: the mail Between Us sends you arrives here."
        }
      />
      <Card>
        {mails.length === 0 ? (
          <p className="text-sm text-stone-600">
            No mail for you yet. Reminders before your meetings, new topics from the other person and sharing requests will appear here.
          </p>
        ) : (
          <ul className="divide-y divide-stone-100">
            {mails.map((m) => (
              <li key={m.id} className="py-3">
                <article aria-label={m.subject}>
                  <p className="text-xs text-stone-600">
                    {MAIL_KIND_LABELS[m.kind]} · {formatTimeFor(m.createdAt, zone)}
                  </p>
                  <h2 className="text-sm font-medium text-stone-900">{m.subject}</h2>
                  <MailBody text={m.body} />
                </article>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
