import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { formatMeetingTime } from "@/lib/format";
import { listOutbox } from "@/lib/server/outbox";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage() {
  const actor = await requireUser();
  if (actor.orgRole !== "admin") notFound();
  const mails = await listOutbox(actor);
  return (
    <>
      <PageHeader title="Outbox" subtitle={process.env.SMTP_URL ? "Mail is sent by SMTP; this is the record." : "No SMTP server is configured: mail is delivered here."} />
      <Card>
        {mails.length === 0 ? (
          <p className="text-sm text-stone-600">No mail yet.</p>
        ) : (
          <ul className="divide-y divide-stone-100">
            {mails.map((m) => (
              <li key={m.id} className="py-3">
                <p className="text-sm font-medium">{m.subject}</p>
                <p className="text-xs text-stone-600">To {m.toAddress} · {formatMeetingTime(m.createdAt)} · {m.sentAt ? "sent" : m.transport === "smtp" ? "not sent yet" : "outbox"}</p>
                <pre className="mt-2 whitespace-pre-wrap rounded bg-stone-50 p-2 font-sans text-sm text-stone-800">{m.body}</pre>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
