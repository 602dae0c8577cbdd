import "server-only";
import { type AnyColumn, type SQL, eq } from "drizzle-orm";
import type { Actor } from "@/lib/policy";

/**
 * "Own rows only": the WHERE condition for rows that belong to one person whatever their relation
 * (private notes, the inbox, own templates, own calendar feeds and mail settings, a report's access
 * log and the sharing requests about them, the topics and items one wrote and alone edits). Nobody
 * else's row is ever
 * selected, so there is nothing for lib/policy to decide and no existence to hide. Decisions on a
 * relation to a series (who may read, write, acknowledge, name) stay in lib/policy.
 */
export function ownRowsOnly(column: AnyColumn, actor: Actor): SQL {
  return eq(column, actor.id);
}
