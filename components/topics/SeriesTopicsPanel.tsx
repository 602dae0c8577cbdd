import Link from "next/link";
import { DateTime } from "luxon";
import { requireUser } from "@/lib/auth";
import { formatMeetingTime } from "@/lib/format";
import { getSeriesPlanning } from "@/lib/server/series-settings";
import { strategicShare } from "@/lib/server/topics";
import { SHARE_WINDOW } from "@/lib/topics/constants";
import { addTopicAction, cancelMeetingAction, moveMeetingAction, updateSeriesSettingsAction } from "@/app/(app)/series/[seriesId]/topic-actions";
import { Card } from "@/components/ui/Card";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { InlineAction } from "./InlineAction";
import { MoveMeetingForm } from "./MoveMeetingForm";
import { SeriesSettingsForm } from "./SeriesSettingsForm";
import { TopicForm } from "./TopicForm";

/** The series page's share of topics, history search, and the planning controls. */
export async function SeriesTopicsPanel({ seriesId }: { seriesId: string }) {
  const actor = await requireUser();
  const [share, planning] = await Promise.all([strategicShare(actor, seriesId), getSeriesPlanning(actor, seriesId)]);
  const zone = planning.settings.timeZone;
  return (
    <div className="mt-6 grid gap-6 md:grid-cols-2">
      <Card title="Add a topic to the next meeting">
        <TopicForm action={addTopicAction} hidden={{ seriesId }} submitLabel="Add topic" idPrefix="series-topic" />
      </Card>
      <div className="flex flex-col gap-6">
        <Card title="Strategic share">
          <p className="text-sm text-stone-800" data-testid="strategic-share">
            {share.percent === null
              ? `No topics in completed meetings yet.`
              : `${share.percent}% of topics were strategic (${share.strategic} of ${share.total}) over the last ${share.meetings} completed meeting${share.meetings === 1 ? "" : "s"}.`}
          </p>
          <p className="mt-1 text-xs text-stone-600">Measured over up to {SHARE_WINDOW} meetings. One-on-ones work best for strategic topics.</p>
        </Card>
        <Card title="History">
          <form action={`/series/${seriesId}/history`} method="get" role="search" className="flex flex-wrap gap-2">
            <label htmlFor="history-q" className="sr-only">Search this series</label>
            <input id="history-q" name="q" type="search" placeholder="Search agendas, topics, action items" className={`${inputClass} flex-1`} />
            <button className={buttonClass}>Search</button>
          </form>
          <p className="mt-2 text-sm">
            <Link href={`/series/${seriesId}/history`} className="text-teal-800 underline">Browse past meetings</Link>
          </p>
        </Card>
      </div>
      <Card title="Cancel or move a meeting">
        {planning.ahead.length ? (
          <ul className="divide-y divide-stone-100 text-sm">
            {planning.ahead.map((m) => {
              const label = formatMeetingTime(m.scheduledAt, zone);
              const local = DateTime.fromJSDate(m.scheduledAt, { zone });
              return (
                <li key={m.id} className="flex flex-col gap-2 py-3">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium">{label}{m.moved ? " (moved)" : ""}</span>
                    <InlineAction action={cancelMeetingAction} fields={{ meetingId: m.id }} label="Cancel meeting" title={`Cancel meeting on ${label}`} />
                  </div>
                  <MoveMeetingForm action={moveMeetingAction} meetingId={m.id} date={local.toISODate()!} time={local.toFormat("HH:mm")} label={`the meeting on ${label}`} />
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">No stored meetings ahead. The next one is created when a topic is added or a meeting completes.</p>
        )}
      </Card>
      <Card title="Change cadence or format">
        <SeriesSettingsForm action={updateSeriesSettingsAction} seriesId={seriesId} settings={planning.settings} />
      </Card>
    </div>
  );
}
