"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass, secondaryButtonClass, fieldAria } from "@/components/ui/Field";
import { PersonSelect } from "@/components/ui/PersonSelect";
import type { ActionResult } from "@/lib/actions";

type Preview = {
  confirmed: boolean;
  personName: string;
  coveringName: string | null;
  /** `when` is the meeting's time as the server wrote it out (in the series' zone). */
  meetings: { seriesId: string; withName: string; at: Date; when: string; meetingId: string | null }[];
};
type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<Preview> | undefined>;
  people: { id: string; name: string }[];
  candidates: { id: string; name: string }[];
  defaultDay: string;
};

/**
 * Marks someone on leave in two steps: "Review" lists the meetings the leave cancels and changes
 * nothing; "Confirm leave" cancels them all at once. The leave list above offers the undo.
 */
export function LeaveForm({ action, people, candidates, defaultDay }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const invalid = (name: string) => fieldAria(errors, name);
  const preview = state?.ok && !state.data.confirmed ? state.data : null;
  const done = state?.ok && state.data.confirmed ? state.data : null;
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      {state && !state.ok ? <FormMessage result={state} /> : null}
      {done ? (
        <p role="status" className="rounded-md border border-teal-200 bg-teal-50 px-3 py-2 text-sm text-teal-900">
          {done.personName} is on leave. {done.meetings.length} {done.meetings.length === 1 ? "meeting was" : "meetings were"} cancelled
          {done.coveringName ? `; ${done.coveringName} covers` : ""}. You can undo it in the list above.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <PersonSelect name="personId" label="Who is on leave" people={people} errors={errors} />
        <Field label="First day" name="startsOn" errors={errors}>
          <input id="startsOn" name="startsOn" type="date" defaultValue={defaultDay} className={inputClass} {...invalid("startsOn")} />
        </Field>
        <Field label="Last day" name="endsOn" errors={errors}>
          <input id="endsOn" name="endsOn" type="date" defaultValue={defaultDay} className={inputClass} {...invalid("endsOn")} />
        </Field>
        <PersonSelect name="coveringManagerId" label="Covering manager (your own leave only)" people={candidates} errors={errors} none="Nobody" />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="keepMeetings" value="on" />
        The covering manager holds my one-on-ones (otherwise they are cancelled)
      </label>
      {preview ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {preview.meetings.length ? (
            <>
              <p>
                Marking {preview.personName} on leave cancels {preview.meetings.length === 1 ? "this meeting" : `these ${preview.meetings.length} meetings`};
                their open topics and action items move to the first meeting after the leave:
              </p>
              <ul className="ml-4 list-disc">
                {preview.meetings.map((m) => (
                  <li key={`${m.seriesId}-${m.at.toString()}`}>
                    {m.when} with {m.withName}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No meeting falls in this leave{preview.coveringName ? `; ${preview.coveringName} will cover` : ""}.</p>
          )}
          <button name="confirm" value="on" className={`${buttonClass} mt-2`} disabled={pending}>
            Confirm leave
          </button>
        </div>
      ) : null}
      <div>
        <button className={secondaryButtonClass} disabled={pending}>
          {pending ? "Checking..." : "Review the leave"}
        </button>
      </div>
    </form>
  );
}
