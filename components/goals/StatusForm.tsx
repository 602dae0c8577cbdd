"use client";

import { Field, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";
import type { ActionResult } from "@/lib/actions";
import { GOAL_STATUSES, STATUS_LABELS, type GoalStatus } from "@/lib/goals/progress";

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult | undefined>;
  goalId: string;
  override: GoalStatus | null;
  suggested: GoalStatus;
};

/** Follow the suggestion, or set one's own status. */
export function StatusForm({ action, goalId, override, suggested }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="flex flex-col gap-2" noValidate>
      <input type="hidden" name="goalId" value={goalId} />
      <FormMessage result={state} />
      <Field label="Status" name="status" errors={errors}>
        <select id="status" name="status" defaultValue={override ?? "auto"} className={inputClass} key={override ?? "auto"}>
          <option value="auto">Follow the suggestion ({STATUS_LABELS[suggested]})</option>
          {GOAL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      <div>
        <button className={secondaryButtonClass} disabled={pending}>
          {pending ? "Saving..." : "Set status"}
        </button>
      </div>
    </form>
  );
}
