import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth";
import { formatTimeFor } from "@/lib/format";
import { getHandoffOptions, listHandedToMe } from "@/lib/server/handoff";
import { viewerTimeZone } from "@/lib/server/profile";
import { ActionButton } from "@/components/confidentiality/ActionButton";
import { Card, PageHeader } from "@/components/ui/Card";
import { grantHandoffAction, revokeHandoffAction } from "../actions";

export const metadata: Metadata = { title: "Handoff" };

export default async function HandoffPage() {
  const actor = await requireUser();
  const [options, handed, zone] = await Promise.all([getHandoffOptions(actor), listHandedToMe(actor), viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader
        title="Handoff"
        subtitle="When your manager changes, you choose which past shared agendas your new manager may read. Private notes never move."
      />
      <div className="flex flex-col gap-6">
        <Card title="Your past meetings">
          {!options.currentManager || options.meetings.length === 0 ? (
            <p className="text-sm text-stone-600">There is nothing to hand over: you have no past meetings with a former manager, or no current manager.</p>
          ) : (
            <ul className="divide-y divide-stone-100 text-sm">
              {options.meetings.map((m) => (
                <li key={m.meetingId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    {formatTimeFor(m.scheduledAt, zone, m.timeZone)} with {m.managerName}
                    {m.granted ? <span className="ml-2 text-teal-800">{options.currentManager!.name} may read its agenda</span> : null}
                  </span>
                  {m.granted ? (
                    <ActionButton
                      action={revokeHandoffAction}
                      fields={{ meetingId: m.meetingId }}
                      label="Take back"
                      about={`the agenda of ${formatTimeFor(m.scheduledAt, zone, m.timeZone)}`}
                    />
                  ) : (
                    <ActionButton
                      action={grantHandoffAction}
                      fields={{ meetingId: m.meetingId }}
                      label={`Let ${options.currentManager!.name} read`}
                      about={`the agenda of ${formatTimeFor(m.scheduledAt, zone, m.timeZone)}`}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {handed.length ? (
          <Card title="Agendas handed to you">
            <ul className="divide-y divide-stone-100 text-sm">
              {handed.map((h) => (
                <li key={h.meetingId} className="py-2">
                  <Link href={`/privacy/handoff/${h.meetingId}`} className="text-teal-800 underline">
                    {h.reportName}: {formatTimeFor(h.scheduledAt, zone, h.timeZone)}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </>
  );
}
