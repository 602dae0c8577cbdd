import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth";
import { Card, PageHeader } from "@/components/ui/Card";
import { OrgAdmins } from "@/components/people/OrgAdmins";
import { listOrgAdmins } from "@/lib/server/admin-grants";
import { viewerTimeZone } from "@/lib/server/profile";

export const metadata: Metadata = { title: "Privacy" };

const LINKS: [string, string, string][] = [
  [
    "/privacy/access-log",
    "Access log",
    "Every time someone other than you and your manager at ordinary work read your one-on-one record, an export, and every use of an exception.",
  ],
  [
    "/privacy/sharing",
    "Sharing requests",
    "Requests to share an excerpt of your one-on-ones, to approve or decline, with every outcome. Managers see the requests they made.",
  ],
  ["/privacy/shared-with-me", "Shared with me", "Excerpts that someone approved for you to read."],
  ["/privacy/handoff", "Handoff", "After a change of manager: choose which past meetings' shared agendas your new manager may read."],
  ["/privacy/themes", "Team themes", "For managers and admins: counts of topic categories, only where enough people contribute. Never any text."],
];

export default async function PrivacyPage() {
  const actor = await requireUser();
  const admins = await listOrgAdmins(actor);
  const viewer = await viewerTimeZone(actor);
  return (
    <>
      <PageHeader title="Privacy" subtitle="What stays between you and your manager, and the three exceptions, as the app enforces them." />
      <Card>
        <ul className="flex flex-col gap-4">
          {LINKS.map(([href, title, text]) => (
            <li key={href}>
              <Link href={href} className="font-medium text-teal-800 underline">
                {title}
              </Link>
              <p className="text-sm text-stone-600">{text}</p>
            </li>
          ))}
          <li>
            <a href="/api/export/archive" download className="font-medium text-teal-800 underline">
              Export my one-on-one record (zip of Markdown and JSON, with a calendar file)
            </a>
            <p className="text-sm text-stone-600">
              Every series you are part of (as the report, or as the manager today): meetings, agendas, topics, action items, goals with their check-ins and
              your own private notes, as Markdown pages you can read anywhere, the same record as JSON, and your meetings as an .ics file. Never anyone
              else&apos;s notes.
            </p>
          </li>
          <li>
            <a href="/api/export" className="font-medium text-teal-800 underline">
              Export my one-on-one record (JSON only)
            </a>
            <p className="text-sm text-stone-600">The same record as one JSON file, with your access log.</p>
          </li>
        </ul>
      </Card>
      <div className="mt-6">
        <Card title="Your organization's admins">
          <p className="mb-2 text-sm text-stone-600">
            Admins manage people, reporting lines and covering managers, and read no meeting content. Who made each of them, and when:
          </p>
          <OrgAdmins admins={admins} viewerZone={viewer} />
        </Card>
      </div>
    </>
  );
}
