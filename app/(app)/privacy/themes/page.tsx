import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { CATEGORY_LABELS } from "@/lib/confidentiality/terms";
import { AppError } from "@/lib/errors";
import { THEME_WEEKS } from "@/lib/policy";
import { getTeamThemes } from "@/lib/server/themes";
import { themesQuerySchema } from "@/lib/validation/confidentiality";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { Card, PageHeader } from "@/components/ui/Card";

export const metadata: Metadata = { title: "Team themes" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function ThemesPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireUser();
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  const parsed = themesQuerySchema.safeParse({ weeks: one("weeks") ?? THEME_WEEKS[0], scope: one("scope") || undefined });
  const query = parsed.success ? parsed.data : { weeks: THEME_WEEKS[0] };
  // Free dates are not accepted any more: whole weeks only, ending at least a week ago.
  const notice =
    raw.from !== undefined || raw.to !== undefined
      ? `Periods are chosen in whole weeks, ending at least a week ago; the dates in the address were ignored. Showing the last ${query.weeks} weeks.`
      : !parsed.success
        ? `That period or scope is not one of the choices; showing the last ${query.weeks} weeks.`
        : null;
  const themes = await getTeamThemes(actor, query).catch((error: unknown) => {
    if (error instanceof AppError) return null;
    throw error;
  });
  return (
    <>
      <PageHeader title="Team themes" subtitle="How many topics fall in each category. Never any text, and only where enough different people contribute." />
      {!themes ? (
        <Card>
          <p className="text-sm text-stone-600">Team themes are for managers (their own team) and org admins (the whole organization).</p>
        </Card>
      ) : (
        <Card>
          <form method="get" role="search" aria-label="Choose the period" className="mb-4 flex flex-wrap items-end gap-3">
            <label className="flex flex-col gap-1 text-sm font-medium">
              Period
              <select name="weeks" defaultValue={String(themes.weeks)} className={inputClass}>
                {THEME_WEEKS.map((w) => (
                  <option key={w} value={w}>
                    {w} whole weeks, ending the week before last
                  </option>
                ))}
              </select>
            </label>
            {themes.canChooseScope ? (
              <label className="flex flex-col gap-1 text-sm font-medium">
                Scope
                <select name="scope" defaultValue={themes.scope} className={inputClass}>
                  <option value="team">My team</option>
                  <option value="org">Whole organization</option>
                </select>
              </label>
            ) : null}
            <button className={buttonClass}>Show</button>
          </form>
          {notice ? (
            <p role="alert" className="mb-3 text-sm text-red-700">
              {notice}
            </p>
          ) : null}
          <p className="mb-3 text-sm text-stone-600">
            {themes.scope === "org" ? "Whole organization" : "Your team"}, {themes.weeks} weeks from {themes.from} to {themes.lastDay}. Only topics that reports
            wrote count, each once, and never your own series. A category shows only where at least {themes.threshold} different people contribute. Each week is
            counted once, after it ended, and its counts never change afterwards.
          </p>
          {themes.categories.length === 0 ? (
            <p className="text-sm text-stone-700">No category reaches the threshold in this period.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-stone-600">
                <tr>
                  <th scope="col" className="py-2 font-medium">
                    Category
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Topics
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    People contributing
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {themes.categories.map((c) => (
                  <tr key={c.category}>
                    <td className="py-2">{CATEGORY_LABELS[c.category] ?? c.category}</td>
                    <td className="py-2">{c.topics}</td>
                    <td className="py-2">{c.reports}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </>
  );
}
