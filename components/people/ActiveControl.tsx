"use client";

import { useState } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

type Action = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

/** What the deactivation does to the person's one-on-one meetings (lib/server/leavers.ts cancelUpcomingMeetingsOf). */
const cancelsText = (n: number, name: string) =>
  n === 0
    ? "They have no upcoming one-on-one meetings; none are planned for their one-on-ones while they are deactivated."
    : `${n} upcoming one-on-one ${n === 1 ? "meeting is" : "meetings are"} cancelled (where they are the manager or the report); the other person sees ${n === 1 ? "it" : "them"} as cancelled. No further meetings are planned, and reactivating ${name} later does not restore ${n === 1 ? "it" : "them"}.`;

/**
 * Deactivate (after a confirmation that says what follows) or reactivate one member. The
 * server decides (lib/server/accounts.ts setActive); this only asks before a click that ends
 * someone's sessions and starts the clock on their private notes.
 */
export function ActiveControl({
  person,
  setActive,
}: {
  person: { id: string; name: string; active: boolean; erased?: boolean; upcomingMeetings?: number };
  setActive: Action;
}) {
  const { state, formProps, pending } = useActionForm(setActive);
  const [confirming, setConfirming] = useState(false);
  // Erasure is final (docs/ERASURE.md): nothing to offer.
  if (person.erased) return <span className="text-stone-600">data erased</span>;
  if (person.active && !confirming) {
    return (
      <div className="flex flex-col items-end gap-1">
        <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(true)}>
          Deactivate<span className="sr-only"> {person.name}</span>
        </button>
        {state && !state.ok ? (
          <p role="alert" className="text-xs text-red-700">
            {state.error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form {...formProps} className="flex max-w-md flex-col items-end gap-2">
      <input type="hidden" name="userId" value={person.id} />
      <input type="hidden" name="active" value={person.active ? "false" : "true"} />
      {person.active ? (
        <div role="alertdialog" aria-label={`Deactivate ${person.name}?`} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-xs text-stone-800">
          <p className="font-medium">Deactivate {person.name}?</p>
          <ul className="mt-1 list-disc pl-4">
            <li>They are signed out everywhere and cannot sign in; they get no mail.</li>
            <li>The reporting lines they manage end today. Their reports keep their one-on-ones.</li>
            <li>Their manager keeps the shared records of their one-on-ones.</li>
            <li data-testid="deactivate-cancels">{cancelsText(person.upcomingMeetings ?? 0, person.name)}</li>
            <li>Their private notes are deleted after the organization&apos;s retention period, unless you reactivate them first.</li>
          </ul>
          <div className="mt-2 flex justify-end gap-2">
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button className={secondaryButtonClass} disabled={pending}>
              Yes, deactivate<span className="sr-only"> {person.name}</span>
            </button>
          </div>
        </div>
      ) : (
        <button className={secondaryButtonClass} disabled={pending}>
          Reactivate<span className="sr-only"> {person.name}</span>
        </button>
      )}
      {state && !state.ok ? (
        <p role="alert" className="text-xs text-red-700">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
