"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { buttonClass, Field, fieldAria, FormMessage, inputClass, secondaryButtonClass } from "@/components/ui/Field";
import { PersonSelect } from "@/components/ui/PersonSelect";
import type { ActionResult } from "@/lib/actions";

type Action = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown>>;
const aria = fieldAria;

type InviteAction = (prev: unknown, formData: FormData) => Promise<ActionResult<{ email: string; link: string | null }>>;

export function InviteForm({ action }: { action: InviteAction }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // Without SMTP the invitation link comes back once, to the admin who invited, to hand over.
  const link = state?.ok ? state.data.link : null;
  return (
    <form {...formProps} className="grid gap-3 sm:grid-cols-4 sm:items-end" noValidate>
      <div className="sm:col-span-4">
        <FormMessage result={state} />
      </div>
      {state?.ok ? (
        <p role="status" className="text-sm text-teal-800 sm:col-span-4">
          Invitation sent.
        </p>
      ) : null}
      {link ? (
        <div className="sm:col-span-4">
          <label htmlFor="invite-link" className="text-sm text-stone-700">
            No mail server is configured: give {state?.ok ? state.data.email : "them"} this link yourself (shown once, valid for 7 days).
          </label>
          <input id="invite-link" readOnly value={link} className={`${inputClass} mt-1 w-full font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      <Field label="Name" name="name" errors={errors}>
        <input id="name" name="name" className={inputClass} {...aria(errors, "name")} />
      </Field>
      <Field label="Email" name="email" errors={errors}>
        <input id="email" name="email" type="email" className={inputClass} {...aria(errors, "email")} />
      </Field>
      <Field label="Role" name="orgRole" errors={errors}>
        <select id="orgRole" name="orgRole" defaultValue="member" className={inputClass}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </Field>
      <button className={buttonClass} disabled={pending}>
        {pending ? "Inviting..." : "Invite"}
      </button>
    </form>
  );
}

export function LineForm({ action, people, today }: { action: Action; people: { id: string; name: string }[]; today: string }) {
  const { state, formProps, pending } = useActionForm(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="grid gap-3 sm:grid-cols-4 sm:items-end" noValidate>
      <div className="sm:col-span-4">
        <FormMessage result={state} />
      </div>
      <PersonSelect name="managerId" label="Manager" people={people} errors={errors} />
      <PersonSelect name="reportId" label="Report" people={people} errors={errors} />
      <Field label="From" name="activeFrom" errors={errors}>
        <input id="activeFrom" name="activeFrom" type="date" defaultValue={today} className={inputClass} {...aria(errors, "activeFrom")} />
      </Field>
      <button className={buttonClass} disabled={pending}>
        Add reporting line
      </button>
    </form>
  );
}

export function EndLineForm({ action, lineId, today, label }: { action: Action; lineId: string; today: string; label: string }) {
  const { state, formProps, pending } = useActionForm(action);
  return (
    <form {...formProps} className="flex items-center gap-2">
      <input type="hidden" name="lineId" value={lineId} />
      <input type="hidden" name="activeTo" value={today} />
      <button className={secondaryButtonClass} disabled={pending} aria-label={`End now: reporting line ${label}`}>
        End now
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
