import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { users } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { type Actor, assertMayManageLeavers, assertOrgAdmin, assertSignedIn, today } from "@/lib/policy";
import type { z } from "zod";
import type { setActiveSchema, setOrgRoleSchema } from "@/lib/validation/people";
import { accessChanged } from "@/lib/collab/access-events";
import { recordAdminGrant } from "./admin-grants";
import { cancelUpcomingMeetingsOf, endLinesManagedBy } from "./leavers";

/**
 * Sessions and org roles. A session token carries the user's session version; every request
 * compares it with the database (loadActor) and reads role and active state there too, so
 * each change below takes effect on the person's next request.
 */

/** Ends every session of the actor, this one included. */
export async function signOutEverywhere(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, actor.id));
  accessChanged({ userId: actor.id });
  return { id: actor.id };
}

/** The target, in the admin's org, with the org's admin rows locked so two admins cannot both step down. */
export async function lockTarget(tx: Tx, actor: { orgId: string }, userId: string) {
  await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.orgRole, "admin")))
    .for("update");
  const [target] = await tx
    .select({ id: users.id, orgRole: users.orgRole, active: users.active, erasedAt: users.erasedAt, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, actor.orgId)))
    .for("update");
  if (!target) throw notFound();
  return target;
}

export async function assertAnotherActiveAdmin(tx: Tx, actor: { orgId: string }, userId: string) {
  const [other] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.orgRole, "admin"), eq(users.active, true), ne(users.id, userId)))
    .limit(1);
  if (!other) {
    throw new AppError("conflict", "The organization needs at least one active admin. Make someone else an admin first.");
  }
}

export async function setOrgRole(actor: Actor, input: z.infer<typeof setOrgRoleSchema>) {
  assertOrgAdmin(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, input.userId);
    if (target.orgRole === input.orgRole) return { id: target.id, orgRole: target.orgRole };
    if (target.orgRole === "admin" && target.active) await assertAnotherActiveAdmin(tx, actor, target.id);
    await tx.update(users).set({ orgRole: input.orgRole }).where(eq(users.id, target.id));
    if (input.orgRole === "admin") await recordAdminGrant(tx, { orgId: actor.orgId, userId: target.id, by: actor.id, via: "role_change" });
    return { id: target.id, orgRole: input.orgRole };
  });
}

/**
 * Deactivates a person whose row (and the org's admin rows) the caller locked (lockTarget).
 * Returns the lines ended and the meetings still ahead that were cancelled with it: marked inactive
 * first, so that cancelling carries nothing on and makes no next meeting.
 */
export async function deactivateLocked(tx: Tx, org: { orgId: string }, target: { id: string; orgRole: "admin" | "member" }, now: Date) {
  if (target.orgRole === "admin") await assertAnotherActiveAdmin(tx, org, target.id);
  await tx
    .update(users)
    .set({ active: false, deactivatedAt: now, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, target.id));
  const endedLines = await endLinesManagedBy(tx, target.id, today(now));
  const cancelledMeetings = await cancelUpcomingMeetingsOf(tx, target.id, now);
  return { endedLines, cancelledMeetings };
}

/**
 * Deactivating (someone leaves) ends the person's sessions (the session version), starts the
 * retention of their private notes (deactivated_at; lib/server/leavers.ts) and ends the reporting
 * lines they manage, so their reports can have a new manager; the reports keep their series as
 * before. The lines where they are the report stay as they were: ending them would take the
 * pair's shared records from the manager, the one person who still shares them. The meetings
 * still ahead in all their series (either role) are cancelled in the same transaction, and
 * those series plan no further ones. Reactivating gives the person back what retention has not
 * yet deleted, but not the cancelled meetings; an erased person stays out.
 */
export async function setActive(actor: Actor, input: z.infer<typeof setActiveSchema>, now: Date = new Date()) {
  assertSignedIn(actor);
  assertMayManageLeavers(actor, input.active ? "reactivate" : "deactivate");
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, input.userId);
    const unchanged = { endedLines: [] as string[], cancelledMeetings: [] as { id: string }[] };
    if (target.active === input.active) return { id: target.id, active: target.active, ...unchanged };
    if (input.active && target.erasedAt)
      throw new AppError("conflict", "This person's data was erased; they cannot be reactivated. Invite them again instead.");
    if (input.active) {
      await tx.update(users).set({ active: true, deactivatedAt: null }).where(eq(users.id, target.id));
      return { id: target.id, active: true, ...unchanged };
    }
    return { id: target.id, active: false, ...(await deactivateLocked(tx, actor, target, now)) };
  });
  if (!result.active) {
    accessChanged({ userId: result.id });
    // A covering manager's reach ends with the line too: every open connection is checked again.
    if (result.endedLines.length) accessChanged();
    // A cancelled meeting's open documents: the collaboration server checks their connections now.
    for (const m of result.cancelledMeetings) accessChanged({ meetingId: m.id });
  }
  return { id: result.id, active: result.active, cancelledMeetings: result.cancelledMeetings.length };
}
