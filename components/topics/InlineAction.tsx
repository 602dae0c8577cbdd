"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

type Action = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>;

/** One button that posts a few hidden fields to a server action and shows a refusal next to it. */
export function InlineAction({ action, fields, label, title, className }: { action: Action; fields: Record<string, string>; label: string; title?: string; className?: string }) {
  const { state, formProps, pending } = useActionForm(action);
  return (
    <form {...formProps} className="inline-flex items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button className={className ?? secondaryButtonClass} disabled={pending} aria-label={title}>
        {label}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
