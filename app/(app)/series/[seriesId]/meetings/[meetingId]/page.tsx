import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { formatDate, formatMeetingTime } from "@/lib/format";
import { getMeetingPage } from "@/lib/server/agenda";
import { AgendaPanel } from "@/components/agenda/AgendaPanel";
import { DocumentView } from "@/components/agenda/DocumentView";
import { Card, PageHeader } from "@/components/ui/Card";
import { MeetingConfidentiality } from "@/components/confidentiality/MeetingConfidentiality";
import { MeetingGoals } from "@/components/goals/MeetingGoals";
import { MeetingWork } from "@/components/topics/MeetingWork";
import { WorkingAgreementSection } from "@/components/topics/WorkingAgreementSection";
import { agendaDocumentName } from "@/lib/collab/names";
import { collabEndpoint, colorOf } from "@/lib/server/collab";
import { agendaTokenAction } from "./actions";

export const metadata: Metadata = { title: "Meeting" };

async function load(meetingId: string) {
  const actor = await requireUser();
  try {
    return { ...(await getMeetingPage(actor, meetingId)), actor };
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
}

export default async function MeetingPage({
  params,
  searchParams,
}: {
  params: Promise<{ seriesId: string; meetingId: string }>;
  searchParams: Promise<{ recipient?: string | string[] }>;
}) {
  const { seriesId, meetingId } = await params;
  const { recipient } = await searchParams;
  const recipientQuery = typeof recipient === "string" ? recipient.slice(0, 100) : "";
  if (!/^[0-9a-f-]{36}$/i.test(meetingId)) notFound();
  const meeting = await load(meetingId);
  if (meeting.seriesId !== seriesId) notFound();
  const view = <DocumentView content={meeting.content} label="Shared agenda" />;
  return (
    <>
      <PageHeader
        title={`${meeting.managerName} & ${meeting.reportName}`}
        subtitle={
          <>
            {formatMeetingTime(meeting.scheduledAt, meeting.timeZone)} · {meeting.durationMinutes} minutes ·{" "}
            <Link href={`/series/${seriesId}`} className="text-teal-800 underline">Back to the series</Link>
          </>
        }
      />
      <WorkingAgreementSection meetingId={meeting.id} />
      <Card title="Shared agenda">
        {meeting.canEdit ? (
          <p className="mb-3 text-sm text-stone-600">Both of you can edit this agenda at the same time. It saves by itself.</p>
        ) : meeting.status === "completed" ? (
          <p className="mb-3 text-sm text-stone-600" data-testid="agenda-read-only">
            Read-only: this meeting was completed{meeting.completedAt ? ` on ${formatDate(meeting.completedAt)}` : ""}.
          </p>
        ) : null}
        {meeting.canEdit ? (
          <AgendaPanel
            meetingId={meeting.id}
            documentName={agendaDocumentName(meeting.id)}
            endpoint={collabEndpoint()}
            user={{ name: meeting.actor.name, color: colorOf(meeting.actor.id) }}
            getToken={agendaTokenAction}
            label="Shared agenda"
          >
            {view}
          </AgendaPanel>
        ) : (
          view
        )}
      </Card>
      <MeetingWork meetingId={meeting.id} seriesId={seriesId} managerName={meeting.managerName} reportName={meeting.reportName} />
      <MeetingGoals meetingId={meeting.id} />
      <MeetingConfidentiality meetingId={meeting.id} recipientQuery={recipientQuery} />
    </>
  );
}
