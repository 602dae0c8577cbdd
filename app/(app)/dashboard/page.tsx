import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requireUser } from "@/lib/auth";
import { formatTimeFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { getDashboard } from "@/lib/server/series";
import { Card, PageHeader } from "@/components/ui/Card";
import { SectionSkeleton } from "@/components/layout/PageSkeleton";
import type { Actor } from "@/lib/policy";

export const metadata: Metadata = { title: "Dashboard" };

type Item = Awaited<ReturnType<typeof getDashboard>>["asManager"][number];

function MeetingList({ items, empty, viewer }: { items: Item[]; empty: React.ReactNode; viewer: string | null }) {
  if (!items.length) return <p className="text-sm text-stone-600">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-100">
      {items.map((i) => (
        <li key={i.seriesId} className="flex flex-wrap items-center justify-between gap-2 py-3">
          <div>
            <Link href={`/series/${i.seriesId}`} className="font-medium text-stone-900 hover:underline">
              {i.withName}
            </Link>
            <p className="text-sm text-stone-600">{i.nextMeetingAt ? `Next: ${formatTimeFor(i.nextMeetingAt, viewer, i.timeZone)}` : "No upcoming meeting"}</p>
            {i.role === "manager" && i.newTopics ? (
              <p className="text-sm font-medium text-amber-900" data-testid="new-topics">
                {i.newTopics} new topic{i.newTopics === 1 ? "" : "s"} from {i.reportName}
              </p>
            ) : null}
            <Link href={`/series/${i.seriesId}/goals`} className="text-sm text-teal-800 underline">
              Goals<span className="sr-only"> with {i.withName}</span>
            </Link>
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

/** The meetings, read while the greeting is already on screen. */
async function Meetings({ dashboard }: { dashboard: Promise<[Awaited<ReturnType<typeof getDashboard>>, string | null]> }) {
  const [{ isManager, asManager, asReport }, viewer] = await dashboard;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {isManager || asManager.length ? (
        <Card title="With your reports">
          <MeetingList
            viewer={viewer}
            items={asManager}
            empty={
              <>
                No series yet.{" "}
                <Link href="/team" className="text-teal-800 underline">
                  Start one-on-ones with your team
                </Link>
                .
              </>
            }
          />
        </Card>
      ) : null}
      <Card title="With your manager">
        <MeetingList viewer={viewer} items={asReport} empty="Your manager has not started a series with you yet." />
      </Card>
    </div>
  );
}

export default async function DashboardPage() {
  const actor: Actor = await requireUser();
  // The page's one loader, started here and awaited inside the boundary, so the shell streams first.
  const dashboard = Promise.all([getDashboard(actor), viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader title={`Hello, ${actor.name.split(" ")[0]}`} subtitle="Your upcoming one-on-ones." />
      <Suspense
        fallback={
          <div className="grid gap-6 md:grid-cols-2" data-stream-fallback="">
            <SectionSkeleton />
            <SectionSkeleton />
          </div>
        }
      >
        <Meetings dashboard={dashboard} />
      </Suspense>
    </>
  );
}
