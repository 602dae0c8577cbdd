import "server-only";
import { cache } from "react";
import { and, eq, exists, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { reportingLines, templates, users } from "@/db/schema";
import { type Actor, type NavigationFacts, navigationCapabilities, today } from "@/lib/policy";
import { lineActiveOn } from "./lines";
import { ownRowsOnly } from "./scope";

/** What the main navigation offers this person, from one query per request (the layout's). */
export const navigationOf = cache(async (actor: Actor) => {
  const db = await getDb();
  const managesReports = db
    .select({ one: sql`1` })
    .from(reportingLines)
    .where(and(eq(reportingLines.managerId, actor.id), eq(reportingLines.orgId, actor.orgId), lineActiveOn(today())));
  const ownsTemplates = db
    .select({ one: sql`1` })
    .from(templates)
    .where(ownRowsOnly(templates.ownerId, actor));
  const [row] = await db
    .select({
      managesReports: sql<boolean>`${exists(managesReports)}`.mapWith(Boolean),
      ownsTemplates: sql<boolean>`${exists(ownsTemplates)}`.mapWith(Boolean),
    })
    .from(users)
    .where(eq(users.id, actor.id));
  const facts: NavigationFacts = { managesReports: row?.managesReports ?? false, ownsTemplates: row?.ownsTemplates ?? false };
  return navigationCapabilities(actor, facts);
});
