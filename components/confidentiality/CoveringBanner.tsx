import { formatTimeFor } from "@/lib/format";
import type { SeriesWorkspace } from "@/lib/server/series-page";

/**
 * The covering assignments someone other than the manager made (an org admin), at the top of the
 * series page: who covers, who named them, when, and from when their access begins. The report
 * reads this a day before the covering manager can open anything.
 */
export function CoveringBanner({ notices, viewerZone }: { notices: SeriesWorkspace["covering"]["notices"]; viewerZone: string | null }) {
  if (!notices.length) return null;
  return (
    <div role="status" data-testid="covering-banner" className="mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <ul className="flex flex-col gap-1">
        {notices.map((n) => (
          <li key={n.id}>
            <strong>{n.namedByName}</strong> (an admin) named <strong>{n.name}</strong> on {formatTimeFor(n.namedAt, viewerZone)} to cover these one-on-ones
            from {n.startsOn} to {n.endsOn}. Their access begins {formatTimeFor(n.accessFrom, viewerZone)} at the earliest, and every time they open anything
            shows in the report&apos;s access log.
          </li>
        ))}
      </ul>
    </div>
  );
}
