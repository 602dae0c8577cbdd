"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { aria, type FormAction } from "@/components/confidentiality/formKit";

/** One whole-number setting of the organization (the themes threshold, the notes retention) with its own save. */
export function NumberSettingForm({
  action,
  name,
  label,
  value,
  min,
  max,
  save,
  saved,
}: {
  action: FormAction;
  /** The field the action reads, and the input's id. */
  name: string;
  label: string;
  value: number;
  min: number;
  max?: number;
  /** The button's text, e.g. "Save threshold". */
  save: string;
  /** Said once the server has saved it, e.g. "Threshold saved." */
  saved: string;
}) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3" noValidate>
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800">
          {saved}
        </p>
      ) : null}
      <Field label={label} name={name} errors={errors}>
        <input id={name} name={name} type="number" min={min} max={max} defaultValue={value} className={inputClass} {...aria(errors, name)} />
      </Field>
      <button className={secondaryButtonClass} disabled={pending}>
        {save}
      </button>
    </form>
  );
}
