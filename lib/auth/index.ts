import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Actor } from "../policy";
import { loadActor } from "../server/users";
import { auth } from "./config";
import { REQUEST_PATH_HEADER } from "./callback-url";

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

/**
 * For pages: the signed-in person, or a redirect to the sign-in page that comes back here
 * (a mailed link to a meeting). Only the path travels: a query may hold a search term.
 */
export async function requireUser(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    const path = (await headers()).get(REQUEST_PATH_HEADER);
    redirect(path && path !== "/" ? `/sign-in?callbackUrl=${encodeURIComponent(path)}` : "/sign-in");
  }
  return actor;
}
