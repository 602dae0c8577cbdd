"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { CADENCE_LABELS, WEEKDAY_LABELS } from "@/lib/labels";

type Settings = { cadence: string; weekday: number; startTime: string; durationMinutes: number; timeZone: string; format: string };
type Props = { action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>; seriesId: string; settings: Settings };

/** Cadence, time and format; a new timing applies from the next meeting on, the past stays. */
export function SeriesSettingsForm({ action, seriesId, settings }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const s = (name: string) => `settings-${name}`;
  const scoped = errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [s(k), v]));
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={state} />
      <input type="hidden" name="seriesId" value={seriesId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Cadence" name={s("cadence")} errors={scoped}>
          <select id={s("cadence")} name="cadence" defaultValue={settings.cadence} className={inputClass}>
            {Object.entries(CADENCE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Weekday" name={s("weekday")} errors={scoped}>
          <select id={s("weekday")} name="weekday" defaultValue={String(settings.weekday)} className={inputClass}>
            {WEEKDAY_LABELS.map((d, i) => (
              <option key={d} value={i + 1}>
                {d}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Start time" name={s("startTime")} errors={scoped}>
          <input id={s("startTime")} name="startTime" type="time" defaultValue={settings.startTime} className={inputClass} />
        </Field>
        <Field label="Duration (minutes)" name={s("durationMinutes")} errors={scoped}>
          <input
            id={s("durationMinutes")}
            name="durationMinutes"
            type="number"
            min={15}
            max={120}
            step={5}
            defaultValue={settings.durationMinutes}
            className={inputClass}
          />
        </Field>
        <Field label="Time zone" name={s("timeZone")} errors={scoped}>
          <input id={s("timeZone")} name="timeZone" defaultValue={settings.timeZone} className={inputClass} />
        </Field>
        <Field label="Format" name={s("format")} errors={scoped}>
          <select id={s("format")} name="format" defaultValue={settings.format} className={inputClass}>
            <option value="unstructured">Unstructured</option>
            <option value="structured">Structured</option>
          </select>
        </Field>
      </div>
      <p className="text-xs text-stone-600">A new cadence or time applies to meetings that have not started yet; past meetings stay as they were.</p>
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>
          {pending ? "Saving..." : "Save settings"}
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
