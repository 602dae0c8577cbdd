import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth";
import { formatMeetingTime } from "@/lib/format";
import { getDashboard } from "@/lib/server/series";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Dashboard" };

type Item = Awaited<ReturnType<typeof getDashboard>>["asManager"][number];

function MeetingList({ items, empty }: { items: Item[]; empty: React.ReactNode }) {
  if (!items.length) return <p className="text-sm text-stone-600">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-100">
      {items.map((i) => (
        <li key={i.seriesId} className="flex flex-wrap items-center justify-between gap-2 py-3">
          <div>
            <Link href={`/series/${i.seriesId}`} className="font-medium text-stone-900 hover:underline">
              {i.withName}
            </Link>
            <p className="text-sm text-stone-600">
              {i.nextMeetingAt ? `Next: ${formatMeetingTime(i.nextMeetingAt, i.timeZone)}` : "No upcoming meeting"}
            </p>
            {i.role === "manager" && i.newTopics ? (
              <p className="text-sm font-medium text-amber-900" data-testid="new-topics">
                {i.newTopics} new topic{i.newTopics === 1 ? "" : "s"} from {i.reportName}
              </p>
            ) : null}
            <Link href={`/series/${i.seriesId}/goals`} className="text-sm text-teal-800 underline">Goals<span className="sr-only"> with {i.withName}</span></Link>
          </div>
          {i.nextMeetingId ? (
            <Link href={`/series/${i.seriesId}/meetings/${i.nextMeetingId}`} className="text-sm font-medium text-teal-800 hover:underline">
              Open agenda
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default async function DashboardPage() {
  const actor = await requireUser();
  const { isManager, asManager, asReport } = await getDashboard(actor);
  return (
    <>
      <PageHeader title={`Hello, ${actor.name.split(" ")[0]}`} subtitle="Your upcoming one-on-ones." />
      <div className="grid gap-6 md:grid-cols-2">
        {isManager || asManager.length ? (
          <Card title="With your reports">
            <MeetingList items={asManager} empty={<>No series yet. <Link href="/team" className="text-teal-800 underline">Start one-on-ones with your team</Link>.</>} />
          </Card>
        ) : null}
        <Card title="With your manager">
          <MeetingList items={asReport} empty="Your manager has not started a series with you yet." />
        </Card>
      </div>
    </>
  );
}
