import "server-only";
import { eq, sql, type AnyColumn } from "drizzle-orm";
import { reportingLines, templates } from "@/db/schema";
import type { Actor, NavigationFacts } from "@/lib/policy";
import { today } from "@/lib/policy";
import { managingLineOn } from "./visibility";

/** What the pages of one request ask about the signed-in person besides who they are. */
export type PersonFacts = { timeZone: string | null; navigation: NavigationFacts };

/**
 * The navigation's facts as columns of a query on the person's own row (`users`): whether they
 * manage anyone today, and whether they own a template. Read with the person on every request
 * (lib/server/users loadActor), and by navigationOf for an actor read some other way (tests).
 */
export function navigationFactsColumns(userId: AnyColumn, orgId: AnyColumn) {
  return {
    managesReports: sql<boolean>`exists (select 1 from ${reportingLines} where ${managingLineOn(userId, orgId, today())})`.mapWith(Boolean),
    ownsTemplates: sql<boolean>`exists (select 1 from ${templates} where ${eq(templates.ownerId, userId)})`.mapWith(Boolean),
  };
}

// Keyed by the actor object, which is one per request (lib/auth getActor is cached per request):
// the facts live exactly as long as that request's actor, and an actor made elsewhere has none.
const readWithActor = new WeakMap<Actor, PersonFacts>();

export function rememberPersonFacts(actor: Actor, facts: PersonFacts) {
  readWithActor.set(actor, facts);
}

/** The facts read together with this actor, when it was read by loadActor; else undefined. */
export function personFactsOf(actor: Actor): PersonFacts | undefined {
  return readWithActor.get(actor);
}
