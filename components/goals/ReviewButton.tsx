"use client";

import { FormMessage, secondaryButtonClass } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";
import type { ActionResult } from "@/lib/actions";

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult | undefined>;
  goalId: string;
  goalTitle: string;
  meetingId?: string;
  marked?: boolean;
};

export function ReviewButton({ action, goalId, goalTitle, meetingId, marked }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const done = marked || state?.ok;
  return (
    <form {...formProps} className="flex items-center gap-2">
      <input type="hidden" name="goalId" value={goalId} />
      {meetingId ? <input type="hidden" name="meetingId" value={meetingId} /> : null}
      <button className={secondaryButtonClass} disabled={pending}>
        {pending ? (
          "Marking..."
        ) : (
          <>
            {/* A button lays its text out as flex items, which drop a plain trailing space: "Markreviewed". */}
            Mark{"\u00a0"}
            <span className="sr-only">“{goalTitle}” </span>reviewed{done ? " again" : ""}
          </>
        )}
      </button>
      {state?.ok ? (
        <span role="status" className="text-sm text-teal-800">
          Marked reviewed.
        </span>
      ) : null}
      <FormMessage result={state} />
    </form>
  );
}
