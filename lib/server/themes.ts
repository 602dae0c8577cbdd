import "server-only";
// Exception 1 of the terms: counts per topic category, never text, and only where enough
// different reports contribute. What counts, so that nobody can fake contributors or match a
// count to one meeting: topics the report of the line wrote (each once: a carried-over copy is
// the same topic, so only the original counts), never kept out (on the original or any copy),
// on reporting lines that existed for the whole window (by their dates and by when they were
// created) and hold today, never the viewer's own series as report, nor in the org view as
// manager; over whole weeks ending at least a week ago (lib/policy themeWindow).
import { and, count, countDistinct, eq, gte, isNull, lt, lte, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { organizations, reportingLines, series, topics } from "@/db/schema";
import { notFound } from "@/lib/errors";
import {
  type Actor,
  assertMay,
  assertMayReadThemes,
  assertOrgAdmin,
  assertSignedIn,
  isOrgAdmin,
  themesStanding,
  themeThreshold,
  themeWindow,
  today,
} from "@/lib/policy";
import type { keepOutSchema, themeThresholdSchema, themesQuerySchema } from "@/lib/validation/confidentiality";
import { recordDailyAccess } from "./access-log";
import { relationTo } from "./access";
import { lineActiveOn, lineOfSeries } from "./lines";

type Query = z.infer<typeof themesQuerySchema>;

export async function getTeamThemes(actor: Actor, query: Query, now: Date = new Date()) {
  assertSignedIn(actor);
  const db = await getDb();
  const day = today(now);
  const currentLine = lineActiveOn(day);
  const [managed] = await db
    .select({ id: reportingLines.id })
    .from(reportingLines)
    .where(and(eq(reportingLines.managerId, actor.id), eq(reportingLines.orgId, actor.orgId), currentLine))
    .limit(1);
  const { scope, relation, canChooseScope } = themesStanding({ isOrgAdmin: isOrgAdmin(actor), managesTeam: Boolean(managed) }, query.scope);
  assertMayReadThemes(relation);
  const [org] = await db.select({ threshold: organizations.themeThreshold }).from(organizations).where(eq(organizations.id, actor.orgId));
  const threshold = themeThreshold(org.threshold);
  const window = themeWindow(query.weeks, now);
  const start = new Date(`${window.from}T00:00:00Z`);
  const end = new Date(`${window.to}T00:00:00Z`);
  const where = and(
    eq(reportingLines.orgId, actor.orgId),
    currentLine,
    lte(reportingLines.activeFrom, window.from),
    lte(reportingLines.createdAt, start),
    ne(reportingLines.reportId, actor.id),
    scope === "team" ? eq(reportingLines.managerId, actor.id) : ne(reportingLines.managerId, actor.id),
    eq(topics.authorId, reportingLines.reportId),
    isNull(topics.carriedFromMeetingId),
    eq(topics.keepOutOfThemes, false),
    sql`not exists (select 1 from topics c where c.series_id = ${topics.seriesId} and c.author_id = ${topics.authorId}
      and c.text = ${topics.text} and c.carried_from_meeting_id is not null and c.keep_out_of_themes)`,
    gte(topics.createdAt, start),
    lt(topics.createdAt, end),
  );
  const rows = await db
    .select({ category: topics.category, topics: count(), reports: countDistinct(reportingLines.reportId) })
    .from(topics)
    .innerJoin(series, eq(series.id, topics.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .where(where)
    .groupBy(topics.category);
  const shown = rows.filter((r) => r.reports >= threshold).sort((a, b) => b.topics - a.topics);
  if (shown.length) {
    // Counting someone's topics is a use of exception 1: each counted report sees it in their log,
    // once per viewer and day however often the page is loaded.
    const counted = await db
      .selectDistinct({ reportId: reportingLines.reportId, orgId: reportingLines.orgId })
      .from(topics)
      .innerJoin(series, eq(series.id, topics.seriesId))
      .innerJoin(reportingLines, lineOfSeries)
      .where(and(where, sql`${topics.category} in ${shown.map((r) => r.category)}`));
    await recordDailyAccess(
      db,
      counted.map((c) => ({
        orgId: c.orgId,
        reportId: c.reportId,
        actorId: actor.id,
        kind: "themes" as const,
        action: "counted your topics' categories in team themes",
        subject: `${scope === "org" ? "whole organization" : "own team"}, ${window.weeks} weeks from ${window.from} to ${window.lastDay}`,
      })),
      now,
    );
  }
  return {
    scope,
    threshold,
    weeks: window.weeks,
    from: window.from,
    lastDay: window.lastDay,
    canChooseScope,
    categories: shown,
  };
}

export async function getThemeThreshold(actor: Actor) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const [org] = await db.select({ threshold: organizations.themeThreshold }).from(organizations).where(eq(organizations.id, actor.orgId));
  return themeThreshold(org.threshold);
}

export async function setThemeThreshold(actor: Actor, input: z.infer<typeof themeThresholdSchema>) {
  assertOrgAdmin(actor);
  const db = await getDb();
  await db
    .update(organizations)
    .set({ themeThreshold: themeThreshold(input.threshold) })
    .where(eq(organizations.id, actor.orgId));
  return { threshold: themeThreshold(input.threshold) };
}
/** The report of the pair keeps a topic of their series out of team themes (or lets it back in). */
export async function setKeepOutOfThemes(actor: Actor, input: z.infer<typeof keepOutSchema>) {
  assertSignedIn(actor);
  const db = await getDb();
  const [topic] = await db.select({ seriesId: topics.seriesId }).from(topics).where(eq(topics.id, input.topicId));
  if (!topic) throw notFound();
  const facts = await relationTo(db, actor, topic.seriesId);
  assertMay("keepOutOfThemes", facts.relation);
  await db
    .update(topics)
    .set({ keepOutOfThemes: input.keepOut })
    .where(and(eq(topics.id, input.topicId), eq(topics.seriesId, facts.seriesId)));
  return { topicId: input.topicId, keepOut: input.keepOut };
}
