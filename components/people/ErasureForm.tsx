"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { aria } from "@/components/confidentiality/formKit";
import type { ActionResult } from "@/lib/actions";

type Line = { what: string; count: number; why?: string };
type Report = { dryRun: boolean; deleted: Line[]; replaced: Line[]; kept: Line[] };
type Action = (prev: unknown, formData: FormData) => Promise<ActionResult<Report>>;

/** Preview (a dry run) or carry out an erasure request; the report says what goes, what is kept and why. */
export function ErasureForm({ action, people }: { action: Action; people: { id: string; label: string }[] }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const report = state?.ok ? state.data : null;
  return (
    <div className="flex flex-col gap-3">
      <form {...formProps} className="flex flex-wrap items-end gap-3" noValidate>
        <FormMessage result={state} />
        <Field label="Person" name="userId" errors={errors}>
          <select id="userId" name="userId" className={inputClass} {...aria(errors, "userId")}>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Their email address, typed to confirm an erasure" name="confirmEmail" errors={errors}>
          <input id="confirmEmail" name="confirmEmail" type="email" autoComplete="off" className={inputClass} {...aria(errors, "confirmEmail")} />
        </Field>
        <button name="dryRun" value="true" className={secondaryButtonClass} disabled={pending}>
          Preview erasure
        </button>
        <button name="dryRun" value="false" className={secondaryButtonClass} disabled={pending}>
          Erase personal data
        </button>
      </form>
      {report ? <ErasureReportView report={report} /> : null}
    </div>
  );
}

function ErasureReportView({ report }: { report: Report }) {
  const list = (lines: Line[]) => (
    <ul className="list-disc pl-5">
      {lines.map((l) => (
        <li key={l.what}>
          {l.what}: {l.count}
          {l.why ? <span className="text-stone-600"> — {l.why}</span> : null}
        </li>
      ))}
    </ul>
  );
  return (
    <section role="status" aria-label="Erasure report" className="rounded-md border border-stone-200 bg-stone-50 p-3 text-sm text-stone-800">
      <p className="font-medium">{report.dryRun ? "Preview: nothing was changed. An erasure would:" : "Erased. What was done:"}</p>
      <p className="mt-2 font-medium">{report.dryRun ? "Delete" : "Deleted"}</p>
      {list(report.deleted)}
      <p className="mt-2 font-medium">{report.dryRun ? "Replace" : "Replaced"}</p>
      {list(report.replaced)}
      <p className="mt-2 font-medium">Keep, and why</p>
      {list(report.kept)}
    </section>
  );
}
