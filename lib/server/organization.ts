import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { organizations } from "@/db/schema";
import { type Actor, assertOrgAdmin, assertSignedIn } from "@/lib/policy";
import type { SupportResourcesInput } from "@/lib/validation/organization";
import { supportOf } from "./templates";

/** The organization's support resources, for the admin's form (an admin only). */
export async function getSupportResources(actor: Actor) {
  assertSignedIn(actor);
  assertOrgAdmin(actor);
  return supportOf(await getDb(), actor.orgId);
}

/** An admin sets where reports find professional support; the first-meeting template shows it. */
export async function setSupportResources(actor: Actor, input: SupportResourcesInput) {
  assertSignedIn(actor);
  assertOrgAdmin(actor);
  const db = await getDb();
  await db.update(organizations).set({ supportUrl: input.supportUrl, supportText: input.supportText }).where(eq(organizations.id, actor.orgId));
  return { url: input.supportUrl, text: input.supportText };
}
