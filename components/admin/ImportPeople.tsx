"use client";

import { useState, type FormEvent } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { Card } from "@/components/ui/Card";
import { buttonClass, FieldError, FormMessage, inputClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import type { ImportOutcome, PlannedRow, PreviewScreen } from "@/lib/server/people-import";
import { IMPORT_LIMITS_TEXT, IMPORT_MAX_BYTES, tooLargeMessage } from "@/lib/validation/people-import-limits";

type PreviewAction = (prev: unknown, formData: FormData) => Promise<ActionResult<PreviewScreen>>;
type ConfirmAction = (prev: unknown, formData: FormData) => Promise<ActionResult<ImportOutcome>>;
type Screen = Extract<PreviewScreen, { ok: true }>;

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

const SAMPLE = "email,name,manager_email,role\nsam.lee@example.com,Sam Lee,priya@example.com,member";

/**
 * The admin's people import: choose or paste a CSV, read the server's preview row by row, then
 * confirm. Confirming sends the previewed text back; the server plans it again and applies it
 * whole or not at all.
 */
export function ImportPeople({ preview, confirm }: { preview: PreviewAction; confirm: ConfirmAction }) {
  const p = useActionForm(preview);
  const c = useActionForm(confirm);
  const [localError, setLocalError] = useState<string | null>(null);
  const screen = p.state?.ok && p.state.data.ok ? p.state.data : null;
  const fileError = p.state?.ok && !p.state.data.ok ? p.state.data.error : null;
  const confirmedFor = c.state?.ok ? c.state.data.planHash : (c.state?.details as { planHash?: string } | undefined)?.planHash;
  // A confirm's answer belongs to the preview it confirmed; a newer preview replaces it.
  const confirmation = c.state && (!screen || confirmedFor === screen.planHash) ? c.state : null;

  // A file or pasted text over the limit is answered here, before it is sent (the server says the same).
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    const pasted = (event.currentTarget.elements.namedItem("csv") as HTMLTextAreaElement | null)?.value ?? "";
    const bytes = file && file.size > 0 ? file.size : new Blob([pasted]).size;
    if (bytes > IMPORT_MAX_BYTES) {
      event.preventDefault();
      setLocalError(tooLargeMessage(bytes));
      return;
    }
    setLocalError(null);
    p.formProps.onSubmit(event);
  };
  const errors = p.state && !p.state.ok ? p.state.fieldErrors : undefined;

  return (
    <Card title="Import people from a CSV">
      <div className="flex flex-col gap-4">
        <div className="text-sm text-stone-700">
          <p>
            One person per line, after a first line naming the columns <code>email</code>, <code>name</code>, <code>manager_email</code> and <code>role</code>{" "}
            (admin or member). An empty manager or role leaves it as it is; new people get an invitation. You see what would change before anything is written;
            importing the same file again changes nothing. Limits: {IMPORT_LIMITS_TEXT}.
          </p>
          <pre className="mt-2 overflow-x-auto rounded-md bg-stone-50 p-2 text-xs text-stone-800">{SAMPLE}</pre>
        </div>
        <form {...p.formProps} onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
          <FormMessage result={p.state} />
          {localError || fileError ? (
            <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
              {localError ?? fileError}
            </p>
          ) : null}
          <div className="flex flex-col gap-1">
            <label htmlFor="import-file" className="text-sm font-medium text-stone-800">
              CSV file
            </label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,text/csv,text/plain"
              className="text-sm text-stone-800"
              aria-invalid={Boolean(errors?.file)}
              aria-describedby={errors?.file ? "file-error" : undefined}
            />
            <FieldError id="file-error" messages={errors?.file} />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="import-csv" className="text-sm font-medium text-stone-800">
              Or paste the CSV text
            </label>
            <textarea
              id="import-csv"
              name="csv"
              rows={4}
              className={`${inputClass} font-mono text-xs`}
              aria-invalid={Boolean(errors?.csv)}
              aria-describedby={errors?.csv ? "csv-error" : undefined}
            />
            <FieldError id="csv-error" messages={errors?.csv} />
          </div>
          <div>
            <button className={buttonClass} disabled={p.pending}>
              {p.pending ? "Reading..." : "Preview import"}
            </button>
          </div>
        </form>
        {confirmation?.ok ? <Imported outcome={confirmation.data} /> : null}
        {screen && !confirmation?.ok ? (
          <div className="flex flex-col gap-3">
            <Summary screen={screen} />
            {confirmation && !confirmation.ok ? <FormMessage result={confirmation} /> : null}
            <ConfirmOrNot screen={screen} formProps={c.formProps} pending={c.pending} />
            <PreviewTable screen={screen} />
          </div>
        ) : null}
        {!screen && confirmation && !confirmation.ok ? <FormMessage result={confirmation} /> : null}
      </div>
    </Card>
  );
}

function Summary({ screen }: { screen: Screen }) {
  const { counts } = screen;
  const parts = [
    `${counts.create} to create`,
    `${counts.update} to update`,
    `${plural(counts.linesAdded, "reporting line")} to add`,
    `${counts.linesChanged} to change`,
    `${counts.unchanged} unchanged`,
  ];
  return (
    <p role="status" className="text-sm text-stone-800">
      Preview of {screen.totalRows.toLocaleString("en")} {screen.totalRows === 1 ? "row" : "rows"}: {parts.join(", ")}.
      {screen.errorCount ? (
        <strong className="text-red-800">
          {" "}
          {screen.errorCount} {screen.errorCount === 1 ? "row has errors" : "rows have errors"}: fix the file and preview it again. Nothing was written.
        </strong>
      ) : (
        " Nothing is written until you import."
      )}
    </p>
  );
}

function ConfirmOrNot({ screen, formProps, pending }: { screen: Screen; formProps: ReturnType<typeof useActionForm>["formProps"]; pending: boolean }) {
  if (screen.errorCount) return null;
  const { counts } = screen;
  if (counts.create + counts.update + counts.linesAdded + counts.linesChanged === 0) {
    return <p className="text-sm text-stone-700">Everything in this file is already so: there is nothing to import.</p>;
  }
  return (
    <form {...formProps}>
      <input type="hidden" name="csv" value={screen.text} />
      <input type="hidden" name="planHash" value={screen.planHash} />
      <button className={buttonClass} disabled={pending}>
        {pending ? "Importing..." : "Import these people"}
      </button>
    </form>
  );
}

function whatHappens(row: PlannedRow): string[] {
  const out: string[] = [];
  if (row.person === "create") out.push(`New ${row.role === "admin" ? "admin" : "member"}, invited`);
  if (row.before.name !== undefined) out.push(`Name: ${row.before.name} → ${row.name}`);
  if (row.before.role !== undefined) out.push(`Role: ${row.before.role} → ${row.role}`);
  if (row.lineChange === "add") out.push(`Reports to ${row.managerEmail} from today`);
  if (row.lineChange === "change") out.push(`Manager: ${row.before.managerEmail ?? "none"} → ${row.managerEmail}, from today`);
  return out.length ? out : ["Unchanged"];
}

function PreviewTable({ screen }: { screen: Screen }) {
  return (
    <div className="overflow-x-auto">
      {screen.totalRows > screen.rows.length ? (
        <p className="mb-2 text-xs text-stone-600">
          Showing {screen.rows.length} of {screen.totalRows.toLocaleString("en")} rows: rows with errors first, then changes.
        </p>
      ) : null}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">What the import would do, row by row</caption>
        <thead className="text-stone-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Line
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Email
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Manager
            </th>
            <th scope="col" className="py-2 font-medium">
              What happens
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {screen.rows.map((row) => (
            <tr key={row.line} className={row.errors.length ? "bg-red-50" : undefined}>
              <td className="py-2 pr-3 align-top text-stone-600">{row.line}</td>
              <td className="py-2 pr-3 align-top wrap-anywhere">{row.email}</td>
              <td dir="auto" className="py-2 pr-3 align-top wrap-anywhere">
                {row.name}
              </td>
              <td className="py-2 pr-3 align-top wrap-anywhere">{row.managerEmail ?? ""}</td>
              <td className="py-2 align-top">
                <ul className={row.errors.length ? "text-red-800" : "text-stone-800"}>
                  {(row.errors.length ? row.errors : whatHappens(row)).map((text, i) => (
                    <li key={i} className="wrap-anywhere">
                      {text}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Imported({ outcome }: { outcome: ImportOutcome }) {
  const rows = outcome.links.map((l) => `${l.email},${l.link}`).join("\n");
  return (
    <div className="flex flex-col gap-2">
      <p role="status" className="text-sm text-teal-800">
        Imported: {outcome.created} created, {outcome.updated} updated, {plural(outcome.linesAdded, "reporting line")} added, {outcome.linesChanged} changed.
      </p>
      {outcome.links.length ? (
        <div>
          <label htmlFor="import-links" className="text-sm text-stone-700">
            No mail server is configured: give each new person their link yourself (shown once, valid for 7 days).
          </label>
          <textarea
            id="import-links"
            readOnly
            rows={Math.min(10, outcome.links.length + 1)}
            value={rows}
            className={`${inputClass} mt-1 w-full font-mono text-xs`}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
    </div>
  );
}
