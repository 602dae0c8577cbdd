import "server-only";
// Exception 3 of the terms: a safety escalation is recorded once and never changed. This module
// has no update or delete; the database refuses both as well. A few per series per UTC day
// (lib/policy limits), counted after locking the series row, so parallel requests cannot pass it.
import { and, count, eq, gte } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { safetyEscalations, users } from "@/db/schema";
import { type Actor, assertEscalationWithinLimit, assertMay, assertOrgAdmin, today } from "@/lib/policy";
import type { escalationSchema } from "@/lib/validation/confidentiality";
import { recordAccess } from "./access-log";
import { authorizeSeries } from "./access";
import { lockSeries } from "./meetings";

export async function recordEscalation(actor: Actor, input: z.infer<typeof escalationSchema>, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "read");
  assertMay("escalate", facts.relation);
  return db.transaction(async (tx) => {
    await lockSeries(tx, facts.seriesId);
    const [recorded] = await tx
      .select({ n: count() })
      .from(safetyEscalations)
      .where(and(eq(safetyEscalations.seriesId, facts.seriesId), gte(safetyEscalations.createdAt, new Date(`${today(now)}T00:00:00Z`))));
    assertEscalationWithinLimit(recorded.n);
    const [row] = await tx
      .insert(safetyEscalations)
      .values({ seriesId: facts.seriesId, reportId: facts.reportId, recordedBy: actor.id, reason: input.reason, createdAt: now })
      .returning({ id: safetyEscalations.id, createdAt: safetyEscalations.createdAt });
    await recordAccess(tx, {
      orgId: facts.orgId,
      reportId: facts.reportId,
      actorId: actor.id,
      kind: "escalation",
      action: "recorded a safety escalation",
      subject: input.reason,
    });
    return row;
  });
}

/** For an org admin: only how many escalations exist per person, never their reasons. */
export async function countEscalationsByPerson(actor: Actor) {
  assertOrgAdmin(actor);
  const db = await getDb();
  return db
    .select({ reportId: safetyEscalations.reportId, name: users.name, count: count() })
    .from(safetyEscalations)
    .innerJoin(users, and(eq(users.id, safetyEscalations.reportId), eq(users.orgId, actor.orgId)))
    .groupBy(safetyEscalations.reportId, users.name)
    .orderBy(users.name);
}
