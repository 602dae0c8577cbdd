import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import type { Actor } from "../policy";
import { loadActor } from "../server/users";
import { auth } from "./config";

/**
 * The one way to know who is asking. The session only carries the user id; the person's
 * role, org and active state are read from the database on every request, so a change
 * takes effect on the next request.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return loadActor(id, (session as { sv?: number }).sv ?? 0);
});

/** For pages: the signed-in person, or a redirect to the sign-in page. */
export async function requireUser(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
