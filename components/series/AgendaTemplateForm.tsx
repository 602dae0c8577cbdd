"use client";

import Link from "next/link";
import { Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";
import { aria, type FormAction } from "@/components/confidentiality/formKit";

type Choice = { id: string; name: string };

/** The built-in templates, then one's own, as the options of a select. */
function TemplateOptions({ builtin, own }: { builtin: Choice[]; own: Choice[] }) {
  const options = (list: Choice[]) =>
    list.map((t) => (
      <option key={t.id} value={t.id}>
        {t.name}
      </option>
    ));
  return (
    <>
      <optgroup label="Built-in">{options(builtin)}</optgroup>
      {own.length ? <optgroup label="My templates">{options(own)}</optgroup> : null}
    </>
  );
}

/** Which template each new meeting of the series starts from (the meetings already planned keep theirs). */
export function AgendaTemplateForm({
  action,
  seriesId,
  choices,
}: {
  action: FormAction;
  seriesId: string;
  choices: { current: string | null; builtin: Choice[]; own: Choice[]; currentMissing: boolean };
}) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="seriesId" value={seriesId} />
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" className="w-full text-sm text-teal-800">
          Saved. The next meeting that is planned starts from it.
        </p>
      ) : null}
      <Field
        label="New meetings start from"
        name="template"
        errors={errors}
        hint={choices.currentMissing ? "The template chosen before was deleted: new meetings start blank until you choose again." : undefined}
      >
        <select
          id="template"
          name="template"
          defaultValue={choices.currentMissing ? "" : (choices.current ?? "")}
          className={inputClass}
          {...aria(errors, "template")}
        >
          <option value="">A blank agenda</option>
          <TemplateOptions builtin={choices.builtin} own={choices.own} />
        </select>
      </Field>
      <button className={secondaryButtonClass} disabled={pending}>
        Save template
      </button>
      <p className="w-full text-xs text-stone-600">
        <Link href="/templates" className="text-teal-800 underline">
          Your templates
        </Link>{" "}
        can be edited or copied from the built-in ones.
      </p>
    </form>
  );
}

/** Adds a template's content to the agenda of one meeting that has not started. */
export function ApplyTemplateForm({
  action,
  meetings,
  choices,
}: {
  action: FormAction;
  meetings: { id: string; label: string }[];
  choices: { builtin: Choice[]; own: Choice[] };
}) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  if (meetings.length === 0) return null;
  return (
    <form {...formProps} className="mt-5 flex flex-wrap items-end gap-3 border-t border-stone-100 pt-4" noValidate>
      <h3 className="w-full text-sm font-semibold text-stone-900">Add a template to one meeting</h3>
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" className="w-full text-sm text-teal-800">
          Added to that meeting&apos;s agenda, after what was there.
        </p>
      ) : null}
      <Field label="Meeting" name="meetingId" errors={errors}>
        <select id="meetingId" name="meetingId" className={inputClass} {...aria(errors, "meetingId")}>
          {meetings.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Template" name="apply-template" errors={errors ? { "apply-template": errors.template } : undefined}>
        <select
          id="apply-template"
          name="template"
          className={inputClass}
          {...aria(errors ? { "apply-template": errors.template } : undefined, "apply-template")}
        >
          <TemplateOptions builtin={choices.builtin} own={choices.own} />
        </select>
      </Field>
      <button className={secondaryButtonClass} disabled={pending}>
        Add to agenda
      </button>
    </form>
  );
}
