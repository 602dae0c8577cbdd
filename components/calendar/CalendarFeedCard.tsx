import { Card } from "@/components/ui/Card";
import { CalendarFeedPanel } from "./CalendarFeedPanel";

/** The person's private calendar feed of this series (the page shows it only to those who may read the series). */
export function CalendarFeedCard({ seriesId, hasFeed }: { seriesId: string; hasFeed: boolean }) {
  return (
    <Card title="Calendar">
      <CalendarFeedPanel seriesId={seriesId} hasFeed={hasFeed} />
    </Card>
  );
}
