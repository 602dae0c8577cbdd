import Link from "next/link";
import {
  acknowledgeTermsAction,
  keepOutAction,
  recordEscalationAction,
  requestShareAction,
  noteTokenAction,
  updateTermsAction,
} from "@/app/(app)/series/[seriesId]/meetings/[meetingId]/notes-actions";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { noteDocumentName } from "@/lib/collab/names";
import { collabEndpoint, colorOf } from "@/lib/server/collab";
import { getMyPrivateNote } from "@/lib/server/private-notes";
import { shareChoices } from "@/lib/server/sharing";
import { getMeetingTerms } from "@/lib/server/terms";
import { getThemeChoices } from "@/lib/server/themes";
import { AgendaPanel } from "@/components/agenda/AgendaPanel";
import { DocumentView } from "@/components/agenda/DocumentView";
import { Card } from "@/components/ui/Card";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { EscalationForm, KeepOutToggle, ShareRequestForm } from "./ExceptionForms";
import { TermsCard } from "./TermsCard";

const orNull = <T,>(p: Promise<T>) =>
  p.catch((error: unknown) => {
    if (error instanceof AppError) return null;
    throw error;
  });

/**
 * The meeting page's confidentiality sections. The private note loaded here is always the
 * viewer's own (lib/server selects by author), so nobody else's note can reach this page.
 */
/** The recipient list shows at most this many people; a larger organization searches by name first. */
const LISTED = 50;

export async function MeetingConfidentiality({ meetingId, recipientQuery = "" }: { meetingId: string; recipientQuery?: string }) {
  const actor = await requireUser();
  const terms = await orNull(getMeetingTerms(actor, meetingId));
  if (!terms) return null;
  const note = await orNull(getMyPrivateNote(actor, meetingId));
  const isManager = terms.relation === "manager";
  const isReport = terms.relation === "report";
  const [choices, themeTopics] = await Promise.all([
    isManager ? orNull(shareChoices(actor, meetingId, { query: recipientQuery, limit: LISTED + 1 })) : null,
    isReport ? orNull(getThemeChoices(actor, meetingId)) : null,
  ]);
  const unacknowledged = terms.people.some((p) => !p.acknowledgedAt);
  return (
    <>
      {terms.isFirstMeeting || unacknowledged ? (
        <TermsCard terms={terms} acknowledge={acknowledgeTermsAction} update={updateTermsAction} />
      ) : null}
      {note ? (
        <Card title="My private notes">
          <details>
            <summary className="cursor-pointer text-sm font-medium text-teal-800 underline">
              Open my private notes (only you can read them; they save by themselves)
            </summary>
            <div className="mt-3">
              <AgendaPanel
                meetingId={meetingId}
                documentName={noteDocumentName(meetingId, actor.id)}
                endpoint={collabEndpoint()}
                user={{ name: actor.name, color: colorOf(actor.id) }}
                getToken={noteTokenAction}
                label="My private notes"
                statusTestId="private-notes-status"
              >
                <DocumentView content={note.content} label="My private notes" />
              </AgendaPanel>
            </div>
          </details>
        </Card>
      ) : null}
      {isManager && choices ? (
        <Card title="Exceptions to confidentiality">
          <p className="text-sm text-stone-600">Each use appears in your report&apos;s access log.</p>
          <details className="mt-3" open={recipientQuery !== "" || undefined}>
            <summary className="cursor-pointer text-sm font-medium text-teal-800 underline">Ask to share an excerpt</summary>
            <div className="mt-3">
              {choices.people.length > LISTED || recipientQuery !== "" ? (
                <form method="get" role="search" aria-label="Find a recipient" className="mb-3 flex flex-wrap items-end gap-2">
                  <label htmlFor="recipient" className="text-sm text-stone-700">Find a recipient by name</label>
                  <input id="recipient" name="recipient" type="search" defaultValue={recipientQuery} className={`${inputClass} flex-1`} />
                  <button className={buttonClass}>Find</button>
                  {choices.people.length > LISTED ? <p className="w-full text-sm text-stone-600">Showing the first {LISTED} by name.</p> : null}
                </form>
              ) : null}
              <ShareRequestForm action={requestShareAction} meetingId={meetingId} people={choices.people.slice(0, LISTED)} topics={choices.topics} />
            </div>
          </details>
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-teal-800 underline">Record a safety escalation</summary>
            <div className="mt-3">
              <EscalationForm action={recordEscalationAction} seriesId={terms.seriesId} />
            </div>
          </details>
        </Card>
      ) : null}
      {isReport ? (
        <Card title="Your topics in team themes">
          <p className="mb-2 text-sm text-stone-600">
            Managers and admins may see how many topics fall in each category, never their text, and only when enough people
            contribute. Keep any topic out. Your <Link href="/privacy" className="text-teal-800 underline">privacy page</Link> shows
            your access log and sharing requests.
          </p>
          {themeTopics?.length ? (
            themeTopics.map((t) => <KeepOutToggle key={t.id} action={keepOutAction} topicId={t.id} keepOut={t.keepOut} text={t.text} />)
          ) : (
            <p className="text-sm text-stone-600">No topics in this meeting yet.</p>
          )}
        </Card>
      ) : null}
    </>
  );
}
