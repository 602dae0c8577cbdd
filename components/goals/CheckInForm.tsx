"use client";

import { useEffect, useRef } from "react";
import { buttonClass, Field, FormMessage, inputClass, fieldAria } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";
import { useFocusAfter } from "@/components/ui/useFocusAfter";
import type { ActionResult } from "@/lib/actions";

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult | undefined>;
  goalId: string;
  measureKind: "numeric" | "done_condition";
  target: number | null;
  unit: string | null;
  today: string;
};

export function CheckInForm({ action, goalId, measureKind, target, unit, today }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  useFocusAfter(state, form);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const invalid = (name: string) => fieldAria(errors, name);
  const numeric = measureKind === "numeric";
  return (
    <form ref={form} {...formProps} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="goalId" value={goalId} />
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" tabIndex={-1} data-focus-after className="text-sm text-teal-800">
          Check-in saved.
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {numeric ? (
          <Field label={`Current value${unit ? ` (${unit})` : ""}`} name="value" errors={errors} hint={target !== null ? `Target: ${target}` : undefined}>
            <input id="value" name="value" inputMode="decimal" className={inputClass} {...invalid("value")} />
          </Field>
        ) : (
          <Field label="Progress (%)" name="percent" errors={errors} hint="From 0 to 100.">
            <input id="percent" name="percent" type="number" min={0} max={100} className={inputClass} {...invalid("percent")} />
          </Field>
        )}
        <Field label="Date" name="checkedOn" errors={errors}>
          <input id="checkedOn" name="checkedOn" type="date" defaultValue={today} max={today} className={inputClass} {...invalid("checkedOn")} />
        </Field>
      </div>
      <Field label="Note" name="note" errors={errors}>
        <textarea id="note" name="note" rows={2} className={inputClass} {...invalid("note")} />
      </Field>
      <div>
        <button className={buttonClass} disabled={pending}>
          {pending ? "Saving..." : "Add check-in"}
        </button>
      </div>
    </form>
  );
}
