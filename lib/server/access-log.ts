import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { accessLog, users } from "@/db/schema";
import { type Actor, assertPermits, assertSignedIn } from "@/lib/policy";

export type AccessEntry = { orgId: string; reportId: string; actorId: string | null; action: string; subject: string };

/**
 * Writes to the report's access log. Called by lib/server wherever someone other than the report
 * and their current manager at ordinary work reads, exports, or uses an exception.
 */
export async function recordAccess(db: Db | Tx, entry: AccessEntry | AccessEntry[]): Promise<void> {
  const rows = Array.isArray(entry) ? entry : [entry];
  if (rows.length) await db.insert(accessLog).values(rows);
}

/** The report's own access log. There is no parameter for whose: nobody reads another's log. */
export async function getMyAccessLog(actor: Actor | null, limit = 500) {
  assertSignedIn(actor);
  assertPermits("accessLog", "report", "read");
  const db = await getDb();
  return db
    .select({ id: accessLog.id, action: accessLog.action, subject: accessLog.subject, createdAt: accessLog.createdAt, actorName: users.name })
    .from(accessLog)
    .leftJoin(users, eq(users.id, accessLog.actorId))
    .where(eq(accessLog.reportId, actor.id))
    .orderBy(desc(accessLog.createdAt))
    .limit(limit);
}
