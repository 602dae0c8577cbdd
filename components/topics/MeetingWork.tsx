import { requireUser } from "@/lib/auth";
import { formatDate, formatMeetingTime } from "@/lib/format";
import { getMeetingTopics } from "@/lib/server/topics";
import { actionItemDoneAction, addActionItemAction, addTopicAction, completeMeetingAction, removeActionItemAction, reopenMeetingAction, startMeetingAction } from "@/app/(app)/series/[seriesId]/topic-actions";
import { Card } from "@/components/ui/Card";
import { ActionItemForm } from "./ActionItemForm";
import { InlineAction } from "./InlineAction";
import { MeetingControls } from "./MeetingControls";
import { TopicForm } from "./TopicForm";
import { TopicList } from "./TopicList";

/** The in-meeting work: status, topics and action items of one meeting. */
export async function MeetingWork({ meetingId, seriesId, managerName, reportName }: { meetingId: string; seriesId: string; managerName: string; reportName: string }) {
  const actor = await requireUser();
  const work = await getMeetingTopics(actor, meetingId);
  const owners = { manager: managerName, report: reportName };
  return (
    <div className="mt-6 flex flex-col gap-6">
      <Card title="Meeting">
        <MeetingControls
          meetingId={meetingId}
          seriesId={seriesId}
          status={work.meeting.status}
          canComplete={work.canComplete}
          canReopen={work.canReopen}
          summary={work.summary}
          completedOn={work.meeting.completedAt ? `Completed on ${formatDate(work.meeting.completedAt)}` : null}
          reopenedNote={work.reopened ? `${work.reopened.name} reopened this meeting on ${formatMeetingTime(work.reopened.at)}.` : null}
          start={startMeetingAction}
          complete={completeMeetingAction}
          reopen={reopenMeetingAction}
        />
      </Card>
      <Card title="Topics">
        <TopicList topics={work.topics} canWrite={work.canWrite} />
        {work.canWrite ? (
          <div className="mt-4 border-t border-stone-100 pt-4">
            <h3 className="mb-2 font-medium text-stone-900">Add a topic</h3>
            <TopicForm action={addTopicAction} hidden={{ seriesId, meetingId }} submitLabel="Add topic" idPrefix="new-topic" />
          </div>
        ) : null}
      </Card>
      <Card title="Action items">
        {work.actionItems.length ? (
          <ul className="divide-y divide-stone-100" aria-label="Action items">
            {work.actionItems.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="action-item">
                <div>
                  <p className={a.done ? "text-stone-600 line-through" : "text-stone-900"}>{a.text}</p>
                  <p className="text-xs text-stone-600">
                    {owners[a.owner]}
                    {a.dueDate ? ` · due ${formatDate(a.dueDate)}` : ""}
                    {a.done ? " · done" : ""}
                    {a.carriedFromDate ? ` · carried over from ${formatDate(a.carriedFromDate)}` : ""}
                  </p>
                </div>
                {work.canWrite ? (
                  <div className="flex gap-2">
                    <InlineAction action={actionItemDoneAction} fields={{ actionItemId: a.id, done: a.done ? "false" : "true" }} label={a.done ? "Reopen" : "Done"} title={`${a.done ? "Reopen" : "Mark done"}: ${a.text}`} />
                    {a.mine ? <InlineAction action={removeActionItemAction} fields={{ actionItemId: a.id }} label="Remove" title={`Remove: ${a.text}`} /> : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">No action items yet.</p>
        )}
        {work.canWrite ? (
          <div className="mt-4 border-t border-stone-100 pt-4">
            <ActionItemForm action={addActionItemAction} meetingId={meetingId} managerName={managerName} reportName={reportName} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
