import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { formatMeetingTime } from "@/lib/format";
import { getMyAccessLog } from "@/lib/server/access-log";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Access log" };

export default async function AccessLogPage() {
  const actor = await requireUser();
  const entries = await getMyAccessLog(actor);
  return (
    <>
      <PageHeader title="Access log" subtitle="Only you can read this log of your one-on-one record." />
      <Card>
        {entries.length === 0 ? (
          <p className="text-sm text-stone-600">Nobody but you and your manager at ordinary work has read your record, and no exception was used.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-stone-600">
              <tr>
                <th scope="col" className="py-2 font-medium">When</th>
                <th scope="col" className="py-2 font-medium">Who</th>
                <th scope="col" className="py-2 font-medium">What</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatMeetingTime(e.createdAt)}</td>
                  <td className="py-2 pr-3">{e.actorName ?? "The app"}</td>
                  <td className="py-2">{e.action}{e.subject ? `: ${e.subject}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
