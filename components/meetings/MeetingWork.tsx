import { formatDate, formatDateFor, formatTimeFor } from "@/lib/format";
import type { MeetingCapabilities } from "@/lib/policy/capabilities";
import type { MeetingWorkspace } from "@/lib/server/meeting-page";
import { actionItemDoneAction, addActionItemAction, removeActionItemAction } from "@/app/(app)/series/[seriesId]/action-item-actions";
import { completeMeetingAction, reopenMeetingAction, startMeetingAction } from "@/app/(app)/series/[seriesId]/meeting-actions";
import { addTopicAction } from "@/app/(app)/series/[seriesId]/topic-actions";
import { Card } from "@/components/ui/Card";
import { ActionItemForm } from "@/components/action-items/ActionItemForm";
import { InlineAction } from "@/components/ui/InlineAction";
import { itemElementId } from "@/components/ui/item-ids";
import { MeetingControls } from "./MeetingControls";
import { TopicForm } from "@/components/topics/TopicForm";
import { TopicList } from "@/components/topics/TopicList";

type Props = {
  meeting: MeetingWorkspace["meeting"];
  work: MeetingWorkspace["work"];
  capabilities: MeetingCapabilities;
};

/** Where the meeting stands, and start, complete or reopen it: a slim bar above the agenda. Times in the viewer's own zone. */
export function MeetingStatusBar({ meeting, work, capabilities, viewerZone }: Props & { viewerZone: string | null }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white px-5 py-3 shadow-sm">
      <MeetingControls
        meetingId={meeting.id}
        seriesId={meeting.seriesId}
        status={meeting.status}
        canStart={capabilities.start}
        canComplete={capabilities.complete}
        canReopen={capabilities.reopen}
        summary={work.summary}
        completedOn={meeting.completedAt ? `Completed on ${formatDateFor(meeting.completedAt, viewerZone)}` : null}
        reopenedNote={work.reopened ? `${work.reopened.name} reopened this meeting on ${formatTimeFor(work.reopened.at, viewerZone)}.` : null}
        start={startMeetingAction}
        complete={completeMeetingAction}
        reopen={reopenMeetingAction}
      />
    </div>
  );
}

/** The meeting's talking points, right under its shared agenda: who added each, its kind, discussed, order. */
export function MeetingTopics({ meeting, work, capabilities }: Props) {
  const open = work.topics.filter((t) => t.status === "open").length;
  return (
    <Card
      title="Topics"
      actions={
        work.topics.length ? (
          <span className="text-sm text-stone-600" data-testid="topics-open">
            {open} of {work.topics.length} open
          </span>
        ) : null
      }
    >
      <TopicList topics={work.topics} canWrite={capabilities.markDiscussed} />
      {capabilities.addTopic ? (
        <div className="mt-4 border-t border-stone-100 pt-4">
          <h3 className="mb-2 font-medium text-stone-900">Add a topic</h3>
          <TopicForm action={addTopicAction} hidden={{ seriesId: meeting.seriesId, meetingId: meeting.id }} submitLabel="Add topic" idPrefix="new-topic" />
        </div>
      ) : null}
    </Card>
  );
}

/** The meeting's action items: each person ticks any, and removes their own. */
export function MeetingActionItems({ meeting, work, capabilities }: Props) {
  const owners = { manager: meeting.managerName, report: meeting.reportName };
  return (
    <Card title="Action items">
      {work.actionItems.length ? (
        <ul className="divide-y divide-stone-100" aria-label="Action items">
          {work.actionItems.map((a) => (
            <li
              key={a.id}
              id={itemElementId("action-item", a.id)}
              tabIndex={-1}
              className="flex flex-wrap items-center justify-between gap-2 py-2 focus:outline-2 focus:outline-teal-600"
              data-testid="action-item"
            >
              <div className="min-w-0">
                <p dir="auto" className={`wrap-anywhere ${a.done ? "text-stone-600 line-through" : "text-stone-900"}`}>
                  {a.text}
                </p>
                <p className="text-xs text-stone-600">
                  {owners[a.owner]}
                  {a.dueDate ? ` · due ${formatDate(a.dueDate)}` : ""}
                  {a.done ? " · done" : ""}
                  {a.carriedFromDate ? ` · carried over from ${formatDate(a.carriedFromDate)}` : ""}
                </p>
              </div>
              {capabilities.addActionItem ? (
                <div className="flex gap-2">
                  <InlineAction
                    action={actionItemDoneAction}
                    fields={{ actionItemId: a.id, done: a.done ? "false" : "true" }}
                    label={a.done ? "Reopen" : "Done"}
                    about={a.text}
                  />
                  {a.mine ? <InlineAction action={removeActionItemAction} fields={{ actionItemId: a.id }} label="Remove" about={a.text} /> : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-stone-600">No action items yet.</p>
      )}
      {capabilities.addActionItem ? (
        <div className="mt-4 border-t border-stone-100 pt-4">
          <ActionItemForm action={addActionItemAction} meetingId={meeting.id} managerName={meeting.managerName} reportName={meeting.reportName} />
        </div>
      ) : null}
    </Card>
  );
}
