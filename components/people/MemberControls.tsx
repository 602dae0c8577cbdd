"use client";

import { useActionForm } from "@/components/ui/useActionForm";
import { secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";
import { ActiveControl } from "./ActiveControl";

type Action = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown>>;
type Person = { id: string; name: string; orgRole: "admin" | "member"; active: boolean; erased?: boolean; upcomingMeetings?: number };

/** An admin's controls for one member: org role and active state, each taking effect on the person's next request. */
export function MemberControls({ person, setOrgRole, setActive }: { person: Person; setOrgRole: Action; setActive: Action }) {
  const role = useActionForm(setOrgRole);
  const refused = [role.state].find((s) => s && !s.ok);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <span className="text-stone-600">
          {person.orgRole === "admin" ? "Admin" : "Member"}
          {person.active ? "" : " · deactivated"}
        </span>
        <form {...role.formProps}>
          <input type="hidden" name="userId" value={person.id} />
          <input type="hidden" name="orgRole" value={person.orgRole === "admin" ? "member" : "admin"} />
          <button className={secondaryButtonClass} disabled={role.pending}>
            {person.orgRole === "admin" ? "Make member" : "Make admin"}
            <span className="sr-only"> ({person.name})</span>
          </button>
        </form>
        {/* Keyed by the state: a change (after the server said yes) starts the control afresh, unconfirmed. */}
        <ActiveControl key={String(person.active)} person={person} setActive={setActive} />
      </div>
      {refused && !refused.ok ? (
        <p role="alert" className="text-xs text-red-700">
          {refused.error}
        </p>
      ) : null}
    </div>
  );
}
