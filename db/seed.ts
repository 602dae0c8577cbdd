import { sql } from "drizzle-orm";
import { hashPassword } from "../lib/auth/password";
import type { Db } from "./client";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "./demo";
import { adminGrants, organizations, reportingLines, users } from "./schema";

/** Loads the demo organization into an empty database; does nothing once any organization exists. */
export async function seedDemoData(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    const existing = await tx.select({ id: organizations.id }).from(organizations).limit(1);
    if (existing.length > 0) return;

    const [org] = await tx
      .insert(organizations)
      .values({
        name: "Acme",
        isDemo: true,
        // No link in the demo: a placeholder address would reach every report (an admin sets the real one).
        supportText: "Acme's employee assistance programme offers free, confidential counselling by phone or chat, day and night. HR has the number.",
      })
      .returning();
    const today = new Date().toISOString().slice(0, 10);
    const person = (p: { email: string; name: string }, orgRole: "admin" | "member" = "member") => ({
      orgId: org.id,
      email: p.email,
      name: p.name,
      passwordHash,
      orgRole,
    });
    const [admin] = await tx.insert(users).values(person(DEMO_PEOPLE.admin, "admin")).returning({ id: users.id });
    // The demo's admin was made by the seed, not by anyone (lib/server/admin-grants.ts).
    await tx.insert(adminGrants).values({ orgId: org.id, userId: admin.id, grantedBy: null, via: "setup" });
    for (const m of DEMO_PEOPLE.managers) {
      const [manager] = await tx.insert(users).values(person(m)).returning({ id: users.id });
      const reports = await tx
        .insert(users)
        .values(m.reports.map((r) => person(r)))
        .returning({ id: users.id });
      await tx.insert(reportingLines).values(reports.map((r) => ({ orgId: org.id, managerId: manager.id, reportId: r.id, activeFrom: today })));
    }
  });
}
