"use client";

import { calendarFeedAction } from "@/app/(app)/series/[seriesId]/calendar-actions";
import { FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";

/** Create, regenerate or revoke the person's private feed link; a new link is shown once. */
export function CalendarFeedPanel({ seriesId, hasFeed }: { seriesId: string; hasFeed: boolean }) {
  const { state, formProps, pending } = useActionForm(calendarFeedAction);
  const url = state?.ok ? state.data.url : null;
  const live = state?.ok ? url !== null : hasFeed;
  const button = (intent: "create" | "revoke", label: string) => (
    <form {...formProps}>
      <input type="hidden" name="seriesId" value={seriesId} />
      <input type="hidden" name="intent" value={intent} />
      <button className={secondaryButtonClass} disabled={pending}>
        {label}
      </button>
    </form>
  );
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p className="text-stone-700">A private link for your calendar app: the meetings and their times, never the agenda.</p>
      {url ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="feed-url" className="font-medium text-stone-800">
            Your feed link (copy it now: it is shown only once)
          </label>
          <input id="feed-url" readOnly value={url} className={inputClass} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : live ? (
        <p className="text-stone-700">You have a feed link. Regenerate it to get a new one; the old one then stops working.</p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {live ? button("create", "Regenerate") : button("create", "Create feed link")}
        {live ? button("revoke", "Revoke") : null}
      </div>
      <FormMessage result={state} />
    </div>
  );
}
