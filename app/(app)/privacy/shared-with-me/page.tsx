import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { formatDateFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { listSharedWithMe } from "@/lib/server/sharing";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Shared with me" };

export default async function SharedWithMePage() {
  const actor = await requireUser();
  const [items, viewer] = await Promise.all([listSharedWithMe(actor), viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader title="Shared with me" subtitle="Excerpts shared with you by name, each with the report's permission. They cannot be changed." />
      <Card>
        {items.length === 0 ? <p className="text-sm text-stone-600">Nothing has been shared with you.</p> : null}
        <ul className="divide-y divide-stone-100">
          {items.map((i) => (
            <li key={i.id} className="py-3 text-sm">
              <p>
                From {i.requesterName}, about a one-on-one with {i.reportName}, approved {i.sharedAt ? formatDateFor(i.sharedAt, viewer) : ""}
              </p>
              <blockquote dir="auto" className="my-2 wrap-anywhere border-l-4 border-teal-700 pl-3 text-stone-900">
                {i.excerpt}
              </blockquote>
              <p className="text-stone-700">Why: {i.reason}</p>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
