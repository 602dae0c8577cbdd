"use client";

import { useState } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import { sliceWhole } from "@/lib/text";
import { aria, type FormAction } from "./formKit";

type Option = { id: string; name: string };

/** Exception 2: the manager asks the report to let one person read one excerpt. */
export function ShareRequestForm(props: { action: FormAction; meetingId: string; people: Option[]; topics: { id: string; text: string }[] }) {
  const { state, formProps, pending } = useActionForm(props.action);
  const [source, setSource] = useState("private_note");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800">
          Request sent. Nothing is shared unless your report approves.
        </p>
      ) : null}
      <input type="hidden" name="meetingId" value={props.meetingId} />
      <Field label="Excerpt from" name="source" errors={errors}>
        <select id="source" name="source" value={source} onChange={(e) => setSource(e.target.value)} className={inputClass}>
          <option value="private_note">My private notes of this meeting</option>
          <option value="topic" disabled={!props.topics.length}>
            A topic of this meeting
          </option>
        </select>
      </Field>
      {source === "topic" ? (
        <Field label="Topic" name="topicId" errors={errors}>
          <select id="topicId" name="topicId" className={inputClass} {...aria(errors, "topicId")}>
            {props.topics.map((t) => (
              <option key={t.id} value={t.id}>
                {sliceWhole(t.text, 0, 80)}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field label="Excerpt (copied exactly)" name="excerpt" errors={errors}>
        <textarea id="excerpt" name="excerpt" rows={3} className={inputClass} {...aria(errors, "excerpt")} />
      </Field>
      <Field label="Share with" name="recipientId" errors={errors}>
        <select id="recipientId" name="recipientId" className={inputClass} {...aria(errors, "recipientId")}>
          {props.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Why" name="reason" errors={errors}>
        <textarea id="reason" name="reason" rows={2} className={inputClass} {...aria(errors, "reason")} />
      </Field>
      <button className={buttonClass} disabled={pending}>
        Ask my report
      </button>
    </form>
  );
}

/** Exception 3: recorded once, never edited or deleted. */
export function EscalationForm({ action, seriesId }: { action: FormAction; seriesId: string }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  if (state?.ok)
    return (
      <p role="status" className="text-sm text-teal-800">
        The safety escalation is recorded. Your report sees it in their access log.
      </p>
    );
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={state} />
      <input type="hidden" name="seriesId" value={seriesId} />
      <Field label="Reason" name="escalationReason" errors={errors ? { escalationReason: errors.reason } : undefined}>
        <textarea
          id="escalationReason"
          name="reason"
          rows={3}
          className={inputClass}
          {...aria(errors ? { escalationReason: errors.reason } : undefined, "escalationReason")}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="confirm" value="yes" /> This record cannot be edited or deleted, and my report will see it.
      </label>
      {errors?.confirm ? (
        <p className="text-sm text-red-700" role="alert">
          {errors.confirm.join(" ")}
        </p>
      ) : null}
      <button className={buttonClass} disabled={pending}>
        Record safety escalation
      </button>
    </form>
  );
}

/** Exception 1: the report's switch per topic. */
export function KeepOutToggle({ action, topicId, keepOut, text }: { action: FormAction; topicId: string; keepOut: boolean; text: string }) {
  const { state, formProps, pending } = useActionForm(action);
  const [checked, setChecked] = useState(keepOut);
  return (
    <form
      action={formProps.action}
      onSubmit={(e) => {
        formProps.onSubmit(e);
        setChecked((c) => !c);
      }}
      className="flex flex-wrap items-center gap-2 py-1 text-sm"
    >
      <input type="hidden" name="topicId" value={topicId} />
      <input type="hidden" name="keepOut" value={String(!checked)} />
      <span dir="auto" className="min-w-0 flex-1 wrap-anywhere">
        {text}
      </span>
      <button
        className="rounded border border-stone-300 px-2 py-1 text-xs aria-checked:border-teal-800 aria-checked:bg-teal-50 aria-checked:text-teal-900"
        role="switch"
        aria-checked={checked}
        aria-label={`Keep out of team themes: ${text}`}
        disabled={pending}
      >
        Keep out of team themes<span aria-hidden="true">{checked ? " · on" : " · off"}</span>
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
