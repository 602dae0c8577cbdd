import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "luxon";
import { requireUser } from "@/lib/auth";
import { todayIn } from "@/lib/schedule";
import { listTeam } from "@/lib/server/series";
import { listTemplates } from "@/lib/server/templates";
import { Card, PageHeader } from "@/components/ui/Card";
import { StartSeriesForm } from "@/components/team/StartSeriesForm";
import { startSeriesAction } from "./actions";
import { markLeaveAction } from "./leave-actions";
import { undoChangeAction } from "@/app/(app)/series/[seriesId]/meeting-actions";
import { InlineAction } from "@/components/ui/InlineAction";
import { LeaveForm } from "@/components/team/LeaveForm";
import { leaveCoveringCandidates, leavesFor } from "@/lib/server/schedule-changes";
import { viewerTimeZone } from "@/lib/server/profile";
import { timeZoneOptions } from "@/lib/time-zones";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ searchParams }: { searchParams: Promise<{ report?: string; started?: string }> }) {
  const actor = await requireUser();
  const [team, templates, { report, started }, ownZone, leaves, candidates] = await Promise.all([
    listTeam(actor),
    listTemplates(actor),
    searchParams,
    viewerTimeZone(actor),
    leavesFor(actor),
    leaveCoveringCandidates(actor),
  ]);
  const zone = ownZone ?? "UTC";
  const withoutSeries = team.filter((m) => !m.seriesId);
  const firstMeetingTemplates = [
    ...templates.own.filter((t) => t.kind === "first_meeting").map((t) => ({ id: t.id, name: `${t.name} (mine)` })),
    ...templates.builtin.filter((t) => t.kind === "first_meeting").map((t) => ({ id: t.id, name: `${t.name} (built-in)` })),
  ];
  return (
    <>
      <PageHeader title="Your team" subtitle={`${team.length} current ${team.length === 1 ? "report" : "reports"}`} />
      <div className="flex flex-col gap-6">
        {started ? (
          <p role="status" className="rounded-md border border-teal-200 bg-teal-50 px-3 py-2 text-sm text-teal-900">
            Started {Number(started) || 0} {Number(started) === 1 ? "series" : "series"}. Each first meeting has its agenda ready.
          </p>
        ) : null}
        <Card title="Reports">
          {team.length === 0 ? (
            <p className="text-sm text-stone-600">Nobody reports to you yet. An admin sets up reporting lines.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-stone-600">
                <tr>
                  <th scope="col" className="py-2 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    One-on-ones
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {team.map((m) => (
                  <tr key={m.lineId}>
                    <td className="py-2">
                      <span className="font-medium">{m.name}</span>
                      <span className="block text-stone-600">{m.email}</span>
                    </td>
                    <td className="py-2 text-stone-700">
                      {m.schedule ?? "Not started"}
                      {m.pattern ? <span className="block text-stone-600">{m.pattern}</span> : null}
                    </td>
                    <td className="py-2 text-right">
                      {m.seriesId ? (
                        <Link className="text-teal-800 hover:underline" href={`/series/${m.seriesId}`}>
                          Open series
                        </Link>
                      ) : (
                        <Link className="text-teal-800 hover:underline" href={`/team?report=${m.reportId}#start`}>
                          Start with {m.name.split(" ")[0]}
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {withoutSeries.length ? (
          <div id="start">
            <Card title="Start one-on-ones">
              <p className="mb-4 text-sm text-stone-600">
                Choose the schedule once. Each person gets their own series, with start times one after another so that none of your meetings overlap, and a
                first-meeting agenda from your template.
              </p>
              <StartSeriesForm
                key={report ?? "all"}
                action={startSeriesAction}
                reports={withoutSeries.map((m) => ({ id: m.reportId, name: m.name }))}
                preselected={report ? [report] : []}
                templates={firstMeetingTemplates}
                defaultStartDate={DateTime.fromISO(todayIn(zone)).plus({ days: 1 }).toISODate()!}
                timeZones={timeZoneOptions(ownZone)}
                ownTimeZone={ownZone}
              />
            </Card>
          </div>
        ) : null}
        {team.length ? (
          <div id="leave">
            <Card title="Leave">
              {leaves.length ? (
                <ul className="mb-4 divide-y divide-stone-100 text-sm">
                  {leaves.map((l) => (
                    <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                      <span>
                        {l.personName} is on leave from {l.startsOn} to {l.endsOn}
                      </span>
                      {l.mayUndo ? (
                        <InlineAction
                          action={undoChangeAction}
                          fields={{ changeId: l.id }}
                          label="Undo"
                          about={`the leave of ${l.personName} from ${l.startsOn} to ${l.endsOn}`}
                        />
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="mb-4 text-sm text-stone-600">
                Mark a report, or yourself, as on leave: the meetings in those days are cancelled in one step (you see them first), and the series resumes
                after.
              </p>
              <LeaveForm
                action={markLeaveAction}
                people={[{ id: actor.id, name: `${actor.name} (me)` }, ...team.map((m) => ({ id: m.reportId, name: m.name }))]}
                candidates={candidates}
                defaultDay={DateTime.fromISO(todayIn(zone)).plus({ days: 1 }).toISODate()!}
              />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}
