import { Field, inputClass } from "@/components/ui/Field";

/** A new password and its repetition, as the invitation and the recovery forms ask for them. */
export function NewPasswordFields({ label, errors }: { label: string; errors?: Record<string, string[] | undefined> }) {
  return (
    <>
      <Field
        label={label}
        name="password"
        errors={errors}
        hint="At least 12 characters, and not a common password: a phrase of several unrelated words works well."
      >
        <input id="password" name="password" type="password" autoComplete="new-password" className={inputClass} aria-invalid={Boolean(errors?.password)} />
      </Field>
      <Field label="Repeat the password" name="confirm" errors={errors}>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" className={inputClass} aria-invalid={Boolean(errors?.confirm)} />
      </Field>
    </>
  );
}
