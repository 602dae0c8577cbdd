"use client";

import { useRef, useState } from "react";
import { CharCounter } from "@/components/ui/CharCounter";
import { buttonClass, Field, FieldError, FormMessage, inputClass } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";
import { useFocusAfter } from "@/components/ui/useFocusAfter";
import type { ActionResult } from "@/lib/actions";
import { GOAL_FIELD_MAX, type GoalDraft, SMART_LABELS, SMART_PARTS, smartParts, todayUtc, addYears } from "@/lib/goals/smart";

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult | undefined>;
  hidden: Record<string, string>;
  initial?: Partial<GoalDraft>;
  submitLabel: string;
  idPrefix?: string;
};

const EMPTY: GoalDraft = {
  title: "",
  specific: "",
  measureKind: "numeric",
  metric: "",
  baseline: "",
  target: "",
  unit: "",
  doneCondition: "",
  achievable: "",
  relevant: "",
  dueDate: "",
};

/** The five SMART parts, with the same rules as the server shown live while the person types. */
export function GoalForm({ action, hidden, initial, submitLabel, idPrefix = "goal" }: Props) {
  const [draft, setDraft] = useState<GoalDraft>({ ...EMPTY, ...initial });
  const { state, formProps, pending } = useActionForm(action);
  const form = useRef<HTMLFormElement>(null);
  useFocusAfter(state, form);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const today = todayUtc();
  const parts = smartParts(draft, today);
  const id = (name: string) => `${idPrefix}-${name}`;
  const prefixed = errors ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [id(k), v])) : undefined;
  const limited = (name: keyof GoalDraft): name is keyof typeof GOAL_FIELD_MAX => name in GOAL_FIELD_MAX;
  const control = (name: keyof GoalDraft) => ({
    id: id(name),
    name,
    value: draft[name],
    // Typed text: the server's limit, and laid out in its own direction (right-to-left too).
    ...(limited(name) ? { maxLength: GOAL_FIELD_MAX[name], dir: "auto" } : {}),
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
    className: inputClass,
    "aria-invalid": Boolean(errors?.[name]),
    "aria-describedby": errors?.[name] ? `${id(name)}-error` : undefined,
  });
  const area = (name: keyof typeof GOAL_FIELD_MAX) => ({ ...control(name), rows: 2 });
  const counter = (name: keyof typeof GOAL_FIELD_MAX) => <CharCounter length={draft[name].length} max={GOAL_FIELD_MAX[name]} />;
  return (
    <form ref={form} {...formProps} className="grid gap-6 lg:grid-cols-3" noValidate>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="flex flex-col gap-4 lg:col-span-2">
        <FormMessage result={state} />
        {state?.ok ? (
          <p role="status" tabIndex={-1} data-focus-after className="text-sm text-teal-800">
            Goal saved.
          </p>
        ) : null}
        {state?.ok ? (
          <p role="status" className="text-sm text-teal-800">
            Saved.
          </p>
        ) : null}
        <Field label="Title" name={id("title")} errors={prefixed}>
          <input {...control("title")} />
          {counter("title")}
        </Field>
        <Field label="Specific: what exactly will be achieved?" name={id("specific")} errors={prefixed}>
          <textarea {...area("specific")} />
          {counter("specific")}
        </Field>
        <fieldset className="flex flex-col gap-3 rounded-md border border-stone-200 p-3">
          <legend className="px-1 text-sm font-medium text-stone-800">Measurable: how will you both know?</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {(["numeric", "done_condition"] as const).map((kind) => (
              <label key={kind} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="measureKind"
                  value={kind}
                  checked={draft.measureKind === kind}
                  onChange={() => setDraft((d) => ({ ...d, measureKind: kind }))}
                />
                {kind === "numeric" ? "A number to reach" : "A clear done condition"}
              </label>
            ))}
          </div>
          <FieldError id={`${id("measureKind")}-error`} messages={errors?.measureKind} />
          {draft.measureKind === "numeric" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Metric" name={id("metric")} errors={prefixed}>
                <input {...control("metric")} />
                {counter("metric")}
              </Field>
              <Field label="Unit (optional)" name={id("unit")} errors={prefixed}>
                <input {...control("unit")} />
                {counter("unit")}
              </Field>
              <Field label="Baseline (optional)" name={id("baseline")} errors={prefixed} hint="Where you start; 0 when empty.">
                <input {...control("baseline")} dir="ltr" inputMode="decimal" />
              </Field>
              <Field label="Target" name={id("target")} errors={prefixed}>
                <input {...control("target")} dir="ltr" inputMode="decimal" />
              </Field>
            </div>
          ) : (
            <Field label="Done when" name={id("doneCondition")} errors={prefixed}>
              <textarea {...area("doneCondition")} />
              {counter("doneCondition")}
            </Field>
          )}
        </fieldset>
        <Field label="Achievable: how, and with what support?" name={id("achievable")} errors={prefixed}>
          <textarea {...area("achievable")} />
          {counter("achievable")}
        </Field>
        <Field label="Relevant: why does it matter?" name={id("relevant")} errors={prefixed}>
          <textarea {...area("relevant")} />
          {counter("relevant")}
        </Field>
        <Field label="Time-bound: due date" name={id("dueDate")} errors={prefixed}>
          <input {...control("dueDate")} type="date" min={today} max={addYears(today, 2)} />
        </Field>
        <div>
          <button className={buttonClass} disabled={pending}>
            {pending ? "Saving..." : submitLabel}
          </button>
        </div>
      </div>
      <aside aria-label="SMART check" className="self-start rounded-md border border-stone-200 bg-stone-50 p-3 text-sm">
        <h3 className="mb-2 font-semibold text-stone-900">SMART check</h3>
        <ul className="flex flex-col gap-2">
          {SMART_PARTS.map((p) => (
            <li key={p} data-testid={`smart-${p}`} data-met={parts[p].met}>
              <span className={parts[p].met ? "font-medium text-teal-800" : "font-medium text-amber-800"}>
                {parts[p].met ? "✓" : "○"} {SMART_LABELS[p]}: {parts[p].met ? "met" : "not yet"}
              </span>
              {parts[p].messages.length ? <span className="block text-stone-700">{parts[p].messages[0]}</span> : null}
              {parts[p].hints.map((hint) => (
                <span key={hint} data-testid="smart-hint" className="block text-stone-700">
                  Hint: {hint}
                </span>
              ))}
            </li>
          ))}
        </ul>
      </aside>
    </form>
  );
}
