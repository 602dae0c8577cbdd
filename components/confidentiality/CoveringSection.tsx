import { assignCoveringAction, endCoveringAction } from "@/app/(app)/series/[seriesId]/covering-actions";
import { COVERING_ADMIN_MIN_MANAGING_DAYS, COVERING_MAX_DAYS, COVERING_MAX_LEAD_DAYS, today } from "@/lib/policy";
import type { SeriesWorkspace } from "@/lib/server/series-page";
import { Card } from "@/components/ui/Card";
import { buttonClass, inputClass } from "@/components/ui/Field";
import { ActionButton } from "./ActionButton";
import { CoveringForm } from "./CoveringForm";

/** The choice lists at most this many people; a larger organization searches by name first. */
export const COVERING_LISTED = 50;
const LISTED = COVERING_LISTED;

/**
 * Who covers for the manager and when. During the range they work with the shared agenda; never
 * private notes. Its data comes from the series page's one loader (lib/server/series-page).
 */
export function CoveringSection({ seriesId, personQuery = "", covering }: { seriesId: string; personQuery?: string; covering: SeriesWorkspace["covering"] }) {
  const found = covering.candidates;
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
                {a.name} covers from {a.startsOn} to {a.endsOn}, named by {a.namedByName}
                {a.begun ? null : <span> (access begins {a.accessFrom.toISOString().slice(0, 16).replace("T", " ")} UTC)</span>}
                {a.holds ? null : (
                  <span className="text-red-700">
                    {" "}
                    (grants nothing: they no longer manage reports of their own, or the assignment breaks the covering rule)
                  </span>
                )}
              </span>
              {covering.capabilities.nameCovering ? (
                <ActionButton action={endCoveringAction} fields={{ assignmentId: a.id }} label="End now" about={`covering by ${a.name}`} />
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-stone-700">Nobody is covering.</p>
      )}
      {covering.capabilities.nameCovering && covering.strictRule ? (
        <p className="mt-3 text-sm text-stone-700">
          As an admin you can name someone only while the manager is on leave for every day of the range (marked as leave) or has left, and only someone who has
          managed a report of their own for at least {COVERING_ADMIN_MIN_MANAGING_DAYS} days. Their access begins a day after you name them; the report is told
          at once who, by whom and from when.
        </p>
      ) : null}
      {covering.capabilities.nameCovering && searchable ? (
        <form method="get" role="search" aria-label="Find a covering manager" className="mt-3 flex flex-wrap items-end gap-2">
          <label htmlFor="person" className="text-sm text-stone-700">
            Find a person by name
          </label>
          <input id="person" name="person" type="search" defaultValue={personQuery} className={`${inputClass} flex-1`} />
          <button className={buttonClass}>Find</button>
          {found.length > LISTED ? <p className="w-full text-sm text-stone-600">Showing the first {LISTED} by name.</p> : null}
        </form>
      ) : null}
      {covering.capabilities.nameCovering && people.length === 0 && !searchable ? (
        <p className="mt-3 text-sm text-stone-700">
          Nobody can cover yet: only someone who manages reports of their own can
          {covering.strictRule ? `, for at least ${COVERING_ADMIN_MIN_MANAGING_DAYS} days` : ""}.
        </p>
      ) : null}
      {covering.capabilities.nameCovering ? (
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
