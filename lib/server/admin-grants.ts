import "server-only";
// Who made each admin. Making an admin touches nobody's access log, yet an admin can reach what
// admins reach (covering assignments, erasure): so every path that creates or promotes one writes
// a grant here, and the People page (admins) and every person's Privacy page list the org's admins
// with who made them and when. The maker's name is kept as it was, like the access log's.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { adminGrants, users, type AdminGrant } from "@/db/schema";
import { type Actor, assertSignedIn } from "@/lib/policy";

/** Records that `userId` became an admin of `orgId`, made by `by` (null: the seed or the operator) through `via`. */
export async function recordAdminGrant(
  db: Db | Tx,
  grant: { orgId: string; userId: string; by: string | null; via: AdminGrant["via"] },
  now: Date = new Date(),
): Promise<void> {
  await db.insert(adminGrants).values({
    orgId: grant.orgId,
    userId: grant.userId,
    grantedBy: grant.by,
    grantedByName: grant.by ? sql<string>`(select u.name from ${users} u where u.id = ${grant.by})` : null,
    via: grant.via,
    createdAt: now,
  });
}

/**
 * The org's current admins, each with their latest grant: who made them (the name as it was), how
 * and when. Names and dates of people work, nothing of anyone's one-on-ones: everyone of the org
 * may read it (the Privacy page), and the People page shows it to admins.
 */
export async function listOrgAdmins(actor: Actor) {
  assertSignedIn(actor);
  return orgAdminsOf(await getDb(), actor.orgId);
}

/** The org's current admins with their latest grant, for a caller that authorized the request. */
export async function orgAdminsOf(db: Db | Tx, orgId: string) {
  const latest = db
    .selectDistinctOn([adminGrants.userId], {
      userId: adminGrants.userId,
      grantedByName: adminGrants.grantedByName,
      via: adminGrants.via,
      grantedAt: adminGrants.createdAt,
    })
    .from(adminGrants)
    .where(eq(adminGrants.orgId, orgId))
    .orderBy(adminGrants.userId, desc(adminGrants.createdAt))
    .as("latest");
  return db
    .select({
      id: users.id,
      name: users.name,
      active: users.active,
      grantedByName: latest.grantedByName,
      via: latest.via,
      grantedAt: latest.grantedAt,
    })
    .from(users)
    .leftJoin(latest, eq(latest.userId, users.id))
    .where(and(eq(users.orgId, orgId), eq(users.orgRole, "admin")))
    .orderBy(asc(users.name), asc(users.id));
}

export type OrgAdmin = Awaited<ReturnType<typeof listOrgAdmins>>[number];
