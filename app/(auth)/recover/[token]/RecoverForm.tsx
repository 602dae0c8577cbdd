"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import { recoverAccountAction } from "./actions";

export function RecoverForm({ token, email }: { token: string; email: string }) {
  const { state, formProps, pending } = useActionForm(recoverAccountAction);
  const errors = state?.fieldErrors;
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-stone-700">A new password for {email}. Saving it signs out every other session of this account.</p>
      <FormMessage result={state?.error ? { ok: false, error: state.error } : null} />
      <Field
        label="New password"
        name="password"
        errors={errors}
        hint="At least 12 characters, and not a common password: a phrase of several unrelated words works well."
      >
        <input id="password" name="password" type="password" autoComplete="new-password" className={inputClass} aria-invalid={Boolean(errors?.password)} />
      </Field>
      <Field label="Repeat the password" name="confirm" errors={errors}>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" className={inputClass} aria-invalid={Boolean(errors?.confirm)} />
      </Field>
      <button className={buttonClass} disabled={pending}>
        {pending ? "Saving..." : "Set new password"}
      </button>
    </form>
  );
}
