"use client";

import { useState } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

type Props = { action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>; meetingId: string; label: string };

/** Cancel asks first: what happens to the meeting's open topics, then "Yes, cancel". An undo follows on the page. */
export function CancelMeetingButton({ action, meetingId, label }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={secondaryButtonClass} onClick={() => setAsking(true)} aria-label={`Cancel ${label}`}>
        Cancel meeting
      </button>
    );
  }
  return (
    <form {...formProps} role="group" aria-label={`Confirm cancelling ${label}`} className="flex w-full flex-wrap items-center gap-2 text-sm">
      <input type="hidden" name="meetingId" value={meetingId} />
      <span>Cancel {label}? Its open topics and action items move to the next meeting. You can undo this for 24 hours.</span>
      <button className={secondaryButtonClass} disabled={pending}>
        Yes, cancel it
      </button>
      <button type="button" className={secondaryButtonClass} onClick={() => setAsking(false)} disabled={pending}>
        Keep it
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
