import { requireUser } from "@/lib/auth";
import { newTopicsFromReport } from "@/lib/server/topics";

/** "2 new topics from Jonas" on the manager's dashboard; nothing when there are none. */
export async function NewTopicsNote({ seriesId, meetingId }: { seriesId: string; meetingId: string }) {
  const actor = await requireUser();
  const { count, reportName } = await newTopicsFromReport(actor, seriesId, meetingId).catch(() => ({ count: 0, reportName: "" }));
  if (!count) return null;
  return (
    <p className="text-sm font-medium text-amber-900" data-testid="new-topics">
      {count} new topic{count === 1 ? "" : "s"} from {reportName}
    </p>
  );
}
