"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, FormMessage, secondaryButtonClass } from "@/components/ui/Field";
import type { FormAction } from "./formKit";

/** The report's decision on a sharing request; final once made. */
export function DecisionForm({ action, requestId }: { action: FormAction; requestId: string }) {
  const { state, formProps, pending } = useActionForm(action);
  const one = (decision: "approve" | "decline", label: string, className: string) => (
    <form {...formProps}>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="decision" value={decision} />
      <button className={className} disabled={pending}>
        {label}
      </button>
    </form>
  );
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2">
      <FormMessage result={state} />
      {one("approve", "Approve", buttonClass)}
      {one("decline", "Decline", secondaryButtonClass)}
    </div>
  );
}
