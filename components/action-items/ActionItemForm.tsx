"use client";

import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/ui/useActionForm";
import { useFocusAfter } from "@/components/ui/useFocusAfter";
import { createdId, itemElementId } from "@/components/ui/item-ids";
import { CharCounter, useCharCount } from "@/components/ui/CharCounter";
import { buttonClass, Field, FormMessage, inputClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { ACTION_TEXT_MAX } from "@/lib/topics/constants";

type Props = {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>;
  meetingId: string;
  managerName: string;
  reportName: string;
};

export function ActionItemForm({ action, meetingId, managerName, reportName }: Props) {
  const { state, formProps, pending } = useActionForm(action);
  const form = useRef<HTMLFormElement>(null);
  const count = useCharCount();
  const { reset } = count;
  useEffect(() => {
    if (state?.ok) {
      form.current?.reset();
      reset();
    }
  }, [state, reset]);
  useFocusAfter(state, form, (data) => {
    const id = createdId(data);
    return id ? itemElementId("action-item", id) : null;
  });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const scoped = errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [`item-${k}`, v]));
  const invalid = (name: string) => ({ "aria-invalid": Boolean(errors?.[name]), "aria-describedby": errors?.[name] ? `item-${name}-error` : undefined });
  return (
    <form ref={form} {...formProps} className="flex flex-col gap-3" noValidate>
      <FormMessage result={state} />
      {state?.ok ? (
        <p role="status" tabIndex={-1} data-focus-after className="text-sm text-teal-800">
          Action item added.
        </p>
      ) : null}
      <input type="hidden" name="meetingId" value={meetingId} />
      <Field label="Action item" name="item-text" errors={scoped}>
        <input
          id="item-text"
          name="text"
          maxLength={ACTION_TEXT_MAX}
          dir="auto"
          ref={count.ref}
          onInput={count.onInput}
          className={inputClass}
          {...invalid("text")}
        />
        <CharCounter length={count.length} max={ACTION_TEXT_MAX} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Owner" name="item-owner" errors={scoped}>
          <select id="item-owner" name="owner" defaultValue="report" className={inputClass} {...invalid("owner")}>
            <option value="report">{reportName} (report)</option>
            <option value="manager">{managerName} (manager)</option>
          </select>
        </Field>
        <Field label="Due date (optional)" name="item-dueDate" errors={scoped}>
          <input id="item-dueDate" name="dueDate" type="date" className={inputClass} {...invalid("dueDate")} />
        </Field>
      </div>
      <div>
        <button className={buttonClass} disabled={pending}>
          {pending ? "Adding..." : "Add action item"}
        </button>
      </div>
    </form>
  );
}
