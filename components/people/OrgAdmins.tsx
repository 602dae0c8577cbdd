import type { OrgAdmin } from "@/lib/server/admin-grants";
import { formatTimeFor } from "@/lib/format";

const HOW: Record<NonNullable<OrgAdmin["via"]>, string> = {
  setup: "set up with the organization",
  invitation: "invited as admin",
  import: "made admin by a people import",
  role_change: "made admin",
  unknown: "admin from before this was recorded",
};

/** Every admin of the org, with who made them, how and when (lib/server/admin-grants.ts). */
export function OrgAdmins({ admins, viewerZone }: { admins: OrgAdmin[]; viewerZone: string | null }) {
  return (
    <ul className="divide-y divide-stone-100 text-sm" data-testid="org-admins">
      {admins.map((a) => (
        <li key={a.id} className="py-2">
          <span className="font-medium">{a.name}</span>
          {a.active ? null : <span className="text-stone-600"> (deactivated)</span>}
          <span className="text-stone-700">
            {" "}
            — {a.via ? HOW[a.via] : "no record of who made them"}
            {a.grantedByName ? ` by ${a.grantedByName}` : ""}
            {a.grantedAt && a.via !== "unknown" ? ` on ${formatTimeFor(a.grantedAt, viewerZone)}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
