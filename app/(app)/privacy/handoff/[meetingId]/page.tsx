import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { formatTimeFor } from "@/lib/format";
import { getHandoffMeeting } from "@/lib/server/handoff";
import { viewerTimeZone } from "@/lib/server/profile";
import { DocumentView } from "@/components/documents/DocumentView";
import { Card, PageHeader } from "@/components/ui/Card";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "Handed-over agenda" };

export default async function HandedMeetingPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const { meetingId } = await params;
  if (!isUuid(meetingId)) notFound();
  const actor = await requireUser();
  const meeting = await getHandoffMeeting(actor, meetingId).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const zone = await viewerTimeZone(actor);
  return (
    <>
      <PageHeader
        title={`${meeting.reportName} & ${meeting.oldManagerName}`}
        subtitle={`${formatTimeFor(meeting.scheduledAt, zone, meeting.timeZone)} · handed over to you by ${meeting.reportName}, read-only`}
      />
      <Card title="Shared agenda">
        <DocumentView content={meeting.content} label="Shared agenda" />
      </Card>
    </>
  );
}
