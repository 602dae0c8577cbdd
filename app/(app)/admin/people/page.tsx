import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { today } from "@/lib/policy";
import { listPeople } from "@/lib/server/users";
import { Card, PageHeader } from "@/components/ui/Card";
import { EndLineForm, InviteForm, LineForm } from "@/components/people/PeopleForms";
import { OrgConfidentiality } from "@/components/confidentiality/OrgConfidentiality";
import { MemberControls } from "@/components/people/MemberControls";
import { SupportResourcesForm } from "@/components/people/SupportResourcesForm";
import { getSupportResources } from "@/lib/server/organization";
import { upcomingMeetingCounts } from "@/lib/server/leavers";
import { createLineAction, endLineAction, inviteAction, setActiveAction, setOrgRoleAction, setSupportResourcesAction } from "./actions";
import { ImportPeople } from "@/components/admin/ImportPeople";
import { confirmImportAction, previewImportAction } from "./import-actions";
import { LeaversSection } from "@/components/people/LeaversSection";
import { OrgAdmins } from "@/components/people/OrgAdmins";
import { viewerTimeZone } from "@/lib/server/profile";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const actor = await requireUser();
  // listPeople asks lib/policy (assertOrgAdmin); to anyone else the page does not exist.
  const { people, lines, pending, admins } = await listPeople(actor).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const support = await getSupportResources(actor);
  const viewer = await viewerTimeZone(actor);
  // The deactivate confirmation says how many meetings still ahead it cancels.
  const upcoming = await upcomingMeetingCounts(actor);
  const day = today();
  const active = people.filter((p) => p.active);
  return (
    <>
      <PageHeader title="People" subtitle="Members, invitations and reporting lines. Admins see no meeting content." />
      <div className="flex flex-col gap-6">
        <Card title="Invite someone">
          <InviteForm action={inviteAction} />
          {pending.length ? <p className="mt-3 text-sm text-stone-600">Waiting for: {pending.map((p) => `${p.name} (${p.email})`).join(", ")}</p> : null}
        </Card>
        <ImportPeople preview={previewImportAction} confirm={confirmImportAction} />
        <Card title="Reporting lines">
          <LineForm action={createLineAction} people={active.map((p) => ({ id: p.id, name: p.name }))} today={day} />
          <table className="mt-4 w-full text-left text-sm">
            <thead className="text-stone-600">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  Manager
                </th>
                <th scope="col" className="py-2 font-medium">
                  Report
                </th>
                <th scope="col" className="py-2 font-medium">
                  Period
                </th>
                <th scope="col" className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {lines.map((l) => (
                <tr key={l.id}>
                  <td className="py-2">{l.managerName}</td>
                  <td className="py-2">{l.reportName}</td>
                  <td className="py-2 text-stone-700">
                    {l.activeFrom} – {l.activeTo ?? "now"}
                  </td>
                  <td className="py-2">
                    {l.current && !l.activeTo ? (
                      <EndLineForm action={endLineAction} lineId={l.id} today={day} label={`${l.managerName} – ${l.reportName}`} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <OrgConfidentiality />
        <Card title="Support resources">
          <p className="mb-3 text-sm text-stone-700">
            Every first-meeting agenda points reports to these. A placeholder address is refused, so it never reaches anyone.
          </p>
          <SupportResourcesForm action={setSupportResourcesAction} url={support.url} text={support.text} />
        </Card>
        <Card title="Admins">
          <p className="mb-2 text-sm text-stone-600">
            Every admin of the organization, with who made them and when. Every member sees this list on their Privacy page.
          </p>
          <OrgAdmins admins={admins} viewerZone={viewer} />
        </Card>
        <Card title="Members">
          <ul className="divide-y divide-stone-100 text-sm">
            {people.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {p.name} <span className="text-stone-600">{p.email}</span>
                </span>
                <MemberControls person={{ ...p, upcomingMeetings: upcoming[p.id] ?? 0 }} setOrgRole={setOrgRoleAction} setActive={setActiveAction} />
              </li>
            ))}
          </ul>
        </Card>
        <LeaversSection />
      </div>
    </>
  );
}
