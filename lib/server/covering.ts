import "server-only";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { coveringAssignments, users } from "@/db/schema";
import { AppError, invalid, notFound } from "@/lib/errors";
import { type Actor, assertSignedIn, today } from "@/lib/policy";
import type { coveringSchema, endCoveringSchema } from "@/lib/validation/confidentiality";
import { recordAccess } from "./access-log";
import { relationTo } from "./access";
import { orgMembersByName } from "./member-search";
import { accessChanged } from "@/lib/collab/access-events";

/** The manager of the series, or an admin of its org, manages who covers (people work, not content). */
async function assertManagesCovering(actor: Actor | null, seriesId: string) {
  assertSignedIn(actor);
  const db = await getDb();
  const facts = await relationTo(db, actor, seriesId);
  if (facts.relation === "none") throw notFound();
  if (facts.relation !== "manager" && facts.relation !== "admin") {
    throw new AppError("forbidden", "Only the manager or an org admin names a covering manager.");
  }
  return { db, facts };
}

/** Who covers this series and when: shown to the pair, a covering manager, and an admin. */
export async function listCovering(actor: Actor | null, seriesId: string) {
  assertSignedIn(actor);
  const db = await getDb();
  const facts = await relationTo(db, actor, seriesId);
  if (facts.relation === "none") throw notFound();
  const rows = await db
    .select({ id: coveringAssignments.id, name: users.name, startsOn: coveringAssignments.startsOn, endsOn: coveringAssignments.endsOn })
    .from(coveringAssignments)
    .innerJoin(users, eq(users.id, coveringAssignments.coveringManagerId))
    .where(and(eq(coveringAssignments.seriesId, seriesId), gte(coveringAssignments.endsOn, today())))
    .orderBy(asc(coveringAssignments.startsOn));
  return { assignments: rows, canManage: facts.relation === "manager" || facts.relation === "admin" };
}

/**
 * People who may be named: active members of the org other than the pair, by name, at most
 * `limit` of them (whose names contain `query` when given), so a large organization's page
 * does not list everyone.
 */
export async function coveringCandidates(actor: Actor | null, seriesId: string, options: { query?: string; limit?: number } = {}) {
  const { db, facts } = await assertManagesCovering(actor, seriesId);
  return orgMembersByName(db, { orgId: facts.orgId, exclude: [facts.managerId, facts.reportId], ...options });
}

export async function assignCovering(actor: Actor | null, input: z.infer<typeof coveringSchema>) {
  const { db, facts } = await assertManagesCovering(actor, input.seriesId);
  if (input.endsOn < today()) throw invalid({ endsOn: ["The covering range must not lie in the past."] });
  const [person] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, input.coveringManagerId), eq(users.orgId, facts.orgId), eq(users.active, true)));
  if (!person || person.id === facts.managerId || person.id === facts.reportId) {
    throw invalid({ coveringManagerId: ["Choose an active member of the organization other than the two of you."] });
  }
  return db.transaction(async (tx) => {
    const overlapping = await tx
      .select({ id: coveringAssignments.id })
      .from(coveringAssignments)
      .where(and(eq(coveringAssignments.seriesId, facts.seriesId), lte(coveringAssignments.startsOn, input.endsOn), gte(coveringAssignments.endsOn, input.startsOn)));
    if (overlapping.length) throw invalid({ startsOn: ["Someone already covers part of this range. End that first."] });
    const [row] = await tx
      .insert(coveringAssignments)
      .values({ seriesId: facts.seriesId, coveringManagerId: person.id, startsOn: input.startsOn, endsOn: input.endsOn, createdBy: actor!.id })
      .returning({ id: coveringAssignments.id });
    await recordAccess(tx, {
      orgId: facts.orgId,
      reportId: facts.reportId,
      actorId: actor!.id,
      action: "named a covering manager",
      subject: `${person.name}, ${input.startsOn} to ${input.endsOn}`,
    });
    return row;
  });
}

/** Ends a covering assignment today (or drops it if it has not begun). Access ends on the next request. */
export async function endCovering(actor: Actor | null, input: z.infer<typeof endCoveringSchema>) {
  assertSignedIn(actor);
  const db = await getDb();
  const [row] = await db
    .select({ seriesId: coveringAssignments.seriesId, startsOn: coveringAssignments.startsOn, endsOn: coveringAssignments.endsOn })
    .from(coveringAssignments)
    .where(eq(coveringAssignments.id, input.assignmentId));
  if (!row) throw notFound();
  const { facts } = await assertManagesCovering(actor, row.seriesId);
  if (row.endsOn < today()) throw invalid({ assignmentId: ["This covering assignment has already ended."] });
  const yesterday = today(new Date(Date.now() - 86_400_000));
  await db.transaction(async (tx) => {
    if (row.startsOn > yesterday) await tx.delete(coveringAssignments).where(eq(coveringAssignments.id, input.assignmentId));
    else await tx.update(coveringAssignments).set({ endsOn: yesterday }).where(eq(coveringAssignments.id, input.assignmentId));
    await recordAccess(tx, { orgId: facts.orgId, reportId: facts.reportId, actorId: actor!.id, action: "ended a covering assignment", subject: "" });
  });
  accessChanged();
  return { id: input.assignmentId };
}
