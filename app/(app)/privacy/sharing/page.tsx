import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { formatDateFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { listShareRequests } from "@/lib/server/sharing";
import { DecisionForm } from "@/components/confidentiality/DecisionForm";
import { Card, PageHeader } from "@/components/ui/Card";
import { decideShareAction } from "../actions";

export const metadata: Metadata = { title: "Sharing requests" };

const STATUS = { pending: "Waiting for your decision", approved: "Approved", declined: "Declined" } as const;

export default async function SharingPage() {
  const actor = await requireUser();
  const [{ aboutMe, byMe }, viewer] = await Promise.all([listShareRequests(actor), viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader title="Sharing requests" subtitle="Nothing from your one-on-ones is shared unless you approve it, and only with the one person named." />
      <div className="flex flex-col gap-6">
        <Card title="Requests about your one-on-ones">
          {aboutMe.length === 0 ? <p className="text-sm text-stone-600">No requests.</p> : null}
          <ul className="divide-y divide-stone-100">
            {aboutMe.map((r) => (
              <li key={r.id} className="py-3 text-sm">
                <p>
                  <strong>{r.requesterName}</strong> asks to share with <strong>{r.recipientName}</strong> ({formatDateFor(r.createdAt, viewer)}):
                </p>
                <blockquote dir="auto" className="my-2 wrap-anywhere border-l-4 border-stone-300 pl-3 text-stone-800">
                  {r.frozenExcerpt ?? r.excerpt}
                </blockquote>
                <p className="text-stone-700">Why: {r.reason}</p>
                <p className="mt-1 font-medium">
                  {STATUS[r.status]}
                  {r.decidedAt ? ` on ${formatDateFor(r.decidedAt, viewer)}` : ""}
                </p>
                {r.status === "pending" ? <DecisionForm action={decideShareAction} requestId={r.id} /> : null}
              </li>
            ))}
          </ul>
        </Card>
        {byMe.length ? (
          <Card title="Requests you made">
            <ul className="divide-y divide-stone-100">
              {byMe.map((r) => (
                <li key={r.id} className="py-3 text-sm">
                  <p>
                    To share with <strong>{r.recipientName}</strong>, asked of {r.reportName} on {formatDateFor(r.createdAt, viewer)}:{" "}
                    <span className="font-medium">{r.status === "pending" ? "waiting" : r.status}</span>
                  </p>
                  <blockquote dir="auto" className="my-2 wrap-anywhere border-l-4 border-stone-300 pl-3 text-stone-800">
                    {r.frozenExcerpt ?? r.excerpt}
                  </blockquote>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </>
  );
}
