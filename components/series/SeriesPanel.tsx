import Link from "next/link";
import { DateTime } from "luxon";
import { formatMeetingTime } from "@/lib/format";
import type { SeriesWorkspace } from "@/lib/server/series-page";
import { SHARE_WINDOW, TOPIC_KIND_LABELS } from "@/lib/topics/constants";
import { cancelMeetingAction, moveMeetingAction, undoChangeAction } from "@/app/(app)/series/[seriesId]/meeting-actions";
import { updateSeriesSettingsAction } from "@/app/(app)/series/[seriesId]/settings-actions";
import { addTopicAction } from "@/app/(app)/series/[seriesId]/topic-actions";
import { Card } from "@/components/ui/Card";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { InlineAction } from "@/components/ui/InlineAction";
import { CancelMeetingButton } from "./CancelMeetingButton";
import { MoveMeetingForm } from "./MoveMeetingForm";
import { SeriesSettingsForm } from "./SeriesSettingsForm";
import { TopicForm } from "@/components/topics/TopicForm";

/** What the next meeting already holds, so nobody adds the same topic twice. */
function QueuedTopics({ seriesId, queued, zone }: { seriesId: string; queued: NonNullable<SeriesWorkspace["queued"]>; zone: string }) {
  if (!queued.meeting) return <p className="mb-3 text-sm text-stone-600">Nothing is queued for the next meeting yet.</p>;
  return (
    <div className="mb-4 border-b border-stone-100 pb-3">
      <p className="text-sm text-stone-700">
        Already queued for{" "}
        <Link href={`/series/${seriesId}/meetings/${queued.meeting.id}`} className="text-teal-800 underline">
          {formatMeetingTime(queued.meeting.scheduledAt, zone)}
        </Link>
        :
      </p>
      <ul aria-label="Queued topics" className="mt-1 flex flex-col gap-1 text-sm">
        {queued.topics.map((t) => (
          <li key={t.id} data-testid="queued-topic" className="min-w-0">
            <span dir="auto" className={`wrap-anywhere ${t.status === "discussed" ? "text-stone-600 line-through" : "text-stone-900"}`}>
              {t.text}
            </span>{" "}
            <span className="text-xs text-stone-600">
              · {TOPIC_KIND_LABELS[t.kind]} · {t.mine ? "you" : t.authorName}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The series page's share of topics, history search, and the planning controls, from the page's loader. */
export function SeriesPanel({
  seriesId,
  share,
  queued,
  planning,
}: {
  seriesId: string;
  share: NonNullable<SeriesWorkspace["share"]>;
  queued: SeriesWorkspace["queued"];
  planning: NonNullable<SeriesWorkspace["planning"]>;
}) {
  const zone = planning.settings.timeZone;
  return (
    <div className="mt-6 grid gap-6 md:grid-cols-2">
      <Card title="Add a topic to the next meeting">
        {queued ? <QueuedTopics seriesId={seriesId} queued={queued} zone={planning.settings.timeZone} /> : null}
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
            <label htmlFor="history-q" className="sr-only">
              Search this series
            </label>
            <input id="history-q" name="q" type="search" placeholder="Search agendas, topics, action items" className={`${inputClass} flex-1`} />
            <button className={buttonClass}>Search</button>
          </form>
          <p className="mt-2 text-sm">
            <Link href={`/series/${seriesId}/history`} className="text-teal-800 underline">
              Browse past meetings
            </Link>
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
                    <span className="font-medium">
                      {label}
                      {m.moved ? " (moved)" : ""}
                    </span>
                    <CancelMeetingButton action={cancelMeetingAction} meetingId={m.id} label={`the meeting on ${label}`} />
                  </div>
                  <MoveMeetingForm
                    action={moveMeetingAction}
                    meetingId={m.id}
                    date={local.toISODate()!}
                    time={local.toFormat("HH:mm")}
                    label={`the meeting on ${label}`}
                  />
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">No stored meetings ahead. The next one is created when a topic is added or a meeting completes.</p>
        )}
        {planning.undoable.length ? (
          <div className="mt-3 border-t border-stone-100 pt-3">
            <h3 className="text-sm font-medium text-stone-800">You can undo</h3>
            <ul className="text-sm">
              {planning.undoable.map((c) => {
                const what =
                  c.kind === "move"
                    ? `Moved the meeting of ${formatMeetingTime(c.before, zone)} to ${formatMeetingTime(c.after, zone)}`
                    : c.kind === "cancel"
                      ? `Cancelled the meeting on ${formatMeetingTime(c.before, zone)}`
                      : `Leave from ${c.startsOn} to ${c.endsOn}`;
                return (
                  <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-1">
                    <span>{what}</span>
                    <InlineAction action={undoChangeAction} fields={{ changeId: c.id }} label="Undo" about={what} />
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
      </Card>
      <Card title="Change cadence or format">
        <SeriesSettingsForm action={updateSeriesSettingsAction} seriesId={seriesId} settings={planning.settings} />
      </Card>
    </div>
  );
}
