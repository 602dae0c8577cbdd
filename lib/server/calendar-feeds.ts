import "server-only";
/**
 * Private calendar feeds. The token is shown once and stored only as its SHA-256; every fetch
 * asks lib/policy again whether the feed's owner may still read the series, so a revoked feed
 * or an ended reporting line answers 404 like an unknown token.
 */
import crypto from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { calendarFeeds, meetings, reportingLines, series, users } from "@/db/schema";
import { buildSeriesCalendar } from "@/lib/calendar/feed";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import type { Cadence } from "@/lib/schedule";
import type { CalendarFeedInput } from "@/lib/validation/notifications";
import { authorizeSeries } from "./access";

const hashOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
export const feedPath = (token: string) => `/api/calendar/${token}.ics`;

/** Whether the person has a live feed link for this series (the link itself cannot be shown again). */
export async function getMyFeed(actor: Actor | null, seriesId: string) {
  const db = await getDb();
  await authorizeSeries(db, actor, seriesId, "seriesContent", "read");
  const [row] = await db
    .select({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.seriesId, seriesId), eq(calendarFeeds.userId, actor!.id), isNull(calendarFeeds.revokedAt)));
  return row ?? null;
}

/** A new feed link for the person; any earlier link of theirs for this series stops working. */
export async function createFeed(actor: Actor | null, input: CalendarFeedInput) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await authorizeSeries(tx, actor, input.seriesId, "seriesContent", "read");
    // Serializes two clicks at once, so that one live link remains.
    await tx.execute(sql`select id from series where id = ${input.seriesId} for update`);
    await tx
      .update(calendarFeeds)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(calendarFeeds.seriesId, input.seriesId), eq(calendarFeeds.userId, actor!.id), isNull(calendarFeeds.revokedAt)));
    const token = crypto.randomBytes(32).toString("base64url");
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ seriesId: input.seriesId, userId: actor!.id, tokenHash: hashOf(token) })
      .returning({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt });
    return { ...row, path: feedPath(token) };
  });
}

/** Stops the person's feed link for this series. */
export async function revokeFeed(actor: Actor | null, input: CalendarFeedInput) {
  const db = await getDb();
  await authorizeSeries(db, actor, input.seriesId, "seriesContent", "read");
  const revoked = await db
    .update(calendarFeeds)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(calendarFeeds.seriesId, input.seriesId), eq(calendarFeeds.userId, actor!.id), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  if (revoked.length === 0) throw new AppError("not_found", "There is no feed link to revoke.");
  return { revoked: revoked.length };
}

/** The feed behind a token as iCalendar text, or null (unknown, revoked, or access lost). */
export async function calendarForToken(token: string, baseUrl: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const db = await getDb();
  const [feed] = await db
    .select({ seriesId: calendarFeeds.seriesId, id: users.id, orgId: users.orgId, orgRole: users.orgRole, name: users.name, email: users.email, active: users.active })
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
    })
    .from(series)
    .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(eq(series.id, feed.seriesId));
  const rows = await db
    .select({ id: meetings.id, status: meetings.status, scheduledAt: meetings.scheduledAt, occurrenceAt: meetings.occurrenceAt, durationMinutes: meetings.durationMinutes })
    .from(meetings)
    .where(eq(meetings.seriesId, feed.seriesId))
    .orderBy(asc(meetings.scheduledAt));
  const anchorAt = s.anchorAt ?? rows[0]?.occurrenceAt ?? rows[0]?.scheduledAt;
  if (!anchorAt) throw notFound();
  return buildSeriesCalendar({ ...s, cadence: s.cadence as Cadence, anchorAt }, rows, `${baseUrl}/series/${s.id}`);
}
