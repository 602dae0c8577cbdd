import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requireUser } from "@/lib/auth";
import { ACCESS_KIND_LABELS, ACCESS_KINDS } from "@/lib/confidentiality/access-kinds";
import { formatTimeFor } from "@/lib/format";
import { viewerTimeZone } from "@/lib/server/profile";
import { getAccessLogPage } from "@/lib/server/access-log";
import { accessLogQuerySchema } from "@/lib/validation/confidentiality";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { Card, PageHeader } from "@/components/ui/Card";
import { SectionSkeleton } from "@/components/layout/PageSkeleton";

export const metadata: Metadata = { title: "Access log" };

type Search = Promise<Record<string, string | string[] | undefined>>;
type Entry = Awaited<ReturnType<typeof getAccessLogPage>>["entries"][number];

function Entries({ entries, caption, viewer }: { entries: Entry[]; caption: string; viewer: string | null }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-stone-600">
        <tr>
          <th scope="col" className="py-2 font-medium">
            When
          </th>
          <th scope="col" className="py-2 font-medium">
            Who
          </th>
          <th scope="col" className="py-2 font-medium">
            What
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-stone-100">
        {entries.map((e) => (
          <tr key={e.id}>
            <td className="py-2 pr-3 whitespace-nowrap">{formatTimeFor(e.createdAt, viewer)}</td>
            <td className="py-2 pr-3">{e.actorName ?? (e.kind === "recovery" ? "Account recovery" : "The app")}</td>
            <td className="py-2">
              {e.action}
              {e.subject ? `: ${e.subject}` : ""}
              {e.times > 1 ? ` (${e.times} times that day)` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function AccessLogPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireUser();
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === "string" && raw[k] !== "" ? (raw[k] as string) : undefined);
  const parsed = accessLogQuerySchema.safeParse({ page: one("page"), kind: one("kind") });
  // The page's one loader, started here and awaited inside the boundary, so the shell streams first.
  const log = Promise.all([getAccessLogPage(actor, parsed.success ? parsed.data : { page: 1 }), viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader title="Access log" subtitle="Only you can read this log of your one-on-one record." />
      <Suspense fallback={<SectionSkeleton lines={6} />}>
        <Log pending={log} valid={parsed.success} />
      </Suspense>
    </>
  );
}

async function Log({ pending, valid }: { pending: Promise<[Awaited<ReturnType<typeof getAccessLogPage>>, string | null]>; valid: boolean }) {
  const [log, viewer] = await pending;
  const href = (page: number) => `/privacy/access-log?${new URLSearchParams({ ...(log.kind ? { kind: log.kind } : {}), page: String(page) })}`;
  return (
    <>
      <Card title="Important">
        <p className="mb-2 text-sm text-stone-600">
          Covering managers, shared excerpts, safety escalations, recovery of your account and exports by anyone but you. Always listed here, however long the
          log grows.
        </p>
        {log.important.length ? (
          <Entries viewer={viewer} entries={log.important} caption="Important entries" />
        ) : (
          <p className="text-sm text-stone-700">None.</p>
        )}
      </Card>
      <div className="mt-6">
        <Card title="Everything">
          <form method="get" role="search" aria-label="Filter the log" className="mb-4 flex flex-wrap items-end gap-3">
            <label className="flex flex-col gap-1 text-sm font-medium">
              Kind
              <select name="kind" defaultValue={log.kind ?? ""} className={inputClass}>
                <option value="">All kinds</option>
                {ACCESS_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {ACCESS_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </label>
            <button className={buttonClass}>Show</button>
          </form>
          {!valid ? (
            <p role="alert" className="mb-3 text-sm text-red-700">
              That page or kind is not valid; showing the first page of everything.
            </p>
          ) : null}
          {log.entries.length === 0 ? (
            <p className="text-sm text-stone-600">
              {log.total === 0 && !log.kind
                ? "Nobody but you and your manager at ordinary work has read your record, and no exception was used."
                : "No entries here."}
            </p>
          ) : (
            <Entries viewer={viewer} entries={log.entries} caption="Every entry, newest first" />
          )}
          <nav aria-label="Pages of the access log" className="mt-4 flex items-center justify-between text-sm">
            {log.hasPrevious ? (
              <Link href={href(log.page - 1)} className="text-teal-800 underline">
                Newer entries
              </Link>
            ) : (
              <span />
            )}
            <span className="text-stone-600">
              Page {log.page} of {Math.max(1, Math.ceil(log.total / log.pageSize))} ({log.total} entries, {log.pageSize} a page)
            </span>
            {log.hasNext ? (
              <Link href={href(log.page + 1)} className="text-teal-800 underline">
                Older entries
              </Link>
            ) : (
              <span />
            )}
          </nav>
        </Card>
      </div>
    </>
  );
}
