import "server-only";
// Exception 1 of the terms: counts per topic category, never text, and only where enough
// different reports contribute. What counts, so that nobody can fake contributors or match a
// count to one meeting or one person: topics the report of a line wrote while the line held (each
// once: a carried-over copy is the same topic, so only the original counts), never kept out (on
// the original or any copy), over whole weeks ending at least a week ago (lib/policy themeWindow),
// on reporting lines that began before the window did (by their dates and by when they were
// created), never the viewer's own series as report, nor in the org view as manager. Each week is
// counted once and frozen (lib/server/theme-weeks.ts): ending a line, erasing a person or any later
// edit changes no count that was ever shown, so no one can difference counts to learn one
// person's topics. Only closed windows are ever shown.
import { and, eq, gte, inArray, isNull, lt, lte, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { organizations, reportingLines, themeWeekCounts, topics, users } from "@/db/schema";
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
  themeWeekStarts,
  themeWindow,
  today,
} from "@/lib/policy";
import type { keepOutSchema, themeThresholdSchema, themesQuerySchema } from "@/lib/validation/confidentiality";
import { recordDailyAccess } from "./access-log";
import { relationTo } from "./access";
import { lineActiveOn } from "./lines";
import { freezeThemeWeeks } from "./theme-weeks";

type Query = z.infer<typeof themesQuerySchema>;

export async function getTeamThemes(actor: Actor, query: Query, now: Date = new Date()) {
  assertSignedIn(actor);
  const db = await getDb();
  const [managed] = await db
    .select({ id: reportingLines.id })
    .from(reportingLines)
    .where(and(eq(reportingLines.managerId, actor.id), eq(reportingLines.orgId, actor.orgId), lineActiveOn(today(now))))
    .limit(1);
  const { scope, relation, canChooseScope } = themesStanding({ isOrgAdmin: isOrgAdmin(actor), managesTeam: Boolean(managed) }, query.scope);
  assertMayReadThemes(relation);
  const [org] = await db.select({ threshold: organizations.themeThreshold }).from(organizations).where(eq(organizations.id, actor.orgId));
  const threshold = themeThreshold(org.threshold);
  const window = themeWindow(query.weeks, now);
  await freezeThemeWeeks(db, actor.orgId, themeWeekStarts(window), now);
  const c = themeWeekCounts;
  const where = and(
    eq(c.orgId, actor.orgId),
    gte(c.weekStart, window.from),
    lt(c.weekStart, window.to),
    lte(c.lineFrom, window.from),
    lte(c.lineCreatedAt, new Date(`${window.from}T00:00:00Z`)),
    ne(c.reportId, actor.id),
    scope === "team" ? eq(c.managerId, actor.id) : ne(c.managerId, actor.id),
  );
  const rows = await db
    .select({ category: c.category, topics: sql<number>`sum(${c.topics})::int`, reports: sql<number>`count(distinct ${c.reportId})::int` })
    .from(c)
    .where(where)
    .groupBy(c.category);
  const shown = rows.filter((r) => r.reports >= threshold).sort((a, b) => b.topics - a.topics);
  if (shown.length) {
    // Counting someone's topics is a use of exception 1: each counted report sees it in their log,
    // once per viewer and day however often the page is loaded (an erased person keeps no log).
    const counted = await db
      .selectDistinct({ reportId: c.reportId })
      .from(c)
      .innerJoin(users, and(eq(users.id, c.reportId), isNull(users.erasedAt)))
      .where(
        and(
          where,
          inArray(
            c.category,
            shown.map((r) => r.category),
          ),
        ),
      );
    await recordDailyAccess(
      db,
      counted.map((r) => ({
        orgId: actor.orgId,
        reportId: r.reportId,
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
