import "server-only";
import { and, asc, eq, gt, inArray, max } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { meetings, series } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { firstOccurrence, nthOccurrence, todayIn } from "@/lib/schedule";
import { hhmmOf, minutesOf } from "@/lib/validation/series";
import type { UpdateSeriesSettingsInput } from "@/lib/validation/series";
import { authorizeSeries } from "./access";
import { lockSeries } from "./meetings";
import { seriesSettingsColumns, seriesTimingColumns } from "./series-columns";

/**
 * Changes cadence, time, duration, zone or format. A new timing applies to the future only:
 * the anchor moves to the first new slot after now, and the meetings that are still ahead and
 * not started (moved ones too) are re-timed onto the new slots, keeping their topics. Past,
 * started, completed and cancelled meetings stay as they were.
 */
export async function updateSeriesSettings(actor: Actor, input: UpdateSeriesSettingsInput, now: Date = new Date()) {
  const db = await getDb();
  await authorizeSeries(db, actor, input.seriesId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, input.seriesId);
    const [current] = await tx.select(seriesTimingColumns).from(series).where(eq(series.id, input.seriesId));
    const timing = {
      cadence: input.cadence,
      weekday: input.weekday,
      startMinutes: minutesOf(input.startTime),
      durationMinutes: input.durationMinutes,
      timeZone: input.timeZone,
    };
    const retime = (Object.keys(timing) as (keyof typeof timing)[]).some((k) => timing[k] !== current[k]);
    if (!retime) {
      await tx.update(series).set({ format: input.format }).where(eq(series.id, input.seriesId));
      return { retimed: 0, anchorAt: null };
    }
    // The new cadence starts after now and after any meeting already held (one may be completed early).
    const [held] = await tx
      .select({ at: max(meetings.scheduledAt) })
      .from(meetings)
      .where(and(eq(meetings.seriesId, input.seriesId), inArray(meetings.status, ["in_progress", "completed"])));
    const floor = held?.at && new Date(held.at) > now ? new Date(held.at) : now;
    const slot = { weekday: timing.weekday, startMinutes: timing.startMinutes, timeZone: timing.timeZone };
    let anchorAt = firstOccurrence(slot, todayIn(timing.timeZone, floor));
    if (anchorAt <= floor) anchorAt = nthOccurrence("weekly", anchorAt, timing.timeZone, 1);
    await tx
      .update(series)
      .set({ ...timing, format: input.format, anchorAt })
      .where(eq(series.id, input.seriesId));
    const ahead = await tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.seriesId, input.seriesId), eq(meetings.status, "scheduled"), gt(meetings.scheduledAt, now)))
      .orderBy(asc(meetings.occurrenceAt), asc(meetings.scheduledAt));
    for (const [i, m] of ahead.entries()) {
      const at = nthOccurrence(timing.cadence, anchorAt, timing.timeZone, i);
      await tx.update(meetings).set({ scheduledAt: at, occurrenceAt: at, durationMinutes: timing.durationMinutes }).where(eq(meetings.id, m.id));
    }
    return { retimed: ahead.length, anchorAt };
  });
}

type SeriesSettingsRow = Pick<typeof series.$inferSelect, "cadence" | "weekday" | "startMinutes" | "durationMinutes" | "timeZone" | "format">;

/**
 * The settings and the stored meetings ahead of a series whose content the actor may read.
 * `known` is the series' row when the caller read it already (the series page reads it with the
 * pair's names): the settings are not read a second time.
 */
export async function seriesPlanningOf(db: Db | Tx, seriesId: string, now: Date = new Date(), known?: SeriesSettingsRow) {
  const s = known ?? (await db.select(seriesSettingsColumns).from(series).where(eq(series.id, seriesId)))[0];
  const ahead = await db
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt, occurrenceAt: meetings.occurrenceAt })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), eq(meetings.status, "scheduled"), gt(meetings.scheduledAt, now)))
    .orderBy(asc(meetings.scheduledAt))
    .limit(6);
  return {
    settings: {
      cadence: s.cadence,
      weekday: s.weekday,
      startMinutes: s.startMinutes,
      durationMinutes: s.durationMinutes,
      timeZone: s.timeZone,
      format: s.format,
      startTime: hhmmOf(s.startMinutes),
    },
    ahead: ahead.map((m) => ({ ...m, moved: Boolean(m.occurrenceAt && m.occurrenceAt.getTime() !== m.scheduledAt.getTime()) })),
  };
}
