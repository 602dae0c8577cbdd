"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FieldError, FormMessage, inputClass, fieldAria } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { CADENCE_LABELS, WEEKDAY_LABELS } from "@/lib/labels";
import { DEFAULT_BUFFER_MINUTES, DEFAULT_LUNCH } from "@/lib/schedule-defaults";
import { TimeZoneSelect } from "@/components/ui/TimeZoneSelect";

type Created = { seriesId: string; meetingId: string; reportName: string; scheduledAt: Date }[];
type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<Created> | undefined>;
  reports: { id: string; name: string }[];
  preselected: string[];
  templates: { id: string; name: string }[];
  defaultStartDate: string;
  timeZones: readonly string[];
  /** The manager's own zone; null until they choose one (the browser's guess is preselected). */
  ownTimeZone: string | null;
};

export function StartSeriesForm({ action, reports, preselected, templates, defaultStartDate, timeZones, ownTimeZone }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const invalid = (name: string) => fieldAria(errors, name);
  return (
    <form {...formProps} className="flex flex-col gap-5" noValidate>
      <FormMessage result={state} />
      <fieldset>
        <legend className="text-sm font-medium text-stone-800">With</legend>
        <div className="mt-2 grid gap-1 sm:grid-cols-2">
          {reports.map((r) => (
            <label key={r.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="reportIds" value={r.id} defaultChecked={preselected.length ? preselected.includes(r.id) : true} />
              {r.name}
            </label>
          ))}
        </div>
        <FieldError id="reportIds-error" messages={errors?.reportIds} />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Cadence" name="cadence" errors={errors}>
          <select id="cadence" name="cadence" defaultValue="weekly" className={inputClass} {...invalid("cadence")}>
            {Object.entries(CADENCE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Weekday" name="weekday" errors={errors}>
          <select id="weekday" name="weekday" defaultValue="2" className={inputClass} {...invalid("weekday")}>
            {WEEKDAY_LABELS.map((d, i) => (
              <option key={d} value={i + 1}>
                {d}
              </option>
            ))}
          </select>
        </Field>
        <Field label="First start time" name="startTime" errors={errors} hint="Later meetings follow, with a buffer between them and none over lunch.">
          <input id="startTime" name="startTime" type="time" defaultValue="10:00" className={inputClass} {...invalid("startTime")} />
        </Field>
        <Field label="Duration (minutes)" name="durationMinutes" errors={errors}>
          <input
            id="durationMinutes"
            name="durationMinutes"
            type="number"
            min={15}
            max={120}
            step={5}
            defaultValue={30}
            className={inputClass}
            {...invalid("durationMinutes")}
          />
        </Field>
        <Field label="Buffer between meetings (minutes)" name="bufferMinutes" errors={errors}>
          <input
            id="bufferMinutes"
            name="bufferMinutes"
            type="number"
            min={0}
            max={60}
            step={5}
            defaultValue={DEFAULT_BUFFER_MINUTES}
            className={inputClass}
            {...invalid("bufferMinutes")}
          />
        </Field>
        <Field label="Lunch from" name="lunchStart" errors={errors} hint="Clear both lunch times for no break.">
          <input id="lunchStart" name="lunchStart" type="time" defaultValue={DEFAULT_LUNCH.start} className={inputClass} {...invalid("lunchStart")} />
        </Field>
        <Field label="Lunch until" name="lunchEnd" errors={errors}>
          <input id="lunchEnd" name="lunchEnd" type="time" defaultValue={DEFAULT_LUNCH.end} className={inputClass} {...invalid("lunchEnd")} />
        </Field>
        <Field label="Time zone" name="timeZone" errors={errors} hint={ownTimeZone ? "Your own time zone, from your settings." : "Guessed from your browser."}>
          <TimeZoneSelect id="timeZone" name="timeZone" zones={timeZones} value={ownTimeZone} fallback="UTC" invalid={invalid("timeZone")} />
        </Field>
        <Field label="Format" name="format" errors={errors}>
          <select id="format" name="format" defaultValue="unstructured" className={inputClass} {...invalid("format")}>
            <option value="unstructured">Unstructured</option>
            <option value="structured">Structured (goals, mentorship)</option>
          </select>
        </Field>
        <Field label="First week starting" name="startDate" errors={errors}>
          <input id="startDate" name="startDate" type="date" defaultValue={defaultStartDate} className={inputClass} {...invalid("startDate")} />
        </Field>
        <Field label="First-meeting agenda" name="templateId" errors={errors}>
          <select id="templateId" name="templateId" defaultValue="" className={inputClass} {...invalid("templateId")}>
            <option value="">My latest first-meeting template</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {ownTimeZone ? null : (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="rememberTimeZone" value="on" defaultChecked />
          Also make this time zone my own (you can change it in Settings)
        </label>
      )}
      <div>
        <button className={buttonClass} disabled={pending}>
          {pending ? "Starting..." : "Start one-on-ones"}
        </button>
      </div>
    </form>
  );
}
