"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { aria, type FormAction } from "./formKit";

export function ThresholdForm({ action, threshold }: { action: FormAction; threshold: number }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3" noValidate>
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800">
          Threshold saved.
        </p>
      ) : null}
      <Field label="Team themes threshold (people per category, at least 3)" name="threshold" errors={errors}>
        <input id="threshold" name="threshold" type="number" min={3} defaultValue={threshold} className={inputClass} {...aria(errors, "threshold")} />
      </Field>
      <button className={secondaryButtonClass} disabled={pending}>
        Save threshold
      </button>
    </form>
  );
}
