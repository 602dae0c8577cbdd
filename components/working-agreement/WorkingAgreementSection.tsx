import { formatDateFor } from "@/lib/format";
import type { MeetingWorkspace } from "@/lib/server/meeting-page";
import { saveWorkingAgreementAction } from "@/app/(app)/series/[seriesId]/working-agreement-actions";
import { Card } from "@/components/ui/Card";
import { WorkingAgreementForm } from "./WorkingAgreementForm";

/** Filled in on the first meeting; on every later meeting page it is one click away in the header line, read-only. */
export function WorkingAgreementSection({
  agreement: loaded,
  canEdit,
  viewerZone,
}: {
  agreement: MeetingWorkspace["workingAgreement"];
  canEdit: boolean;
  viewerZone: string | null;
}) {
  const { seriesId, format, agreement } = loaded;
  // Editable only on the first meeting while it is open (capabilities); otherwise shown read-only.
  if (canEdit) {
    return (
      <Card title="Working agreement">
        <p className="mb-3 text-sm text-stone-600">Settle these together in this first meeting. The manager sees them before every later meeting.</p>
        <WorkingAgreementForm
          action={saveWorkingAgreementAction}
          seriesId={seriesId}
          values={{
            goalsAndExpectations: agreement?.goalsAndExpectations ?? "",
            feedbackPreferences: agreement?.feedbackPreferences ?? "",
            challenges: agreement?.challenges ?? "",
            format,
          }}
        />
      </Card>
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
    <Card title="Working agreement">
      <dl className="grid gap-2 text-sm sm:grid-cols-[12rem_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-stone-700">{label}</dt>
            <dd dir="auto" className="whitespace-pre-wrap wrap-anywhere text-stone-900">
              {value || "Not recorded"}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-stone-600">Agreed in the first meeting; last changed {formatDateFor(agreement.updatedAt, viewerZone)}.</p>
    </Card>
  );
}
