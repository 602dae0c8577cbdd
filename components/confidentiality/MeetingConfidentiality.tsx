import Link from "next/link";
import { keepOutAction, recordEscalationAction, requestShareAction } from "@/app/(app)/series/[seriesId]/meetings/[meetingId]/exception-actions";
import { noteTokenAction } from "@/app/(app)/series/[seriesId]/meetings/[meetingId]/notes-actions";
import { acknowledgeTermsAction, updateTermsAction } from "@/app/(app)/series/[seriesId]/meetings/[meetingId]/terms-actions";
import { noteDocumentName } from "@/lib/collab/names";
import { collabEndpoint, colorOf } from "@/lib/server/collab";
import type { MeetingWorkspace } from "@/lib/server/meeting-page";
import { DocumentView } from "@/components/documents/DocumentView";
import { LiveDocumentPanel } from "@/components/documents/LiveDocumentPanel";
import { Card } from "@/components/ui/Card";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { EscalationForm, KeepOutToggle, ShareRequestForm } from "./ExceptionForms";
import { TermsCard } from "./TermsCard";

/** The recipient list shows at most this many people; a larger organization searches by name first. */
export const RECIPIENTS_LISTED = 50;
const LISTED = RECIPIENTS_LISTED;

// The meeting page's confidentiality sections, from the page's one loader (lib/server/meeting-page).
// Which of them show is lib/policy's answer for this person here (capabilities), never their
// relation's name; the page decides where (in full on the first meeting, else in the header line).

/**
 * The viewer's own private notes, always open. The note loaded is always the viewer's own
 * (lib/server selects by author), so nobody else's note can reach this page.
 */
export function MeetingPrivateNotes({
  meetingId,
  viewer,
  note,
}: {
  meetingId: string;
  viewer: MeetingWorkspace["viewer"];
  note: NonNullable<MeetingWorkspace["note"]>;
}) {
  return (
    <Card title="My private notes">
      <p className="mb-2 text-sm text-stone-600">Only you can read these. They save by themselves.</p>
      {/* A notepad, not a one-line field (.notepad in app/globals.css): the editor itself has the room,
          as a box around it would frame the editor's own border and the save status a second time. */}
      <div className="notepad">
        <LiveDocumentPanel
          meetingId={meetingId}
          documentName={noteDocumentName(meetingId, viewer.id)}
          endpoint={collabEndpoint()}
          user={{ name: viewer.name, color: colorOf(viewer.id) }}
          getToken={noteTokenAction}
          label="My private notes"
          statusTestId="private-notes-status"
        >
          <DocumentView content={note.content} label="My private notes" />
        </LiveDocumentPanel>
      </div>
    </Card>
  );
}

/** The confidentiality terms in force, who acknowledged them, and (for the manager) a new version. */
export function MeetingTerms({ terms, viewerZone }: { terms: MeetingWorkspace["terms"]; viewerZone: string | null }) {
  return <TermsCard terms={terms} acknowledge={acknowledgeTermsAction} update={updateTermsAction} viewerZone={viewerZone} />;
}

/** The manager's exceptions: ask the report to share one excerpt, or record a safety escalation. */
export function MeetingExceptions({
  meetingId,
  seriesId,
  recipientQuery,
  choices,
  canEscalate,
}: {
  meetingId: string;
  seriesId: string;
  recipientQuery: string;
  choices: NonNullable<MeetingWorkspace["shareChoices"]>;
  canEscalate: boolean;
}) {
  return (
    <Card title="Exceptions to confidentiality">
      <p className="text-sm text-stone-600">Each use appears in your report&apos;s access log.</p>
      <details className="mt-3" open={recipientQuery !== "" || undefined}>
        <summary className="cursor-pointer text-sm font-medium text-teal-800 underline">Ask to share an excerpt</summary>
        <div className="mt-3">
          {choices.people.length > LISTED || recipientQuery !== "" ? (
            <form method="get" role="search" aria-label="Find a recipient" className="mb-3 flex flex-wrap items-end gap-2">
              <label htmlFor="recipient" className="text-sm text-stone-700">
                Find a recipient by name
              </label>
              <input id="recipient" name="recipient" type="search" defaultValue={recipientQuery} className={`${inputClass} flex-1`} />
              <button className={buttonClass}>Find</button>
              {choices.people.length > LISTED ? <p className="w-full text-sm text-stone-600">Showing the first {LISTED} by name.</p> : null}
            </form>
          ) : null}
          <ShareRequestForm action={requestShareAction} meetingId={meetingId} people={choices.people.slice(0, LISTED)} topics={choices.topics} />
        </div>
      </details>
      {canEscalate ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-teal-800 underline">Record a safety escalation</summary>
          <div className="mt-3">
            <EscalationForm action={recordEscalationAction} seriesId={seriesId} />
          </div>
        </details>
      ) : null}
    </Card>
  );
}

/** The report's choice, per topic, to keep it out of the team-theme counts. */
export function MeetingThemes({ themeTopics }: { themeTopics: NonNullable<MeetingWorkspace["themeChoices"]> }) {
  return (
    <Card title="Your topics in team themes">
      <p className="mb-2 text-sm text-stone-600">
        Managers and admins may see how many topics fall in each category, never their text, and only when enough people contribute. Keep any topic out. Your{" "}
        <Link href="/privacy" className="text-teal-800 underline">
          privacy page
        </Link>{" "}
        shows your access log and sharing requests.
      </p>
      {themeTopics.length ? (
        themeTopics.map((t) => <KeepOutToggle key={t.id} action={keepOutAction} topicId={t.id} keepOut={t.keepOut} text={t.text} />)
      ) : (
        <p className="text-sm text-stone-600">No topics in this meeting yet.</p>
      )}
    </Card>
  );
}
