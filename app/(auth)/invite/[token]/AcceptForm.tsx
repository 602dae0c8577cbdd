"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import { NewPasswordFields } from "@/components/ui/NewPasswordFields";
import { acceptInvitationAction } from "./actions";

export function AcceptForm({ token, name, email }: { token: string; name: string; email: string }) {
  const { state, formProps, pending } = useActionForm(acceptInvitationAction);
  const errors = state?.fieldErrors;
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-stone-700">Signing in as {email}</p>
      <FormMessage result={state?.error ? { ok: false, error: state.error } : null} />
      <Field label="Your name" name="name" errors={errors}>
        <input id="name" name="name" defaultValue={name} className={inputClass} aria-invalid={Boolean(errors?.name)} />
      </Field>
      <NewPasswordFields label="Password" errors={errors} />
      <button className={buttonClass} disabled={pending}>
        {pending ? "Saving..." : "Set password"}
      </button>
    </form>
  );
}
