import "server-only";
import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";

/**
 * Active members of an org other than `exclude`, by name, at most `limit` of them (whose names
 * contain `query`, case-insensitively, when given): the pickers of a large organization's pages
 * list a page of people and search for the rest. The caller has authorized the request.
 */
export async function orgMembersByName(db: Db, input: { orgId: string; exclude: string[]; query?: string; limit?: number }) {
  const query = input.query?.trim().slice(0, 100);
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.orgId, input.orgId),
        eq(users.active, true),
        input.exclude.length ? notInArray(users.id, input.exclude) : undefined,
        query ? sql`strpos(lower(${users.name}), lower(${query})) > 0` : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(Math.min(input.limit ?? 200, 200));
}
