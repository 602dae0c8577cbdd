import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { type Actor, assertSignedIn } from "@/lib/policy";
import type { OwnTimeZoneInput } from "@/lib/validation/profile";
import { personFactsOf } from "./person-facts";
import { ownRowsOnly } from "./scope";

/** The person's own time zone, or null while they have not chosen one (pages then offer the browser's guess). */
export async function ownTimeZoneOf(actor: Actor): Promise<string | null> {
  assertSignedIn(actor);
  const db = await getDb();
  const [row] = await db.select({ timeZone: users.timeZone }).from(users).where(ownRowsOnly(users.id, actor));
  return row?.timeZone ?? null;
}

/** Read once per request by the pages that show times: with the person's own row when it was read for this request. */
export const viewerTimeZone = cache(async (actor: Actor) => {
  const known = personFactsOf(actor);
  return known ? known.timeZone : ownTimeZoneOf(actor);
});

/** Sets the person's own zone, and only theirs. */
export async function setOwnTimeZone(actor: Actor, input: OwnTimeZoneInput) {
  assertSignedIn(actor);
  const db = await getDb();
  await db.update(users).set({ timeZone: input.timeZone }).where(ownRowsOnly(users.id, actor));
  return { timeZone: input.timeZone };
}
