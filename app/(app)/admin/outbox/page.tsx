import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { MAIL_KIND_LABELS } from "@/lib/email/labels";
import { env } from "@/lib/env";
import { formatTimeFor } from "@/lib/format";
import { listOutbox, type DeliveryStatus } from "@/lib/server/outbox";
import { viewerTimeZone } from "@/lib/server/profile";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Outbox" };

const STATUS: Record<DeliveryStatus, string> = {
  in_app: "in the recipient's inbox",
  queued: "queued",
  sent: "sent",
  failed: "failed, retrying",
};

export default async function OutboxPage() {
  const actor = await requireUser();
  // listOutbox asks lib/policy (assertOrgAdmin); to anyone else the page does not exist.
  const mails = await listOutbox(actor).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const zone = await viewerTimeZone(actor);
  return (
    <>
      <PageHeader
        title="Outbox"
        subtitle={
          env().SMTP_URL
            ? "Mail is sent by SMTP. This is its delivery record: what kind, to whom, when, and whether it went out. What a mail says is for its recipient only."
            : "No SMTP server is configured: each person reads their own mail in their inbox. This is the delivery record only."
        }
      />
      <Card>
        {mails.length === 0 ? (
          <p className="text-sm text-stone-600">No mail yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-stone-600">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  Kind
                </th>
                <th scope="col" className="py-2 font-medium">
                  To
                </th>
                <th scope="col" className="py-2 font-medium">
                  When
                </th>
                <th scope="col" className="py-2 font-medium">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {mails.map((m) => (
                <tr key={m.id}>
                  <td className="py-2">{MAIL_KIND_LABELS[m.kind]}</td>
                  <td className="py-2 text-stone-700">{m.toAddress}</td>
                  <td className="py-2 text-stone-700">{formatTimeFor(m.createdAt, zone)}</td>
                  <td className={`py-2 ${m.status === "failed" ? "text-red-700" : "text-stone-700"}`}>{STATUS[m.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
