"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { secondaryButtonClass } from "@/components/ui/Field";
import type { FormAction } from "./formKit";

/** One button that sends fixed fields to a server action and shows a refusal beside it. */
export function ActionButton({ action, fields, label, ariaLabel }: { action: FormAction; fields: Record<string, string>; label: string; ariaLabel?: string }) {
  const { state, formProps, pending } = useActionForm(action);
  return (
    <form {...formProps} className="flex items-center gap-2">
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button className={secondaryButtonClass} disabled={pending} aria-label={ariaLabel}>{label}</button>
      {state && !state.ok ? <span role="alert" className="text-xs text-red-700">{state.error}</span> : null}
    </form>
  );
}
