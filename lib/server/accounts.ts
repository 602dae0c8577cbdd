import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { users } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { type Actor, assertOrgAdmin, assertSignedIn } from "@/lib/policy";
import type { z } from "zod";
import type { setActiveSchema, setOrgRoleSchema } from "@/lib/validation/people";
import { accessChanged } from "@/lib/collab/access-events";

/**
 * Sessions and org roles. A session token carries the user's session version; every request
 * compares it with the database (loadActor) and reads role and active state there too, so
 * each change below takes effect on the person's next request.
 */

/** Ends every session of the actor, this one included. */
export async function signOutEverywhere(actor: Actor | null) {
  assertSignedIn(actor);
  const db = await getDb();
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, actor.id));
  accessChanged({ userId: actor.id });
  return { id: actor.id };
}

/** The target, in the admin's org, with the org's admin rows locked so two admins cannot both step down. */
async function lockTarget(tx: Tx, actor: Actor, userId: string) {
  await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, actor.orgId), eq(users.orgRole, "admin"))).for("update");
  const [target] = await tx
    .select({ id: users.id, orgRole: users.orgRole, active: users.active })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, actor.orgId)))
    .for("update");
  if (!target) throw notFound();
  return target;
}

async function assertAnotherActiveAdmin(tx: Tx, actor: Actor, userId: string) {
  const [other] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.orgRole, "admin"), eq(users.active, true), ne(users.id, userId)))
    .limit(1);
  if (!other) {
    throw new AppError("conflict", "The organization needs at least one active admin. Make someone else an admin first.");
  }
}

export async function setOrgRole(actor: Actor | null, input: z.infer<typeof setOrgRoleSchema>) {
  assertOrgAdmin(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, input.userId);
    if (target.orgRole === input.orgRole) return { id: target.id, orgRole: target.orgRole };
    if (target.orgRole === "admin" && target.active) await assertAnotherActiveAdmin(tx, actor, target.id);
    await tx.update(users).set({ orgRole: input.orgRole }).where(eq(users.id, target.id));
    return { id: target.id, orgRole: input.orgRole };
  });
}

/** Deactivating also bumps the session version: the person's sessions end on their next request. */
export async function setActive(actor: Actor | null, input: z.infer<typeof setActiveSchema>) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, input.userId);
    if (target.active === input.active) return { id: target.id, active: target.active };
    if (!input.active && target.orgRole === "admin") await assertAnotherActiveAdmin(tx, actor, target.id);
    const bump = input.active ? {} : { sessionVersion: sql`${users.sessionVersion} + 1` };
    await tx.update(users).set({ active: input.active, ...bump }).where(eq(users.id, target.id));
    return { id: target.id, active: input.active };
  });
  if (!result.active) accessChanged({ userId: result.id });
  return result;
}
