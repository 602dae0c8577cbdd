"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { FieldError, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

type Props = { action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>; meetingId: string; date: string; time: string; label: string };

/** Moves one meeting to another day or time, in the series' time zone. */
export function MoveMeetingForm({ action, meetingId, date, time, label }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const id = `move-${meetingId}`;
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="meetingId" value={meetingId} />
      <label className="flex flex-col text-xs text-stone-700">
        New date
        <input name="date" type="date" defaultValue={date} className={inputClass} aria-label={`New date for ${label}`} aria-describedby={errors ? `${id}-error` : undefined} />
      </label>
      <label className="flex flex-col text-xs text-stone-700">
        New time
        <input name="time" type="time" defaultValue={time} className={inputClass} aria-label={`New time for ${label}`} />
      </label>
      <button className={secondaryButtonClass} disabled={pending} aria-label={`Move ${label}`}>Move</button>
      <div className="w-full">
        <FieldError id={`${id}-error`} messages={errors ? [...(errors.date ?? []), ...(errors.time ?? [])] : state && !state.ok ? [state.error] : undefined} />
      </div>
    </form>
  );
}
