import "server-only";
// Team themes are counted one closed week at a time and frozen: the first reader who needs a week
// counts it and stores the counts, in one transaction that claims the week first (a primary key
// on org and week), so that a second reader at the same moment waits for the claim and then reads
// the same counts. What a week counts: topics the report of a line wrote that week while that line
// held (so a line ended later takes nothing away), each once (carried-over copies are the same
// topic), never one the report kept out (on the original or any copy). The line's facts are stored
// beside the count; which lines a window may count, and whose series it leaves out, is decided
// when reading (lib/server/themes.ts).
import { and, eq, gt, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { reportingLines, series, themeWeekCounts, themeWeeks, topics } from "@/db/schema";
import { lineOfSeries } from "./lines";

const DAY = 86_400_000;

/** The day (UTC) a topic was written, as the lines' dates are kept. */
const topicDay = sql`(${topics.createdAt} at time zone 'UTC')::date`;

function countsOfWeek(db: Db | Tx, orgId: string, weekStart: string) {
  const start = new Date(`${weekStart}T00:00:00Z`);
  const end = new Date(start.getTime() + 7 * DAY);
  return db
    .select({
      orgId: reportingLines.orgId,
      weekStart: sql<string>`${weekStart}::date`.as("week_start"),
      lineId: sql<string>`${reportingLines.id}`.as("line_id"),
      managerId: reportingLines.managerId,
      reportId: reportingLines.reportId,
      lineFrom: sql<string>`${reportingLines.activeFrom}`.as("line_from"),
      lineCreatedAt: sql<Date>`${reportingLines.createdAt}`.as("line_created_at"),
      category: topics.category,
      topics: sql<number>`count(*)::int`.as("topics"),
    })
    .from(topics)
    .innerJoin(series, eq(series.id, topics.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .where(
      and(
        eq(reportingLines.orgId, orgId),
        eq(topics.authorId, reportingLines.reportId),
        isNull(topics.carriedFromMeetingId),
        eq(topics.keepOutOfThemes, false),
        sql`not exists (select 1 from topics c where c.series_id = ${topics.seriesId} and c.author_id = ${topics.authorId}
          and c.text = ${topics.text} and c.carried_from_meeting_id is not null and c.keep_out_of_themes)`,
        gte(topics.createdAt, start),
        lt(topics.createdAt, end),
        lte(reportingLines.activeFrom, topicDay),
        or(isNull(reportingLines.activeTo), gt(reportingLines.activeTo, topicDay)),
      ),
    )
    .groupBy(
      reportingLines.orgId,
      reportingLines.id,
      reportingLines.managerId,
      reportingLines.reportId,
      reportingLines.activeFrom,
      reportingLines.createdAt,
      topics.category,
    );
}

/** Counts and freezes the weeks of `weekStarts` that this org has not frozen yet; a week already frozen is never counted again. */
export async function freezeThemeWeeks(db: Db, orgId: string, weekStarts: string[], now: Date = new Date()): Promise<void> {
  if (!weekStarts.length) return;
  const frozen = await db
    .select({ weekStart: themeWeeks.weekStart })
    .from(themeWeeks)
    .where(and(eq(themeWeeks.orgId, orgId), inArray(themeWeeks.weekStart, weekStarts)));
  const missing = weekStarts.filter((w) => !frozen.some((f) => f.weekStart === w)).sort();
  if (!missing.length) return;
  await db.transaction(async (tx) => {
    for (const weekStart of missing) {
      // The claim: a reader who loses it (another froze the week first) leaves that week as it is.
      const [claimed] = await tx
        .insert(themeWeeks)
        .values({ orgId, weekStart, frozenAt: now })
        .onConflictDoNothing()
        .returning({ weekStart: themeWeeks.weekStart });
      if (!claimed) continue;
      await tx.insert(themeWeekCounts).select(countsOfWeek(tx, orgId, weekStart));
    }
  });
}
