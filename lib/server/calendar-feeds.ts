import "server-only";
/**
 * Private calendar feeds. The token is shown once and stored only as its SHA-256; every fetch
 * asks lib/policy again whether the feed's owner may still read the series, so a revoked feed
 * or an ended reporting line answers 404 like an unknown token.
 */
import crypto from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db, type Tx } from "@/db/client";
import { calendarFeeds, meetings, reportingLines, series, users } from "@/db/schema";
import { buildSeriesCalendar } from "@/lib/calendar/feed";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import type { Cadence } from "@/lib/schedule";
import type { CalendarFeedInput } from "@/lib/validation/calendar";
import { authorizeSeries } from "./access";
import { ownRowsOnly } from "./scope";
import { lineOfSeries } from "./lines";

const hashOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
export const feedPath = (token: string) => `/api/calendar/${token}.ics`;

/** The actor's own live feed link of a series whose content they may read (or null). */
export async function myFeedOf(db: Db | Tx, actor: Actor, seriesId: string) {
  const [row] = await db
    .select({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.seriesId, seriesId), ownRowsOnly(calendarFeeds.userId, actor), isNull(calendarFeeds.revokedAt)));
  return row ?? null;
}

/** A new feed link for the person; any earlier link of theirs for this series stops working. */
export async function createFeed(actor: Actor, input: CalendarFeedInput) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await authorizeSeries(tx, actor, input.seriesId, "seriesContent", "read");
    // Serializes two clicks at once, so that one live link remains.
    await tx.execute(sql`select id from series where id = ${input.seriesId} for update`);
    await tx
      .update(calendarFeeds)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(calendarFeeds.seriesId, input.seriesId), ownRowsOnly(calendarFeeds.userId, actor), isNull(calendarFeeds.revokedAt)));
    const token = crypto.randomBytes(32).toString("base64url");
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ seriesId: input.seriesId, userId: actor.id, tokenHash: hashOf(token) })
      .returning({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt });
    return { ...row, path: feedPath(token) };
  });
}

/** Stops the person's feed link for this series. */
export async function revokeFeed(actor: Actor, input: CalendarFeedInput) {
  const db = await getDb();
  await authorizeSeries(db, actor, input.seriesId, "seriesContent", "read");
  const revoked = await db
    .update(calendarFeeds)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(calendarFeeds.seriesId, input.seriesId), ownRowsOnly(calendarFeeds.userId, actor), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  if (revoked.length === 0) throw new AppError("not_found", "There is no feed link to revoke.");
  return { revoked: revoked.length };
}

/** The feed behind a token as iCalendar text, or null (unknown, revoked, or access lost). */
export async function calendarForToken(token: string, baseUrl: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const db = await getDb();
  const [feed] = await db
    .select({
      seriesId: calendarFeeds.seriesId,
      id: users.id,
      orgId: users.orgId,
      orgRole: users.orgRole,
      name: users.name,
      email: users.email,
      active: users.active,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, hashOf(token)), isNull(calendarFeeds.revokedAt)));
  if (!feed?.active) return null;
  const owner: Actor = { id: feed.id, orgId: feed.orgId, orgRole: feed.orgRole, name: feed.name, email: feed.email };
  try {
    await authorizeSeries(db, owner, feed.seriesId, "seriesContent", "read");
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const [s] = await db
    .select({
      id: series.id,
      cadence: series.cadence,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      anchorAt: series.anchorAt,
      managerName: manager.name,
      reportName: report.name,
      // The series ends when one of the pair left (lib/server/lines.ts pairActive).
      endsAt: sql<Date | null>`case when ${manager.active} and ${report.active} then null
        else coalesce(least(${manager.deactivatedAt}, ${report.deactivatedAt}), now()) end`.mapWith((v: string | Date | null) => (v ? new Date(v) : null)),
    })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(eq(series.id, feed.seriesId));
  const rows = await db
    .select({
      id: meetings.id,
      status: meetings.status,
      scheduledAt: meetings.scheduledAt,
      occurrenceAt: meetings.occurrenceAt,
      durationMinutes: meetings.durationMinutes,
    })
    .from(meetings)
    .where(eq(meetings.seriesId, feed.seriesId))
    .orderBy(asc(meetings.scheduledAt));
  const anchorAt = s.anchorAt ?? rows[0]?.occurrenceAt ?? rows[0]?.scheduledAt;
  if (!anchorAt) throw notFound();
  return buildSeriesCalendar({ ...s, cadence: s.cadence as Cadence, anchorAt }, rows, `${baseUrl}/series/${s.id}`);
}
