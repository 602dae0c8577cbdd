"use client";

import { useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { TACTICAL_HINT, TOPIC_CATEGORIES, TOPIC_CATEGORY_LABELS, TOPIC_TEXT_MAX, type TopicCategory, type TopicKind } from "@/lib/topics/constants";

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>;
  hidden: Record<string, string>;
  submitLabel: string;
  idPrefix: string;
  initial?: { text: string; kind: TopicKind; category: TopicCategory };
};

/** Add or edit a topic. Choosing "tactical" shows a short hint, and the choice stands. */
export function TopicForm({ action, hidden, submitLabel, idPrefix, initial }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const [kind, setKind] = useState<TopicKind>(initial?.kind ?? "strategic");
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && !initial) {
      form.current?.reset();
      setKind("strategic");
    }
  }, [state, initial]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const id = (name: string) => `${idPrefix}-${name}`;
  const scoped = errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [id(k), v]));
  const invalid = (name: string) => ({ "aria-invalid": Boolean(errors?.[name]), "aria-describedby": errors?.[name] ? `${id(name)}-error` : undefined });
  return (
    <form ref={form} {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={state} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field label="Topic" name={id("text")} errors={scoped}>
        <textarea id={id("text")} name="text" rows={2} maxLength={TOPIC_TEXT_MAX + 50} defaultValue={initial?.text} className={inputClass} {...invalid("text")} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Kind" name={id("kind")} errors={scoped}>
          <select id={id("kind")} name="kind" value={kind} onChange={(e) => setKind(e.target.value as TopicKind)} className={inputClass} {...invalid("kind")}>
            <option value="strategic">Strategic</option>
            <option value="tactical">Tactical</option>
          </select>
        </Field>
        <Field label="Category" name={id("category")} errors={scoped}>
          <select id={id("category")} name="category" defaultValue={initial?.category ?? "other"} className={inputClass} {...invalid("category")}>
            {TOPIC_CATEGORIES.map((c) => (
              <option key={c} value={c}>{TOPIC_CATEGORY_LABELS[c]}</option>
            ))}
          </select>
        </Field>
      </div>
      <p aria-live="polite" className="text-sm text-amber-900">
        {kind === "tactical" ? TACTICAL_HINT : ""}
      </p>
      <div>
        <button className={buttonClass} disabled={pending}>{pending ? "Saving..." : submitLabel}</button>
      </div>
    </form>
  );
}
