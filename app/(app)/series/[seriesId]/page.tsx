import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { formatDate, formatMeetingTime } from "@/lib/format";
import { getSeriesPage } from "@/lib/server/series";
import { CADENCE_LABELS } from "@/lib/validation/series";
import { Card, PageHeader } from "@/components/ui/Card";
import { CoveringSection } from "@/components/confidentiality/CoveringSection";
import { SeriesTopicsPanel } from "@/components/topics/SeriesTopicsPanel";
import { CalendarFeedCard } from "@/components/calendar/CalendarFeedCard";

export const metadata: Metadata = { title: "Series" };

const STATUS: Record<string, string> = { scheduled: "Scheduled", in_progress: "In progress", completed: "Completed", cancelled: "Cancelled" };

export default async function SeriesPage({ params, searchParams }: { params: Promise<{ seriesId: string }>; searchParams: Promise<{ person?: string | string[] }> }) {
  const { seriesId } = await params;
  const { person } = await searchParams;
  const personQuery = typeof person === "string" ? person.slice(0, 100) : "";
  if (!/^[0-9a-f-]{36}$/i.test(seriesId)) notFound();
  const actor = await requireUser();
  const page = await getSeriesPage(actor, seriesId).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const { meta, full } = page;
  if (!full) {
    return (
      <>
        <PageHeader title={`${meta.managerName} & ${meta.reportName}`} subtitle="As an admin you see only that this series exists." />
        <Card>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-stone-600">Cadence</dt>
            <dd>{CADENCE_LABELS[meta.cadence]}</dd>
            <dt className="text-stone-600">Last met</dt>
            <dd>{meta.lastMetAt ? formatDate(meta.lastMetAt) : "Not yet"}</dd>
          </dl>
        </Card>
        <div className="mt-6"><CoveringSection seriesId={meta.id} personQuery={personQuery} /></div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={`${full.managerName} & ${full.reportName}`}
        subtitle="One-on-one series"
        actions={<Link href={`/series/${seriesId}/goals`} className="text-sm font-medium text-teal-800 underline">Goals</Link>}
      />
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="Settings">
          <dl className="grid grid-cols-2 gap-y-2 text-sm">
            <dt className="text-stone-600">Cadence</dt>
            <dd>{CADENCE_LABELS[full.cadence]}</dd>
            <dt className="text-stone-600">When</dt>
            <dd>{full.weekdayName}s at {full.startTime}</dd>
            <dt className="text-stone-600">Duration</dt>
            <dd>{full.durationMinutes} minutes</dd>
            <dt className="text-stone-600">Time zone</dt>
            <dd>{full.timeZone}</dd>
            <dt className="text-stone-600">Format</dt>
            <dd className="capitalize">{full.format}</dd>
          </dl>
        </Card>
        <div className="md:col-span-2 flex flex-col gap-6">
          <Card title="Upcoming meetings">
            <ul className="divide-y divide-stone-100 text-sm">
              {full.upcoming.map((m) => (
                <li key={m.id} className="flex justify-between py-2">
                  <Link href={`/series/${seriesId}/meetings/${m.id}`} className="font-medium text-teal-800 hover:underline">
                    {formatMeetingTime(m.scheduledAt, full.timeZone)}
                  </Link>
                  <span className="text-stone-600">{STATUS[m.status]}</span>
                </li>
              ))}
              {full.planned.map((at) => (
                <li key={at.toISOString()} className="flex justify-between py-2 text-stone-600">
                  <span>{formatMeetingTime(at, full.timeZone)}</span>
                  <span>Planned</span>
                </li>
              ))}
            </ul>
          </Card>
          <Card title="Past meetings">
            {full.past.length === 0 ? (
              <p className="text-sm text-stone-600">No past meetings yet.</p>
            ) : (
              <ul className="divide-y divide-stone-100 text-sm">
                {full.past.map((m) => (
                  <li key={m.id} className="flex justify-between py-2">
                    <Link href={`/series/${seriesId}/meetings/${m.id}`} className="text-teal-800 hover:underline">
                      {formatMeetingTime(m.scheduledAt, full.timeZone)}
                    </Link>
                    <span className="text-stone-600">{STATUS[m.status]}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
      <SeriesTopicsPanel seriesId={seriesId} />
      <div className="mt-6"><CoveringSection seriesId={seriesId} personQuery={personQuery} /></div>
      <div className="mt-6"><CalendarFeedCard actor={actor} seriesId={seriesId} /></div>
    </>
  );
}
