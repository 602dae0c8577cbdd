"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { lazy, Suspense, useState } from "react";
import type { JSONContent } from "@tiptap/core";
import { buttonClass, Field, FieldError, FormMessage, inputClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { TEMPLATE_KIND_LABELS, TEMPLATE_KINDS } from "@/lib/templates/kinds";

const RichTextEditor = lazy(() => import("@/components/editor/RichTextEditor"));

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>;
  template?: { id: string; name: string; kind: string; content: JSONContent };
};

export function TemplateForm({ action, template }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const [content, setContent] = useState<JSONContent>(template?.content ?? { type: "doc", content: [{ type: "paragraph" }] });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      {template ? <input type="hidden" name="id" value={template.id} /> : null}
      <input type="hidden" name="content" value={JSON.stringify(content)} />
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800">
          Template saved.
        </p>
      ) : null}
      <FormMessage result={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" errors={errors}>
          <input
            id="name"
            name="name"
            defaultValue={template?.name}
            className={inputClass}
            aria-invalid={Boolean(errors?.name)}
            aria-describedby={errors?.name ? "name-error" : undefined}
          />
        </Field>
        <Field label="Kind" name="kind" errors={errors}>
          <select id="kind" name="kind" defaultValue={template?.kind ?? "first_meeting"} className={inputClass}>
            {TEMPLATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {TEMPLATE_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div>
        <p className="mb-1 text-sm font-medium text-stone-800">Agenda</p>
        <Suspense fallback={<p className="text-sm text-stone-600">Loading the editor...</p>}>
          <RichTextEditor content={content} onChange={setContent} label="Template agenda" />
        </Suspense>
        <FieldError id="content-error" messages={errors?.content} />
      </div>
      <div>
        <button className={buttonClass} disabled={pending}>
          {pending ? "Saving..." : "Save template"}
        </button>
      </div>
    </form>
  );
}
