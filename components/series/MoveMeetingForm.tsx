"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { FieldError, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

type Clash = { at: Date; when: string; durationMinutes: number; withName: string | null };
type Moved = { moved: boolean; scheduledAt: Date; changeId: string | null; clashes: Clash[] };
type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<Moved> | undefined>;
  meetingId: string;
  date: string;
  time: string;
  label: string;
};

/**
 * Moves one meeting to another day or time, in the series' time zone. A time that overlaps
 * another of the manager's meetings is not moved at once: the clash is shown, with "Move anyway".
 */
export function MoveMeetingForm({ action, meetingId, date, time, label }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const id = `move-${meetingId}`;
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="meetingId" value={meetingId} />
      <label className="flex flex-col text-xs text-stone-700">
        New date
        <input
          name="date"
          type="date"
          defaultValue={date}
          className={inputClass}
          aria-label={`New date for ${label}`}
          aria-describedby={errors ? `${id}-error` : undefined}
        />
      </label>
      <label className="flex flex-col text-xs text-stone-700">
        New time
        <input name="time" type="time" defaultValue={time} className={inputClass} aria-label={`New time for ${label}`} />
      </label>
      <button className={secondaryButtonClass} disabled={pending} aria-label={`Move ${label}`}>
        Move
      </button>
      {state?.ok && !state.data.moved ? (
        <div role="alert" className="w-full rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p>This overlaps {state.data.clashes.length === 1 ? "another meeting" : "other meetings"} of the manager:</p>
          <ul className="ml-4 list-disc">
            {state.data.clashes.map((c) => (
              <li key={c.at.toString()}>
                {c.when}, {c.durationMinutes} minutes{c.withName ? ` with ${c.withName}` : ""}
              </li>
            ))}
          </ul>
          <button name="confirmOverlap" value="on" className={`${secondaryButtonClass} mt-2`} disabled={pending} aria-label={`Move ${label} anyway`}>
            Move anyway
          </button>
        </div>
      ) : null}
      <div className="w-full">
        <FieldError id={`${id}-error`} messages={errors ? [...(errors.date ?? []), ...(errors.time ?? [])] : state && !state.ok ? [state.error] : undefined} />
      </div>
    </form>
  );
}
