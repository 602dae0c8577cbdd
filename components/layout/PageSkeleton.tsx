/**
 * What a page shows while its data loads (a route's loading.tsx, or a section's Suspense
 * fallback): the navigation is already there, and a screen reader hears that the page is loading.
 */
export function SectionSkeleton({ lines = 3 }: { lines?: number }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-5 shadow-sm" aria-hidden="true" data-stream-fallback="">
      <div className="mb-4 h-5 w-1/3 animate-pulse rounded bg-stone-100" />
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="mb-2 h-4 animate-pulse rounded bg-stone-100" style={{ width: `${90 - i * 15}%` }} />
      ))}
    </div>
  );
}

export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" data-stream-fallback="">
      <p className="sr-only">Loading…</p>
      <div className="mb-6 h-8 w-1/2 max-w-sm animate-pulse rounded bg-stone-200" aria-hidden="true" />
      <div className="grid gap-6 md:grid-cols-2">
        <SectionSkeleton />
        <SectionSkeleton />
      </div>
    </div>
  );
}
