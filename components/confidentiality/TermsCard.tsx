import { formatDateFor } from "@/lib/format";
import { Card } from "@/components/ui/Card";
import type { FormAction } from "./formKit";
import { AcknowledgeForm, EditTermsForm } from "./TermsForms";

type Terms = {
  seriesId: string;
  version: number;
  body: string;
  people: { role: "manager" | "report"; name: string; acknowledgedAt: Date | null }[];
  /** From lib/policy (termsCapabilities): what this person may do with these terms. */
  capabilities: { acknowledgeTerms: boolean; manageTerms: boolean };
};

export function TermsCard({
  terms,
  acknowledge,
  update,
  viewerZone,
}: {
  terms: Terms;
  acknowledge: FormAction;
  update: FormAction;
  viewerZone: string | null;
}) {
  return (
    <Card title="Confidentiality terms">
      <p className="mb-2 text-sm text-stone-600">Version {terms.version}</p>
      <div dir="auto" className="whitespace-pre-line wrap-anywhere text-sm leading-relaxed text-stone-800">
        {terms.body}
      </div>
      <ul className="mt-3 text-sm" aria-label="Acknowledgements">
        {terms.people.map((p) => (
          <li key={p.role}>
            {p.name} ({p.role}):{" "}
            {p.acknowledgedAt ? (
              <span className="text-teal-800">acknowledged on {formatDateFor(p.acknowledgedAt, viewerZone)}</span>
            ) : (
              <span className="text-amber-800">not yet acknowledged</span>
            )}
          </li>
        ))}
      </ul>
      {terms.capabilities.acknowledgeTerms ? <AcknowledgeForm action={acknowledge} seriesId={terms.seriesId} version={terms.version} /> : null}
      {terms.capabilities.manageTerms ? <EditTermsForm action={update} seriesId={terms.seriesId} version={terms.version} body={terms.body} /> : null}
    </Card>
  );
}
