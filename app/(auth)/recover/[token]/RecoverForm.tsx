"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, FormMessage } from "@/components/ui/Field";
import { NewPasswordFields } from "@/components/ui/NewPasswordFields";
import { recoverAccountAction } from "./actions";

export function RecoverForm({ token, email }: { token: string; email: string }) {
  const { state, formProps, pending } = useActionForm(recoverAccountAction);
  const errors = state?.fieldErrors;
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-stone-700">A new password for {email}. Saving it signs out every other session of this account.</p>
      <FormMessage result={state?.error ? { ok: false, error: state.error } : null} />
      <NewPasswordFields label="New password" errors={errors} />
      <button className={buttonClass} disabled={pending}>
        {pending ? "Saving..." : "Set new password"}
      </button>
    </form>
  );
}
