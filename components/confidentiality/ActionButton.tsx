"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { secondaryButtonClass } from "@/components/ui/Field";
import type { FormAction } from "./formKit";

/** One button that sends fixed fields to a server action and shows a refusal beside it; `about` is read after the label (see InlineAction). */
export function ActionButton({ action, fields, label, about }: { action: FormAction; fields: Record<string, string>; label: string; about?: string }) {
  const { state, formProps, pending } = useActionForm(action);
  return (
    <form {...formProps} className="flex items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button className={secondaryButtonClass} disabled={pending} aria-label={about ? `${label}: ${about}` : undefined}>
        {label}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
