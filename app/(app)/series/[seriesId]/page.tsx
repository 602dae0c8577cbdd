import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { formatDateFor, formatTimeFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { seriesWorkspace } from "@/lib/server/series-page";
import { CADENCE_LABELS, meetingStatusLabel } from "@/lib/labels";
import { Card, PageHeader } from "@/components/ui/Card";
import { COVERING_LISTED, CoveringSection } from "@/components/confidentiality/CoveringSection";
import { CoveringBanner } from "@/components/confidentiality/CoveringBanner";
import { SeriesPanel } from "@/components/series/SeriesPanel";
import { CalendarFeedCard } from "@/components/calendar/CalendarFeedCard";
import { AgendaTemplateForm, ApplyTemplateForm } from "@/components/series/AgendaTemplateForm";
import { applyTemplateAction, setSeriesAgendaTemplateAction } from "./template-actions";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "Series" };

export default async function SeriesPage({
  params,
  searchParams,
}: {
  params: Promise<{ seriesId: string }>;
  searchParams: Promise<{ person?: string | string[] }>;
}) {
  const { seriesId } = await params;
  const { person } = await searchParams;
  const personQuery = typeof person === "string" ? person.slice(0, 100) : "";
  if (!isUuid(seriesId)) notFound();
  const actor = await requireUser();
  // The page's one loader: authorizes once; every section renders from what it returns. One more
  // person than the covering choice lists, so the section knows there are more to search for.
  const page = await seriesWorkspace(actor, seriesId, personQuery, COVERING_LISTED + 1).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const { meta, full, covering } = page;
  const viewer = await viewerTimeZone(actor);
  if (!full) {
    return (
      <>
        <PageHeader title={`${meta.managerName} & ${meta.reportName}`} subtitle="As an admin you see only that this series exists." />
        <CoveringBanner notices={covering.notices} viewerZone={viewer} />
        <Card>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-stone-600">Cadence</dt>
            <dd>{CADENCE_LABELS[meta.cadence]}</dd>
            <dt className="text-stone-600">Last met</dt>
            <dd>{meta.lastMetAt ? formatDateFor(meta.lastMetAt, viewer) : "Not yet"}</dd>
          </dl>
        </Card>
        <div className="mt-6">
          <CoveringSection seriesId={meta.id} personQuery={personQuery} covering={covering} />
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={`${full.managerName} & ${full.reportName}`}
        subtitle="One-on-one series"
        actions={
          <Link href={`/series/${seriesId}/goals`} className="text-sm font-medium text-teal-800 underline">
            Goals
          </Link>
        }
      />
      <CoveringBanner notices={covering.notices} viewerZone={viewer} />
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="Settings">
          <dl className="grid grid-cols-2 gap-y-2 text-sm">
            <dt className="text-stone-600">Cadence</dt>
            <dd>{CADENCE_LABELS[full.cadence]}</dd>
            <dt className="text-stone-600">When</dt>
            <dd>
              {full.weekdayName}s at {full.startTime}
            </dd>
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
            {full.leftBy ? (
              <p className="mb-2 text-sm text-stone-700" data-testid="series-stopped">
                {full.leftBy} has left the organization: the meetings that were still ahead are cancelled, and no further ones are planned.
              </p>
            ) : null}
            <ul className="divide-y divide-stone-100 text-sm">
              {full.upcoming.map((m) => (
                <li key={m.id} className="flex justify-between py-2">
                  <Link href={`/series/${seriesId}/meetings/${m.id}`} className="font-medium text-teal-800 hover:underline">
                    {formatTimeFor(m.scheduledAt, viewer, full.timeZone)}
                  </Link>
                  <span className="text-stone-600">{meetingStatusLabel(m.status)}</span>
                </li>
              ))}
              {full.planned.map((at) => (
                <li key={at.toISOString()} className="flex justify-between py-2 text-stone-600">
                  <span>{formatTimeFor(at, viewer, full.timeZone)}</span>
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
                      {formatTimeFor(m.heldAt, viewer, full.timeZone)}
                    </Link>
                    <span className="text-stone-600">{meetingStatusLabel(m.status, { past: true })}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
      {page.share && page.planning ? <SeriesPanel seriesId={seriesId} share={page.share} queued={page.queued} planning={page.planning} /> : null}
      {page.agendaTemplates ? (
        <div className="mt-6">
          <Card title="Agenda template">
            <AgendaTemplateForm action={setSeriesAgendaTemplateAction} seriesId={seriesId} choices={page.agendaTemplates} />
            <ApplyTemplateForm
              action={applyTemplateAction}
              meetings={(page.planning?.ahead ?? []).map((m) => ({ id: m.id, label: formatTimeFor(m.scheduledAt, viewer, page.planning!.settings.timeZone) }))}
              choices={page.agendaTemplates}
            />
          </Card>
        </div>
      ) : null}
      <div className="mt-6">
        <CoveringSection seriesId={seriesId} personQuery={personQuery} covering={covering} />
      </div>
      {page.feed ? (
        <div className="mt-6">
          <CalendarFeedCard seriesId={seriesId} hasFeed={Boolean(page.feed.current)} />
        </div>
      ) : null}
    </>
  );
}
