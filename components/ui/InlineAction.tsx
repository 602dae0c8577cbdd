"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

type Action = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>;

/**
 * One button that posts a few hidden fields to a server action and shows a refusal next to it.
 * `about` says which one (a topic's text, a date) to screen readers, after the visible label, so
 * that the button's name starts with what it shows ("Remove: Flaky deploys"). (An aria-label: a
 * visually hidden span in a flex button is read with a space before its colon.)
 */
export function InlineAction({
  action,
  fields,
  label,
  about,
  className,
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  about?: string;
  className?: string;
}) {
  const { state, formProps, pending } = useActionForm(action);
  return (
    <form {...formProps} className="inline-flex items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button className={className ?? secondaryButtonClass} disabled={pending} aria-label={about ? `${label}: ${about}` : undefined}>
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
