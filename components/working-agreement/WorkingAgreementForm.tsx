"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { AGREEMENT_TEXT_MAX } from "@/lib/topics/constants";

type Values = { goalsAndExpectations: string; feedbackPreferences: string; challenges: string; format: "structured" | "unstructured" };
type Props = { action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>; seriesId: string; values: Values };

const FIELDS = [
  ["goalsAndExpectations", "Goals and expectations"],
  ["feedbackPreferences", "How you like to give and receive feedback"],
  ["challenges", "Current challenges and concerns"],
] as const;

export function WorkingAgreementForm({ action, seriesId, values }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={state} />
      <input type="hidden" name="seriesId" value={seriesId} />
      {FIELDS.map(([name, label]) => (
        <Field key={name} label={label} name={name} errors={errors}>
          <textarea
            id={name}
            name={name}
            rows={3}
            maxLength={AGREEMENT_TEXT_MAX + 50}
            defaultValue={values[name]}
            className={inputClass}
            aria-invalid={Boolean(errors?.[name])}
          />
        </Field>
      ))}
      <Field
        label="Format"
        name="agreement-format"
        errors={errors && { "agreement-format": errors.format }}
        // The choices' meaning sits under the list, so a phone's narrow select shows each name whole.
        hint="Unstructured: whatever is on your mind that week. Structured: values, SMART goals, mentorship."
      >
        <select id="agreement-format" name="format" defaultValue={values.format} className={inputClass}>
          <option value="unstructured">Unstructured</option>
          <option value="structured">Structured</option>
        </select>
      </Field>
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>
          {pending ? "Saving..." : "Save working agreement"}
        </button>
        {state?.ok ? (
          <span role="status" className="text-sm text-stone-700">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
