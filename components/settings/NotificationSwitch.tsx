"use client";

import { setNotificationAction } from "@/app/(app)/settings/actions";
import { FormMessage } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";

/** One kind of mail, on or off: a switch that saves at once. */
export function NotificationSwitch({ kind, enabled, label, description }: { kind: string; enabled: boolean; label: string; description: string }) {
  const { state, formProps, pending } = useActionForm(setNotificationAction);
  const on = state?.ok ? state.data.enabled : enabled;
  const id = `switch-${kind}`;
  return (
    <li className="flex items-center justify-between gap-4 py-3">
      <div>
        <p id={`${id}-label`} className="text-sm font-medium text-stone-900">
          {label}
        </p>
        <p id={`${id}-description`} className="text-sm text-stone-600">
          {description}
        </p>
        <FormMessage result={state} />
      </div>
      <form {...formProps}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="enabled" value={on ? "off" : "on"} />
        <button
          type="submit"
          role="switch"
          aria-checked={on}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-description`}
          disabled={pending}
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-600 focus-visible:ring-offset-2 ring-offset-white disabled:opacity-60 ${on ? "bg-teal-800" : "bg-stone-400"}`}
        >
          <span aria-hidden="true" className={`inline-block h-5 w-5 rounded-full bg-white shadow transition ${on ? "translate-x-5" : "translate-x-0.5"}`} />
        </button>
      </form>
    </li>
  );
}
