import type { ReactNode } from "react";

/** A form's field-level errors, as actions answer them (lib/actions). */
export type FieldErrors = Record<string, string[] | undefined> | undefined;

/** What marks a control invalid and points it at its error (FieldError's id is `<name>-error`). */
export const fieldAria = (errors: FieldErrors, name: string) => ({
  "aria-invalid": Boolean(errors?.[name]),
  "aria-describedby": errors?.[name] ? `${name}-error` : undefined,
});

export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700" role="alert">
      {messages.join(" ")}
    </p>
  );
}

/** A labelled form control with its field-level error, wired for screen readers. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors?: Record<string, string[] | undefined>;
  hint?: string;
  children: ReactNode;
}) {
  const messages = errors?.[name];
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={name} className="text-sm font-medium text-stone-800">
        {label}
      </label>
      {children}
      {hint ? <p className="text-xs text-stone-600">{hint}</p> : null}
      <FieldError id={`${name}-error`} messages={messages} />
    </div>
  );
}

export const inputClass =
  "rounded-md border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-700 focus:outline-none focus:ring-2 focus:ring-teal-600/30 aria-[invalid=true]:border-red-600";

export const buttonClass =
  "inline-flex items-center justify-center rounded-md bg-teal-800 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-teal-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-600 focus-visible:ring-offset-2 ring-offset-white disabled:opacity-60";

export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-600";

export function FormMessage({ result }: { result?: { ok: boolean; error?: string } | null }) {
  if (!result || result.ok || !result.error) return null;
  return (
    <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" tabIndex={-1}>
      {result.error}
    </p>
  );
}
