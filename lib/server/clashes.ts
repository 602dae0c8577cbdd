import "server-only";
// Which of a manager's meetings a new time would overlap: the stored ones ahead and the cadence
// slots still to come (a series stores only its next meeting), for the move's confirm step.
import { and, eq, gt, inArray, lt, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import { meetings, reportingLines, series, users } from "@/db/schema";
import { today } from "@/lib/policy";
import { occurrencesAfter } from "@/lib/schedule";
import { lineActiveOn, lineOfSeries, pairActive } from "./lines";

export type Clash = { at: Date; durationMinutes: number; withName: string | null; timeZone: string };

const HOUR = 3600_000;
/** The longest meeting (lib/validation/series): a stored meeting starting this long before `from` may still run. */
const LONGEST = 2 * HOUR;

export async function managerClashes(
  db: Db | Tx,
  q: { managerId: string; excludeMeetingId: string; from: Date; minutes: number },
  now: Date = new Date(),
): Promise<Clash[]> {
  const end = new Date(q.from.getTime() + q.minutes * 60_000);
  const overlaps = (at: Date, minutes: number) => at < end && q.from < new Date(at.getTime() + minutes * 60_000);
  const other = alias(users, "other");
  // The manager's own series as manager, and their one-on-ones with their own manager.
  const mine = await db
    .select({
      id: series.id,
      cadence: series.cadence,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      anchorAt: sql<Date | null>`coalesce(${series.anchorAt}, (select min(m.scheduled_at) from meetings m where m.series_id = ${series.id}))`.mapWith(
        (v: string | Date | null) => (v ? new Date(v) : null),
      ),
      withName: other.name,
    })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .innerJoin(
      other,
      sql`${other.id} = case when ${reportingLines.managerId} = ${q.managerId} then ${reportingLines.reportId} else ${reportingLines.managerId} end`,
    )
    // A series one of whose pair left has no meetings ahead to clash with (lib/server/lines.ts pairActive).
    .where(and(or(eq(reportingLines.managerId, q.managerId), eq(reportingLines.reportId, q.managerId)), lineActiveOn(today(now)), pairActive));
  if (!mine.length) return [];
  const ids = mine.map((s) => s.id);
  const stored = await db
    .select({
      seriesId: meetings.seriesId,
      status: meetings.status,
      scheduledAt: meetings.scheduledAt,
      occurrenceAt: meetings.occurrenceAt,
      durationMinutes: meetings.durationMinutes,
    })
    .from(meetings)
    .where(
      and(
        inArray(meetings.seriesId, ids),
        ne(meetings.id, q.excludeMeetingId),
        or(
          and(gt(meetings.scheduledAt, new Date(q.from.getTime() - LONGEST)), lt(meetings.scheduledAt, end)),
          and(gt(meetings.occurrenceAt, new Date(q.from.getTime() - 48 * HOUR)), lt(meetings.occurrenceAt, new Date(end.getTime() + 48 * HOUR))),
        ),
      ),
    );
  // The moving meeting's own slot stays taken by it, wherever it goes.
  const [self] = await db.select({ occurrenceAt: meetings.occurrenceAt }).from(meetings).where(eq(meetings.id, q.excludeMeetingId));
  const taken = new Set([...stored.map((m) => m.occurrenceAt?.getTime()), self?.occurrenceAt?.getTime()].filter((v) => v !== undefined));
  const clashes: Clash[] = [];
  for (const s of mine) {
    for (const m of stored.filter((x) => x.seriesId === s.id)) {
      if ((m.status === "scheduled" || m.status === "in_progress") && overlaps(m.scheduledAt, m.durationMinutes)) {
        clashes.push({ at: m.scheduledAt, durationMinutes: m.durationMinutes, withName: s.withName, timeZone: s.timeZone });
      }
    }
    if (!s.anchorAt) continue;
    for (const at of occurrencesAfter(s.cadence, s.anchorAt, s.timeZone, new Date(q.from.getTime() - 24 * HOUR), 3)) {
      if (!taken.has(at.getTime()) && at > now && overlaps(at, s.durationMinutes)) {
        clashes.push({ at, durationMinutes: s.durationMinutes, withName: s.withName, timeZone: s.timeZone });
      }
    }
  }
  return clashes.sort((a, b) => a.at.getTime() - b.at.getTime());
}
