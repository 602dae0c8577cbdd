import { requireUser } from "@/lib/auth";
import { formatDate } from "@/lib/format";
import { getWorkingAgreement } from "@/lib/server/working-agreement";
import { saveWorkingAgreementAction } from "@/app/(app)/series/[seriesId]/topic-actions";
import { Card } from "@/components/ui/Card";
import { WorkingAgreementForm } from "./WorkingAgreementForm";

/** Filled in on the first meeting; on every later meeting page it is shown first, read-only. */
export async function WorkingAgreementSection({ meetingId }: { meetingId: string }) {
  const actor = await requireUser();
  const { seriesId, isFirstMeeting, canEdit, format, agreement } = await getWorkingAgreement(actor, meetingId);
  // Once the first meeting is completed, the agreement settled in it is shown read-only there too.
  if (isFirstMeeting && canEdit) {
    return (
      <div className="mb-6">
        <Card title="Working agreement">
          <p className="mb-3 text-sm text-stone-600">Settle these together in this first meeting. The manager sees them before every later meeting.</p>
          <WorkingAgreementForm
            action={saveWorkingAgreementAction}
            seriesId={seriesId}
            values={{ goalsAndExpectations: agreement?.goalsAndExpectations ?? "", feedbackPreferences: agreement?.feedbackPreferences ?? "", challenges: agreement?.challenges ?? "", format }}
          />
        </Card>
      </div>
    );
  }
  if (!agreement) return null;
  const rows = [
    ["Goals and expectations", agreement.goalsAndExpectations],
    ["Feedback preferences", agreement.feedbackPreferences],
    ["Challenges", agreement.challenges],
    ["Format", format === "structured" ? "Structured" : "Unstructured"],
  ];
  return (
    <div className="mb-6">
      <Card title="Working agreement">
        <dl className="grid gap-2 text-sm sm:grid-cols-[12rem_1fr]">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-stone-700">{label}</dt>
              <dd className="whitespace-pre-wrap text-stone-900">{value || "Not recorded"}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-xs text-stone-600">Agreed in the first meeting; last changed {formatDate(agreement.updatedAt)}.</p>
      </Card>
    </div>
  );
}
