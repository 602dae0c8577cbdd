"use client";

import { setTimeZoneAction } from "@/app/(app)/settings/time-zone-actions";
import { buttonClass, FieldError, FormMessage } from "@/components/ui/Field";
import { TimeZoneSelect } from "@/components/ui/TimeZoneSelect";
import { useActionForm } from "@/components/ui/useActionForm";

/** The person's own time zone: times are shown in it, and a bulk start suggests it. */
export function TimeZoneForm({ zones, value }: { zones: readonly string[]; value: string | null }) {
  const { state, formProps, pending } = useActionForm(setTimeZoneAction);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="flex flex-col gap-1">
        <label htmlFor="timeZone" className="text-sm font-medium text-stone-800">
          Time zone
        </label>
        <TimeZoneSelect
          id="timeZone"
          name="timeZone"
          zones={zones}
          value={value}
          fallback="UTC"
          invalid={{ "aria-invalid": Boolean(errors?.timeZone), "aria-describedby": errors?.timeZone ? "timeZone-error" : undefined }}
        />
        <FieldError id="timeZone-error" messages={errors?.timeZone} />
      </div>
      <button className={buttonClass} disabled={pending}>
        Save time zone
      </button>
      <div className="w-full text-sm">
        {state?.ok ? <p role="status">Saved: times now show in {state.data.timeZone}.</p> : <FormMessage result={state && !state.ok ? state : null} />}
        {!value && !state?.ok ? <p className="text-stone-600">Not chosen yet: the list shows your browser&apos;s zone. Save to keep it.</p> : null}
      </div>
    </form>
  );
}
