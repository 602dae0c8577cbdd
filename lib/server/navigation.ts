import "server-only";
import { cache } from "react";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { type Actor, navigationCapabilities } from "@/lib/policy";
import { navigationFactsColumns, personFactsOf } from "./person-facts";

/**
 * What the main navigation offers this person. Its facts come with the person's own row, read
 * once per request (lib/server/users loadActor); an actor read some other way asks here.
 */
export const navigationOf = cache(async (actor: Actor) => {
  const known = personFactsOf(actor)?.navigation;
  if (known) return navigationCapabilities(actor, known);
  const db = await getDb();
  const [row] = await db.select(navigationFactsColumns(users.id, users.orgId)).from(users).where(eq(users.id, actor.id));
  return navigationCapabilities(actor, { managesReports: row?.managesReports ?? false, ownsTemplates: row?.ownsTemplates ?? false });
});
