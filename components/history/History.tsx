import Link from "next/link";
import { formatDate, formatDateFor, formatTimeFor } from "@/lib/format";
import { meetingStatusLabel } from "@/lib/labels";
import type { listHistory, SearchHit } from "@/lib/server/history";
import { TOPIC_CATEGORY_LABELS, TOPIC_KIND_LABELS } from "@/lib/topics/constants";
import { DocumentView } from "@/components/documents/DocumentView";
import { Card } from "@/components/ui/Card";

type History = Awaited<ReturnType<typeof listHistory>>;
const TOPIC_STATUS = { open: "open", discussed: "discussed", carried_over: "carried over" } as const;

export function SearchResults({ seriesId, hits, q, viewer = null }: { seriesId: string; hits: SearchHit[]; q: string; viewer?: string | null }) {
  return (
    <Card title={`Results for "${q}"`}>
      {hits.length ? (
        <ul className="divide-y divide-stone-100 text-sm" data-testid="search-results">
          {hits.map((h, i) => (
            <li key={`${h.meetingId}-${i}`} className="py-2">
              <Link href={`/series/${seriesId}/meetings/${h.meetingId}`} className="font-medium text-teal-800 underline">
                {formatDateFor(h.scheduledAt, viewer)}
              </Link>{" "}
              <span className="text-stone-600">({h.source})</span>
              <p dir="auto" className="wrap-anywhere text-stone-800">
                {h.excerpt}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-stone-600">Nothing found in this series.</p>
      )}
      <p className="mt-3 text-sm">
        <Link href={`/series/${seriesId}/history`} className="text-teal-800 underline">
          Show all past meetings
        </Link>
      </p>
    </Card>
  );
}

/** One page of past meetings, each with its agenda (read-only), topics and action items. */
export function HistoryList({ seriesId, history, viewer = null }: { seriesId: string; history: History; viewer?: string | null }) {
  return (
    <div className="flex flex-col gap-6">
      {history.meetings.length ? null : <p className="text-sm text-stone-600">No past meetings yet.</p>}
      {history.meetings.map((m) => (
        <Card key={m.id} title={formatTimeFor(m.heldAt, viewer, history.timeZone)}>
          <p className="mb-2 text-sm text-stone-600">
            {meetingStatusLabel(m.status, { past: true })} ·{" "}
            <Link href={`/series/${seriesId}/meetings/${m.id}`} className="text-teal-800 underline">
              Open this meeting
            </Link>
          </p>
          {m.content ? (
            <div className="rounded border border-stone-100">
              <DocumentView content={m.content} label={`Agenda of ${formatDateFor(m.heldAt, viewer)}`} />
            </div>
          ) : null}
          <h3 className="mt-3 font-medium text-stone-900">Topics</h3>
          {m.topics.length ? (
            <ul className="list-disc pl-5 text-sm">
              {m.topics.map((t) => (
                <li key={t.id} className="wrap-anywhere">
                  <span dir="auto">{t.text}</span>{" "}
                  <span className="text-stone-600">
                    ({TOPIC_KIND_LABELS[t.kind]}, {TOPIC_CATEGORY_LABELS[t.category]}, {t.authorName}, {TOPIC_STATUS[t.status]}
                    {t.carriedFromDate ? `, carried over from ${formatDate(t.carriedFromDate)}` : ""})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-stone-600">None.</p>
          )}
          <h3 className="mt-3 font-medium text-stone-900">Action items</h3>
          {m.actionItems.length ? (
            <ul className="list-disc pl-5 text-sm">
              {m.actionItems.map((a) => (
                <li key={a.id} className="wrap-anywhere">
                  <span dir="auto">{a.text}</span>{" "}
                  <span className="text-stone-600">
                    ({a.owner}
                    {a.dueDate ? `, due ${formatDate(a.dueDate)}` : ""}, {a.done ? "done" : "open"})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-stone-600">None.</p>
          )}
        </Card>
      ))}
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {history.page > 1 ? (
          <Link href={`/series/${seriesId}/history?page=${history.page - 1}`} className="text-teal-800 underline">
            Newer meetings
          </Link>
        ) : (
          <span />
        )}
        {history.hasMore ? (
          <Link href={`/series/${seriesId}/history?page=${history.page + 1}`} className="text-teal-800 underline">
            Older meetings
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
