import "server-only";
import { and, asc, eq, exists, lte, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportingLines, users } from "@/db/schema";
import { heldSince } from "./covering-facts";
import { managingLineOn } from "./visibility";

/**
 * Active members of an org other than `exclude`, by name, at most `limit` of them (whose names
 * contain `query`, case-insensitively, when given): the pickers of a large organization's pages
 * list a page of people and search for the rest. The caller has authorized the request.
 */
export async function orgMembersByName(
  db: Db,
  input: { orgId: string; exclude: string[]; query?: string; limit?: number; managingOn?: string; managingSince?: { by: string; notWith: string[] } },
) {
  const query = input.query?.trim().slice(0, 100);
  const day = input.managingOn;
  const since = input.managingSince;
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.orgId, input.orgId),
        eq(users.active, true),
        input.exclude.length ? notInArray(users.id, input.exclude) : undefined,
        query ? sql`strpos(lower(${users.name}), lower(${query})) > 0` : undefined,
        // With `managingOn`: only people with a reporting line of their own active on that day.
        day
          ? exists(
              db
                .select({ one: sql`1` })
                .from(reportingLines)
                .where(
                  and(
                    managingLineOn(users.id, input.orgId, day),
                    // With `managingSince` too: a line held (and recorded) since `by` at the latest, not with those people.
                    since ? lte(heldSince, since.by) : undefined,
                    since?.notWith.length ? notInArray(reportingLines.reportId, since.notWith) : undefined,
                  ),
                ),
            )
          : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(Math.min(input.limit ?? 200, 200));
}
