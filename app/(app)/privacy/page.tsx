import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Privacy" };

const LINKS: [string, string, string][] = [
  ["/privacy/access-log", "Access log", "Every time someone other than you and your manager at ordinary work read your one-on-one record, an export, and every use of an exception."],
  ["/privacy/sharing", "Sharing requests", "Requests to share an excerpt of your one-on-ones, to approve or decline, with every outcome. Managers see the requests they made."],
  ["/privacy/shared-with-me", "Shared with me", "Excerpts that someone approved for you to read."],
  ["/privacy/handoff", "Handoff", "After a change of manager: choose which past meetings' shared agendas your new manager may read."],
  ["/privacy/themes", "Team themes", "For managers and admins: counts of topic categories, only where enough people contribute. Never any text."],
];

export default async function PrivacyPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Privacy" subtitle="What stays between you and your manager, and the three exceptions, as the app enforces them." />
      <Card>
        <ul className="flex flex-col gap-4">
          {LINKS.map(([href, title, text]) => (
            <li key={href}>
              <Link href={href} className="font-medium text-teal-800 underline">{title}</Link>
              <p className="text-sm text-stone-600">{text}</p>
            </li>
          ))}
          <li>
            <a href="/api/export" className="font-medium text-teal-800 underline">Export my one-on-one record (JSON)</a>
            <p className="text-sm text-stone-600">Everything of your series as the report, with your own private notes. Never anyone else&apos;s notes.</p>
          </li>
        </ul>
      </Card>
    </>
  );
}
