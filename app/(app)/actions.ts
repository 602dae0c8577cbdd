"use server";

import { z } from "zod";
import { runAction } from "@/lib/actions";
import { signOut } from "@/lib/auth/config";
import { signOutEverywhere } from "@/lib/server/accounts";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/** Ends every session of the person (each on its next request), then this one's cookie. */
export async function signOutEverywhereAction(): Promise<void> {
  await runAction(z.object({}), {}, signOutEverywhere);
  await signOut({ redirectTo: "/sign-in" });
}
