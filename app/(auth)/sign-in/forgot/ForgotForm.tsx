"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, inputClass } from "@/components/ui/Field";
import { requestRecoveryAction } from "./actions";

export function ForgotForm() {
  const { state, formProps, pending } = useActionForm(requestRecoveryAction);
  const errors = state?.fieldErrors;
  if (state?.sent) {
    return (
      <p role="status" className="text-sm text-stone-700">
        If an account has this address, a link to set a new password is on its way there. It works once, within an hour.
      </p>
    );
  }
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <Field label="Email" name="email" errors={errors}>
        <input id="email" name="email" type="email" autoComplete="email" className={inputClass} aria-invalid={Boolean(errors?.email)} />
      </Field>
      <button className={buttonClass} disabled={pending}>
        {pending ? "Sending..." : "Send me a link"}
      </button>
    </form>
  );
}
