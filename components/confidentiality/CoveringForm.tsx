"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import { aria, type FormAction } from "./formKit";

/**
 * Names a covering manager. The list holds only people the server would accept (managers of
 * reports of their own, not the pair, not the person naming); nobody is preselected.
 */
export function CoveringForm({
  action,
  seriesId,
  people,
  today,
  lastStart,
  maxDays,
}: {
  action: FormAction;
  seriesId: string;
  people: { id: string; name: string }[];
  today: string;
  lastStart: string;
  maxDays: number;
}) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="mt-3 grid gap-3 sm:grid-cols-4 sm:items-end" noValidate>
      <div className="sm:col-span-4">
        <FormMessage result={state} />
      </div>
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800 sm:col-span-4">
          Covering manager named. The report and the covering manager get a mail.
        </p>
      ) : null}
      <p className="text-sm text-stone-600 sm:col-span-4">
        Only someone who manages reports of their own can cover, from today for at most {maxDays} days. For a longer leave, name someone again later.
      </p>
      <input type="hidden" name="seriesId" value={seriesId} />
      <Field label="Covering manager" name="coveringManagerId" errors={errors}>
        <select id="coveringManagerId" name="coveringManagerId" defaultValue="" className={inputClass} {...aria(errors, "coveringManagerId")}>
          <option value="" disabled>
            Choose a person
          </option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="First day" name="startsOn" errors={errors}>
        <input
          id="startsOn"
          name="startsOn"
          type="date"
          defaultValue={today}
          min={today}
          max={lastStart}
          className={inputClass}
          {...aria(errors, "startsOn")}
        />
      </Field>
      <Field label="Last day" name="endsOn" errors={errors}>
        <input id="endsOn" name="endsOn" type="date" defaultValue={today} min={today} className={inputClass} {...aria(errors, "endsOn")} />
      </Field>
      <button className={buttonClass} disabled={pending}>
        Name covering manager
      </button>
    </form>
  );
}
