import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { formatDateFor, formatTimeFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { meetingAccess, meetingWorkspace, type MeetingWorkspace } from "@/lib/server/meeting-page";
import { meetingHeader } from "@/lib/server/agenda";
import { DocumentView } from "@/components/documents/DocumentView";
import { LiveDocumentPanel } from "@/components/documents/LiveDocumentPanel";
import { Card, PageHeader } from "@/components/ui/Card";
import { SectionSkeleton } from "@/components/layout/PageSkeleton";
import { MeetingExceptions, MeetingPrivateNotes, MeetingTerms, RECIPIENTS_LISTED } from "@/components/confidentiality/MeetingConfidentiality";
import { MeetingGoals } from "@/components/goals/MeetingGoals";
import { MeetingExportActions } from "@/components/meetings/MeetingExportActions";
import { inFull, MeetingHeaderLine } from "@/components/meetings/MeetingHeaderLine";
import { LiveRefresh } from "@/components/meetings/LiveRefresh";
import { MeetingPanel, MeetingTabs } from "@/components/meetings/MeetingTabs";
import { MeetingActionItems, MeetingStatusBar, MeetingTopics } from "@/components/meetings/MeetingWork";
import { WorkingAgreementSection } from "@/components/working-agreement/WorkingAgreementSection";
import { agendaDocumentName } from "@/lib/collab/names";
import { collabEndpoint, colorOf } from "@/lib/server/collab";
import { agendaTokenAction } from "./agenda-actions";
import { meetingPulseAction } from "./pulse-actions";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "Meeting" };

/** Who may read this meeting, asked before anything is sent: a refusal is a 404, never a streamed page. */
async function authorize(meetingId: string) {
  const actor = await requireUser();
  try {
    const [access, zone] = await Promise.all([meetingAccess(actor, meetingId), viewerTimeZone(actor)]);
    return { actor, access, zone };
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
}

/** What the page shows while the workspace loads: the same two columns, in outline. */
function WorkspaceSkeleton() {
  return (
    <div role="status" aria-live="polite" data-stream-fallback="" className="flex flex-col gap-6 lg:grid lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
      <p className="sr-only">Loading the meeting…</p>
      <div className="flex flex-col gap-6">
        <SectionSkeleton lines={6} />
        <SectionSkeleton lines={3} />
      </div>
      <SectionSkeleton lines={4} />
    </div>
  );
}

/**
 * The meeting as one workspace. Wide: the shared agenda with its topics, the action items and the
 * goals in the main column, the viewer's private notes beside them, always open. Phone: the same
 * sections as tabs. What the first meeting settled is a line of chips under the title; the first
 * meeting itself walks through the working agreement, the terms and the exceptions in full.
 *
 * The page authorizes first and sends its header at once; the workspace (one loader, authorized by
 * that same answer, see lib/server/meeting-page) streams in behind it.
 */
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
  if (!isUuid(meetingId)) notFound();
  const { actor, access, zone } = await authorize(meetingId);
  if (access.seriesId !== seriesId) notFound();
  const meeting = meetingHeader(access);
  // Started now, awaited inside the boundary: the header above is sent while it loads.
  // One more recipient than the list shows, so the section knows there are more to search for.
  const workspace = meetingWorkspace(actor, meetingId, recipientQuery, RECIPIENTS_LISTED + 1);
  return (
    <>
      <PageHeader
        title={`${meeting.managerName} & ${meeting.reportName}`}
        subtitle={
          <>
            {formatTimeFor(meeting.scheduledAt, zone, meeting.timeZone)} · {meeting.durationMinutes} minutes ·{" "}
            <Link href={`/series/${seriesId}`} className="text-teal-800 underline">
              Back to the series
            </Link>
          </>
        }
        actions={<MeetingExportActions markdownHref={`/series/${seriesId}/meetings/${meeting.id}/markdown`} />}
      />
      <Suspense fallback={<WorkspaceSkeleton />}>
        <Workspace workspace={workspace} recipientQuery={recipientQuery} viewerZone={zone} />
      </Suspense>
    </>
  );
}

async function Workspace({
  workspace: loading,
  recipientQuery,
  viewerZone,
}: {
  workspace: Promise<MeetingWorkspace>;
  recipientQuery: string;
  viewerZone: string | null;
}) {
  const workspace = await loading;
  const { meeting, capabilities, viewer, work } = workspace;
  const full = inFull(workspace);
  const view = <DocumentView content={workspace.agenda.content} label="Shared agenda" />;
  const tabs = [
    { id: "agenda", label: "Agenda" },
    ...(workspace.note ? [{ id: "notes", label: "My notes" }] : []),
    { id: "actions", label: "Actions" },
    ...(workspace.goals ? [{ id: "goals", label: "Goals" }] : []),
  ];
  const main = "lg:col-start-1";
  return (
    <>
      <LiveRefresh meetingId={meeting.id} fingerprint={workspace.pulse} poll={meetingPulseAction} />
      <MeetingHeaderLine workspace={workspace} recipientQuery={recipientQuery} viewerZone={viewerZone} />
      <MeetingTabs tabs={tabs} className="flex flex-col gap-6 lg:grid lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
        <MeetingPanel id="agenda" label="Agenda" className={`flex flex-col gap-6 ${main}`}>
          <MeetingStatusBar meeting={meeting} work={work} capabilities={capabilities} viewerZone={viewerZone} />
          <Card title="Shared agenda">
            {capabilities.editAgenda ? (
              <p className="mb-3 text-sm text-stone-600">Both of you can edit this agenda at the same time. It saves by itself.</p>
            ) : meeting.status === "completed" ? (
              <p className="mb-3 text-sm text-stone-600" data-testid="agenda-read-only">
                Read-only: this meeting was completed{meeting.completedAt ? ` on ${formatDateFor(meeting.completedAt, viewerZone)}` : ""}.
              </p>
            ) : null}
            {capabilities.editAgenda ? (
              <LiveDocumentPanel
                meetingId={meeting.id}
                documentName={agendaDocumentName(meeting.id)}
                endpoint={collabEndpoint()}
                user={{ name: viewer.name, color: colorOf(viewer.id) }}
                getToken={agendaTokenAction}
                label="Shared agenda"
              >
                {view}
              </LiveDocumentPanel>
            ) : (
              view
            )}
          </Card>
          <MeetingTopics meeting={meeting} work={work} capabilities={capabilities} />
          {full.agreement ? (
            <div id="working-agreement" className="scroll-mt-16">
              <WorkingAgreementSection agreement={workspace.workingAgreement} canEdit={capabilities.editWorkingAgreement} viewerZone={viewerZone} />
            </div>
          ) : null}
          {full.terms ? (
            <div id="confidentiality-terms" className="scroll-mt-16">
              <MeetingTerms terms={workspace.terms} viewerZone={viewerZone} />
            </div>
          ) : null}
          {full.exceptions && capabilities.requestShare && workspace.shareChoices ? (
            <div id="exceptions" className="scroll-mt-16">
              <MeetingExceptions
                meetingId={meeting.id}
                seriesId={meeting.seriesId}
                recipientQuery={recipientQuery}
                choices={workspace.shareChoices}
                canEscalate={capabilities.escalate}
              />
            </div>
          ) : null}
        </MeetingPanel>
        {workspace.note ? (
          <MeetingPanel
            id="notes"
            label="My notes"
            className="lg:sticky lg:top-4 lg:col-start-2 lg:row-span-3 lg:row-start-1 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto"
          >
            <MeetingPrivateNotes meetingId={meeting.id} viewer={viewer} note={workspace.note} />
          </MeetingPanel>
        ) : null}
        <MeetingPanel id="actions" label="Actions" className={main}>
          <MeetingActionItems meeting={meeting} work={work} capabilities={capabilities} />
        </MeetingPanel>
        {workspace.goals ? (
          <MeetingPanel id="goals" label="Goals" className={main}>
            <MeetingGoals meetingId={meeting.id} seriesId={meeting.seriesId} goals={workspace.goals} canReview={capabilities.reviewGoals} />
          </MeetingPanel>
        ) : null}
      </MeetingTabs>
    </>
  );
}
