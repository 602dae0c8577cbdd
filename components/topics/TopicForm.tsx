"use client";

import { useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { useFocusAfter } from "@/components/ui/useFocusAfter";
import { createdId, itemElementId } from "@/components/ui/item-ids";
import { CharCounter, useCharCount } from "@/components/ui/CharCounter";
import { useDraft } from "@/components/ui/useDraft";
import { buttonClass, Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import {
  TACTICAL_HINT,
  TOPIC_CATEGORIES,
  TOPIC_CATEGORY_LABELS,
  TOPIC_KIND_LABELS,
  TOPIC_TEXT_MAX,
  type TopicCategory,
  type TopicKind,
} from "@/lib/topics/constants";

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>;
  hidden: Record<string, string>;
  submitLabel: string;
  idPrefix: string;
  /** An edit: the topic as loaded, with the version the server checks the edit against. */
  initial?: TopicVersion;
};

type TopicVersion = { text: string; kind: TopicKind; category: TopicCategory; version: number };

/** The topic as it now is, when the server refused an edit made from an older version (lib/server/topics.ts editTopic). */
export function changedTopicOf(state: ActionResult<unknown> | null | undefined): TopicVersion | null {
  if (!state || state.ok || state.code !== "conflict") return null;
  const current = (state.details as { current?: Partial<TopicVersion> } | undefined)?.current;
  if (!current || typeof current.text !== "string" || typeof current.version !== "number" || !current.kind || !current.category) return null;
  return { text: current.text, kind: current.kind, category: current.category, version: current.version };
}

const savedVersionOf = (state: ActionResult<unknown> | null | undefined) => {
  const version = state?.ok ? (state.data as { version?: unknown } | null)?.version : undefined;
  return typeof version === "number" ? version : null;
};

/**
 * Add or edit a topic. Choosing "tactical" shows a short hint, and the choice stands. An edit
 * carries the version it was loaded from: when the same person's other tab saved in between, the
 * server refuses it and the form shows the topic as it now is, keeping what was typed (saving
 * again then replaces it knowingly). An untouched edit form follows a newer version when the page
 * redraws; one being typed in keeps the version it started from.
 */
export function TopicForm({ action, hidden, submitLabel, idPrefix, initial }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const [kind, setKind] = useState<TopicKind>(initial?.kind ?? "strategic");
  const form = useRef<HTMLFormElement>(null);
  const count = useCharCount(initial?.text.length ?? 0);
  const { reset, setLength } = count;
  const text = useRef<HTMLTextAreaElement>(null);
  const categoryField = useRef<HTMLSelectElement>(null);
  // The version this edit is based on, and whether anything was typed or chosen since it was loaded.
  const [base, setBase] = useState(initial?.version ?? 0);
  const touched = useRef(false);
  const changed = changedTopicOf(state);
  const [used, setUsed] = useState<unknown>(null);
  const show = (t: TopicVersion) => {
    if (text.current) text.current.value = t.text;
    if (categoryField.current) categoryField.current.value = t.category;
    setKind(t.kind);
    setLength(t.text.length);
    setBase(t.version);
    touched.current = false;
  };
  useEffect(() => {
    const saved = savedVersionOf(state);
    if (saved !== null) {
      setBase(saved);
      touched.current = false;
    }
    // Refused as stale: what is typed stays; the next save is made knowing the current version.
    const current = changedTopicOf(state);
    if (current) setBase(current.version);
  }, [state]);
  const loadedVersion = initial?.version;
  useEffect(() => {
    if (!initial || loadedVersion === undefined || touched.current || loadedVersion <= base) return;
    show(initial);
    // Only a newer version from the server is followed, never a re-render of the same one.
  }, [loadedVersion]);
  // A new topic half-written survives a reload (this tab only); an edit starts from the stored text.
  const draft = useDraft(initial ? null : `topic:${idPrefix}:${hidden.meetingId ?? hidden.seriesId ?? ""}`, text, count.setLength);
  const { clear } = draft;
  // What was typed before the page's script ran reached no input handler: count it once the field is ours.
  useEffect(() => {
    if (text.current) count.setLength(text.current.value.length);
  }, [count.setLength]);
  useEffect(() => {
    if (state?.ok && !initial) {
      form.current?.reset();
      setKind("strategic");
      reset();
      clear();
    }
  }, [state, initial, reset, clear]);
  useFocusAfter(state, form, (data) => {
    const id = createdId(data);
    return id ? itemElementId("topic", id) : null;
  });
  // Once the person took the current text, the refusal is answered.
  const shown = used === state ? null : state;
  const errors = shown && !shown.ok ? shown.fieldErrors : undefined;
  const id = (name: string) => `${idPrefix}-${name}`;
  const scoped = errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [id(k), v]));
  const invalid = (name: string) => ({ "aria-invalid": Boolean(errors?.[name]), "aria-describedby": errors?.[name] ? `${id(name)}-error` : undefined });
  return (
    <form ref={form} {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={shown} />
      {state?.ok && !initial ? (
        <p role="status" tabIndex={-1} data-focus-after className="text-sm text-teal-800">
          Topic added.
        </p>
      ) : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {initial ? <input type="hidden" name="baseVersion" value={base} /> : null}
      <Field label="Topic" name={id("text")} errors={scoped}>
        <textarea
          id={id("text")}
          name="text"
          rows={2}
          maxLength={TOPIC_TEXT_MAX}
          dir="auto"
          ref={text}
          onInput={(e) => {
            touched.current = true;
            count.onInput(e);
            draft.onInput(e);
          }}
          defaultValue={initial?.text}
          className={inputClass}
          {...invalid("text")}
        />
        <CharCounter length={count.length} max={TOPIC_TEXT_MAX} />
      </Field>
      {changed && shown ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-stone-800" data-testid="topic-changed">
          <p className="font-medium">It now reads:</p>
          <p dir="auto" className="mt-1 wrap-anywhere whitespace-pre-wrap" data-testid="topic-current-text">
            {changed.text}
          </p>
          <p className="mt-1 text-xs text-stone-700">
            {TOPIC_KIND_LABELS[changed.kind]} · {TOPIC_CATEGORY_LABELS[changed.category]}. Your text is still in the field: save again to replace it, or start
            from the current one.
          </p>
          <button
            type="button"
            className={`${secondaryButtonClass} mt-2`}
            onClick={() => {
              show(changed);
              setUsed(state);
            }}
          >
            Use the current text
          </button>
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Kind" name={id("kind")} errors={scoped}>
          <select
            id={id("kind")}
            name="kind"
            value={kind}
            onChange={(e) => {
              touched.current = true;
              setKind(e.target.value as TopicKind);
            }}
            className={inputClass}
            {...invalid("kind")}
          >
            <option value="strategic">Strategic</option>
            <option value="tactical">Tactical</option>
          </select>
        </Field>
        <Field label="Category" name={id("category")} errors={scoped}>
          <select
            id={id("category")}
            name="category"
            ref={categoryField}
            defaultValue={initial?.category ?? "other"}
            onChange={() => {
              touched.current = true;
            }}
            className={inputClass}
            {...invalid("category")}
          >
            {TOPIC_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {TOPIC_CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p aria-live="polite" className="text-sm text-amber-900">
        {kind === "tactical" ? TACTICAL_HINT : ""}
      </p>
      <div>
        <button className={buttonClass} disabled={pending}>
          {pending ? "Saving..." : submitLabel}
        </button>
      </div>
    </form>
  );
}
