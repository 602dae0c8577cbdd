"use client";

import { useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { aria, type FormAction } from "./formKit";

export function AcknowledgeForm({ action, seriesId, version }: { action: FormAction; seriesId: string; version: number }) {
  const { state, formProps, pending } = useActionForm(action);
  return (
    <form {...formProps} className="mt-3 flex flex-col gap-2">
      <FormMessage result={state} />
      <input type="hidden" name="seriesId" value={seriesId} />
      <input type="hidden" name="version" value={version} />
      <button className={buttonClass} disabled={pending}>
        I acknowledge version {version} of these terms
      </button>
    </form>
  );
}

export function EditTermsForm({ action, seriesId, version, body }: { action: FormAction; seriesId: string; version: number; body: string }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // The version the text in the box was read from. The page renders again while someone types (a
  // live refresh, another section's action) and may bring a newer version: an untouched box
  // follows it, a touched one keeps its base, so that saving over the other person's change is
  // refused as stale instead of silently replacing it.
  const [based, setBased] = useState({ version, body });
  const touched = useRef(false);
  useEffect(() => {
    if (state?.ok) touched.current = false;
  }, [state]);
  useEffect(() => {
    if (!touched.current) setBased({ version, body });
  }, [version, body]);
  return (
    <details className="mt-4">
      <summary className="cursor-pointer text-sm font-medium text-teal-800 underline">Change the terms</summary>
      <form {...formProps} className="mt-3 flex flex-col gap-3" noValidate>
        <FormMessage result={state} />
        {state?.ok ? (
          <p role="status" className="text-sm text-teal-800">
            New version saved. You both acknowledge it again.
          </p>
        ) : null}
        <input type="hidden" name="seriesId" value={seriesId} />
        <input type="hidden" name="baseVersion" value={based.version} />
        <Field
          label="Terms text"
          name="termsBody"
          errors={errors ? { termsBody: errors.body } : undefined}
          hint="Saving makes a new version; both of you are asked to acknowledge it."
        >
          <textarea
            // A new base is a new text to start from.
            key={based.version}
            id="termsBody"
            name="body"
            rows={10}
            defaultValue={based.body}
            onChange={() => (touched.current = true)}
            className={inputClass}
            {...aria(errors ? { termsBody: errors.body } : undefined, "termsBody")}
          />
        </Field>
        <button className={secondaryButtonClass} disabled={pending}>
          Save as a new version
        </button>
      </form>
    </details>
  );
}
