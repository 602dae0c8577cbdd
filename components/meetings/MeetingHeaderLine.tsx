import type { ReactNode } from "react";
import { formatDateFor } from "@/lib/format";
import type { MeetingWorkspace } from "@/lib/server/meeting-page";
import { MeetingExceptions, MeetingTerms, MeetingThemes } from "@/components/confidentiality/MeetingConfidentiality";
import { WorkingAgreementSection } from "@/components/working-agreement/WorkingAgreementSection";

const chip = "inline-flex items-center gap-1 rounded-2xl border border-stone-300 bg-white px-3 py-1 text-sm text-stone-800";

/** A header item that opens in place: the whole section, one click away, without JavaScript. */
function Drawer({ label, open, testId, children }: { label: ReactNode; open?: boolean; testId: string; children: ReactNode }) {
  return (
    <details className="group open:w-full" open={open || undefined} data-testid={testId}>
      <summary className={`${chip} cursor-pointer list-none hover:bg-stone-100 [&::-webkit-details-marker]:hidden`}>
        {label}
        <span aria-hidden="true" className="text-stone-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}

/** A header item whose section is shown in full further down the page (the first meeting's walk-through). */
function Jump({ label, href, testId }: { label: ReactNode; href: string; testId: string }) {
  return (
    <a href={href} className={`${chip} underline-offset-2 hover:bg-stone-100 hover:underline`} data-testid={testId}>
      {label}
    </a>
  );
}

/** Whether the terms, the agreement and the exceptions are walked through in full on this page. */
export function inFull(workspace: MeetingWorkspace) {
  const first = workspace.terms.isFirstMeeting;
  return { agreement: first, terms: first || workspace.terms.capabilities.acknowledgeTerms, exceptions: first };
}

function termsState(terms: MeetingWorkspace["terms"]) {
  const waiting = terms.people.filter((p) => !p.acknowledgedAt).map((p) => p.name);
  if (waiting.length === 0) return "acknowledged by both";
  return waiting.length === terms.people.length ? "not yet acknowledged" : `waiting for ${waiting.join(" and ")}`;
}

/**
 * One line under the meeting's title for what the first meeting settled: the working agreement,
 * the confidentiality terms, the exceptions (the manager) and team themes (the report). Each
 * opens in place; on the first meeting, and while the viewer still has terms to acknowledge,
 * they point to the full sections further down instead.
 */
export function MeetingHeaderLine({
  workspace,
  recipientQuery,
  viewerZone,
}: {
  workspace: MeetingWorkspace;
  recipientQuery: string;
  viewerZone: string | null;
}) {
  const { workingAgreement: wa, terms, capabilities: can, shareChoices, themeChoices, meeting } = workspace;
  const full = inFull(workspace);
  const agreed = wa.agreement ? `agreed ${formatDateFor(wa.agreement.updatedAt, viewerZone)}` : "not recorded";
  const termsLabel = (
    <>
      Terms v{terms.version} · {termsState(terms)}
    </>
  );
  return (
    <div role="group" aria-label="What this series agreed" className="mb-6 flex flex-wrap items-start gap-2">
      {full.agreement ? (
        <Jump href="#working-agreement" testId="header-agreement" label={`Working agreement · ${wa.agreement ? agreed : "settle it in this meeting"}`} />
      ) : wa.agreement ? (
        <Drawer testId="header-agreement" label={`Working agreement · ${agreed}`}>
          <WorkingAgreementSection agreement={wa} canEdit={false} viewerZone={viewerZone} />
        </Drawer>
      ) : (
        <span className={chip} data-testid="header-agreement">
          Working agreement · {agreed}
        </span>
      )}
      {full.terms ? (
        <Jump href="#confidentiality-terms" testId="header-terms" label={termsLabel} />
      ) : (
        <Drawer testId="header-terms" label={termsLabel}>
          <MeetingTerms terms={terms} viewerZone={viewerZone} />
        </Drawer>
      )}
      {can.requestShare && shareChoices ? (
        full.exceptions ? (
          <Jump href="#exceptions" testId="header-exceptions" label="Exceptions" />
        ) : (
          <Drawer testId="header-exceptions" label="Exceptions" open={recipientQuery !== ""}>
            <MeetingExceptions
              meetingId={meeting.id}
              seriesId={meeting.seriesId}
              recipientQuery={recipientQuery}
              choices={shareChoices}
              canEscalate={can.escalate}
            />
          </Drawer>
        )
      ) : null}
      {can.keepOutOfThemes && themeChoices ? (
        <Drawer testId="header-themes" label={`Team themes · ${themeChoices.filter((t) => t.keepOut).length} kept out`}>
          <MeetingThemes themeTopics={themeChoices} />
        </Drawer>
      ) : null}
    </div>
  );
}
