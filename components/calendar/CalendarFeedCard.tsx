import { getMyFeed } from "@/lib/server/calendar-feeds";
import type { Actor } from "@/lib/policy";
import { Card } from "@/components/ui/Card";
import { CalendarFeedPanel } from "./CalendarFeedPanel";

/** The person's private calendar feed of this series (only for those who may read it). */
export async function CalendarFeedCard({ actor, seriesId }: { actor: Actor; seriesId: string }) {
  const feed = await getMyFeed(actor, seriesId).catch(() => undefined);
  if (feed === undefined) return null;
  return (
    <Card title="Calendar">
      <CalendarFeedPanel seriesId={seriesId} hasFeed={Boolean(feed)} />
    </Card>
  );
}
