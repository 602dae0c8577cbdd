"use client";

import { CharCounter, useCharCount } from "@/components/ui/CharCounter";
import { Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";
import { aria, type FormAction } from "@/components/confidentiality/formKit";
import { SUPPORT_TEXT_MAX, SUPPORT_URL_MAX } from "@/lib/validation/organization-limits";

/** The organization's employee-assistance resources, which every first-meeting agenda shows. */
export function SupportResourcesForm({ action, url, text }: { action: FormAction; url: string | null; text: string | null }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const count = useCharCount(text?.length ?? 0);
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800">
          Support resources saved. New first-meeting agendas show them.
        </p>
      ) : null}
      <Field
        label="Support page (web address)"
        name="supportUrl"
        errors={errors}
        hint="For example your employee assistance programme's page. Leave empty if you have none."
      >
        <input
          id="supportUrl"
          name="supportUrl"
          type="url"
          inputMode="url"
          maxLength={SUPPORT_URL_MAX}
          defaultValue={url ?? ""}
          placeholder="https://"
          className={inputClass}
          {...aria(errors, "supportUrl")}
        />
      </Field>
      <Field label="What reports should know" name="supportText" errors={errors} hint="One or two sentences: what is offered, and how to reach it.">
        <textarea
          id="supportText"
          name="supportText"
          rows={2}
          maxLength={SUPPORT_TEXT_MAX}
          defaultValue={text ?? ""}
          ref={count.ref}
          onInput={count.onInput}
          className={inputClass}
          dir="auto"
          {...aria(errors, "supportText")}
        />
      </Field>
      <CharCounter length={count.length} max={SUPPORT_TEXT_MAX} />
      <div>
        <button className={secondaryButtonClass} disabled={pending}>
          Save support resources
        </button>
      </div>
    </form>
  );
}
