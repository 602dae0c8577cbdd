import { formatDate } from "@/lib/format";
import { TOPIC_CATEGORY_LABELS, TOPIC_KIND_LABELS } from "@/lib/topics/constants";
import { discussTopicAction, editTopicAction, moveTopicAction, removeTopicAction } from "@/app/(app)/series/[seriesId]/topic-actions";
import type { MeetingWorkspace } from "@/lib/server/meeting-page";
import { InlineAction } from "@/components/ui/InlineAction";
import { itemElementId } from "@/components/ui/item-ids";
import { TopicForm } from "./TopicForm";

type Topic = MeetingWorkspace["work"]["topics"][number];
const STATUS = { open: "Open", discussed: "Discussed", carried_over: "Carried over" } as const;

/** The meeting's topics; each person edits, reorders and removes their own, and ticks any. */
export function TopicList({ topics, canWrite }: { topics: Topic[]; canWrite: boolean }) {
  if (!topics.length) return <p className="text-sm text-stone-600">No topics yet.</p>;
  return (
    <ol className="divide-y divide-stone-100" aria-label="Topics">
      {topics.map((t, i) => (
        <li
          key={t.id}
          id={itemElementId("topic", t.id)}
          tabIndex={-1}
          className="flex flex-col gap-2 py-3 focus:outline-2 focus:outline-teal-600"
          data-testid="topic"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p dir="auto" className={`min-w-0 wrap-anywhere ${t.status === "discussed" ? "text-stone-600 line-through" : "text-stone-900"}`}>
              {t.text}
            </p>
            <span className="text-xs font-medium text-stone-700">{STATUS[t.status]}</span>
          </div>
          <p className="text-xs text-stone-600">
            {TOPIC_KIND_LABELS[t.kind]} · {TOPIC_CATEGORY_LABELS[t.category]} · added by {t.mine ? "you" : t.authorName}
            {t.carriedFromDate ? ` · carried over from ${formatDate(t.carriedFromDate)}` : ""}
          </p>
          {canWrite && t.status !== "carried_over" ? (
            <div className="flex flex-wrap items-center gap-2">
              <InlineAction
                action={discussTopicAction}
                fields={{ topicId: t.id, discussed: t.status === "discussed" ? "false" : "true" }}
                label={t.status === "discussed" ? "Reopen" : "Mark discussed"}
                about={t.text}
              />
              {t.mine ? (
                <>
                  {i > 0 ? <InlineAction action={moveTopicAction} fields={{ topicId: t.id, direction: "up" }} label="Up" about={t.text} /> : null}
                  {i < topics.length - 1 ? (
                    <InlineAction action={moveTopicAction} fields={{ topicId: t.id, direction: "down" }} label="Down" about={t.text} />
                  ) : null}
                  <InlineAction action={removeTopicAction} fields={{ topicId: t.id }} label="Remove" about={t.text} />
                  <details className="w-full">
                    <summary className="cursor-pointer text-sm text-teal-800 underline">Edit</summary>
                    <div className="mt-2">
                      <TopicForm
                        action={editTopicAction}
                        hidden={{ topicId: t.id }}
                        submitLabel="Save topic"
                        idPrefix={`edit-${t.id}`}
                        initial={{ text: t.text, kind: t.kind, category: t.category, version: t.version }}
                      />
                    </div>
                  </details>
                </>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
