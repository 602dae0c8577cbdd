import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { listHistory, searchSeries } from "@/lib/server/history";
import { viewerTimeZone } from "@/lib/server/profile";
import { historySchema, searchSchema } from "@/lib/validation/history";
import { HistoryList, SearchResults } from "@/components/history/History";
import { PageHeader } from "@/components/ui/Card";
import { buttonClass, inputClass } from "@/components/ui/Field";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ seriesId: string }>;
  searchParams: Promise<{ page?: string; q?: string }>;
}) {
  const { seriesId } = await params;
  const { page, q } = await searchParams;
  const actor = await requireUser();
  const viewer = await viewerTimeZone(actor);
  const parsed = historySchema.safeParse({ seriesId, page });
  if (!parsed.success) notFound();
  const search = q ? searchSchema.safeParse({ seriesId, q }) : null;
  const load = async () => {
    if (search?.success) return { hits: await searchSeries(actor, search.data), history: null };
    return { hits: null, history: await listHistory(actor, parsed.data) };
  };
  const data = await load().catch((error: unknown) => {
    if (error instanceof AppError && error.code !== "invalid") notFound();
    if (error instanceof AppError) return { hits: [], history: null };
    throw error;
  });
  return (
    <>
      <PageHeader
        title="Past meetings"
        subtitle={
          <Link href={`/series/${seriesId}`} className="text-teal-800 underline">
            Back to the series
          </Link>
        }
      />
      <form method="get" role="search" className="mb-6 flex flex-wrap gap-2">
        <label htmlFor="q" className="sr-only">
          Search this series
        </label>
        <input id="q" name="q" type="search" defaultValue={q ?? ""} placeholder="Search agendas, topics, action items" className={`${inputClass} flex-1`} />
        <button className={buttonClass}>Search</button>
      </form>
      {data.hits ? <SearchResults seriesId={seriesId} hits={data.hits} q={q ?? ""} viewer={viewer} /> : null}
      {data.history ? <HistoryList seriesId={seriesId} history={data.history} viewer={viewer} /> : null}
    </>
  );
}
