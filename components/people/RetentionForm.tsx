"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { aria, type FormAction } from "@/components/confidentiality/formKit";

export function RetentionForm({ action, days }: { action: FormAction; days: number }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3" noValidate>
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800">
          Retention period saved.
        </p>
      ) : null}
      <Field label="Keep a leaver's private notes for (days)" name="days" errors={errors}>
        <input id="days" name="days" type="number" min={1} max={3650} defaultValue={days} className={inputClass} {...aria(errors, "days")} />
      </Field>
      <button className={secondaryButtonClass} disabled={pending}>
        Save retention period
      </button>
    </form>
  );
}
