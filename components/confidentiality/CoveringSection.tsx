import { assignCoveringAction, endCoveringAction } from "@/app/(app)/series/[seriesId]/covering-actions";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { COVERING_MAX_DAYS, COVERING_MAX_LEAD_DAYS, today } from "@/lib/policy";
import { coveringCandidates, listCovering } from "@/lib/server/covering";
import { Card } from "@/components/ui/Card";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { ActionButton } from "./ActionButton";
import { CoveringForm } from "./CoveringForm";

/** The choice lists at most this many people; a larger organization searches by name first. */
const LISTED = 50;

/** Who covers for the manager and when. During the range they work with the shared agenda; never private notes. */
export async function CoveringSection({ seriesId, personQuery = "" }: { seriesId: string; personQuery?: string }) {
  const actor = await requireUser();
  const covering = await listCovering(actor, seriesId).catch((error: unknown) => {
    if (error instanceof AppError) return null;
    throw error;
  });
  if (!covering) return null;
  const found = covering.canManage ? await coveringCandidates(actor, seriesId, { query: personQuery, limit: LISTED + 1 }) : [];
  const people = found.slice(0, LISTED);
  const searchable = found.length > LISTED || personQuery !== "";
  return (
    <Card title="Covering manager">
      <p className="text-sm text-stone-600">
        During the range a covering manager works with the shared agenda, topics and action items and reads goals. They never see private notes.
      </p>
      {covering.assignments.length ? (
        <ul className="mt-2 divide-y divide-stone-100 text-sm">
          {covering.assignments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {a.name} covers from {a.startsOn} to {a.endsOn}
                {a.holds ? null : <span className="text-red-700"> (grants nothing: they no longer manage reports of their own, or the assignment breaks the covering rule)</span>}
              </span>
              {covering.canManage ? <ActionButton action={endCoveringAction} fields={{ assignmentId: a.id }} label="End now" ariaLabel={`End covering by ${a.name}`} /> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-stone-700">Nobody is covering.</p>
      )}
      {covering.canManage && searchable ? (
        <form method="get" role="search" aria-label="Find a covering manager" className="mt-3 flex flex-wrap items-end gap-2">
          <label htmlFor="person" className="text-sm text-stone-700">Find a person by name</label>
          <input id="person" name="person" type="search" defaultValue={personQuery} className={`${inputClass} flex-1`} />
          <button className={buttonClass}>Find</button>
          {found.length > LISTED ? <p className="w-full text-sm text-stone-600">Showing the first {LISTED} by name.</p> : null}
        </form>
      ) : null}
      {covering.canManage && people.length === 0 && !searchable ? (
        <p className="mt-3 text-sm text-stone-700">Nobody can cover yet: only someone who manages reports of their own can.</p>
      ) : null}
      {covering.canManage ? (
        <CoveringForm
          action={assignCoveringAction}
          seriesId={seriesId}
          people={people}
          today={today()}
          lastStart={today(new Date(Date.now() + COVERING_MAX_LEAD_DAYS * 86_400_000))}
          maxDays={COVERING_MAX_DAYS}
        />
      ) : null}
    </Card>
  );
}
