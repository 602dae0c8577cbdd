import { vi } from "vitest";
import type { Actor } from "@/lib/policy";

/**
 * Server actions and route handlers run for real in Vitest, with only what needs a live Next.js
 * request replaced: the session (who is asking), the cache, redirects and request headers.
 * Import this file before the actions (or import them dynamically afterwards).
 */
type Session = { actor: Actor | null; revalidated: string[]; signedOut: number; headers: Map<string, string>; cookies: Map<string, string> };
// On globalThis: vi.mock factories are hoisted above this module's own declarations.
const held = globalThis as { __actionsHarness?: Session };
export const session: Session = (held.__actionsHarness ??= {
  actor: null,
  revalidated: [],
  signedOut: 0,
  headers: new Map([["host", "localhost:3000"]]),
  cookies: new Map(),
});
const state = () => held.__actionsHarness!;

/** A redirect as Next.js throws it; `url` says where it would send the browser. */
export type Redirect = Error & { url: string };
export const isRedirect = (e: unknown): e is Redirect => e instanceof Error && e.message === "NEXT_REDIRECT";

/**
 * The session's person as lib/auth getActor sees them: nobody once their account was deactivated
 * or erased (getActor reads the active state from the database on every request), else the
 * signed-in actor as given.
 */
async function sessionActor(): Promise<Actor | null> {
  const actor = state().actor;
  if (!actor) return null;
  const [{ getDb }, { users }, { eq }] = await Promise.all([import("@/db/client"), import("@/db/schema"), import("drizzle-orm")]);
  const [row] = await (await getDb()).select({ active: users.active }).from(users).where(eq(users.id, actor.id));
  return row && !row.active ? null : actor;
}
vi.mock("@/lib/auth", () => ({
  getActor: sessionActor,
  requireUser: async () => {
    const actor = await sessionActor();
    if (actor) return actor;
    throw Object.assign(new Error("NEXT_REDIRECT"), { url: "/sign-in" });
  },
}));
// Auth.js itself needs a live request; the doors that call it are given stand-ins that behave alike.
vi.mock("@/lib/auth/config", () => ({
  auth: () => {
    const actor = state().actor;
    return Promise.resolve(actor ? { user: { id: actor.id } } : null);
  },
  signIn: (_provider: string, options?: { redirectTo?: string }) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url: options?.redirectTo ?? "/dashboard" });
  },
  signOut: (options?: { redirectTo?: string }) => {
    state().signedOut++;
    throw Object.assign(new Error("NEXT_REDIRECT"), { url: options?.redirectTo ?? "/sign-in" });
  },
  handlers: { GET: () => new Response(null, { status: 404 }), POST: () => new Response(null, { status: 404 }) },
}));
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {}
  // The configuration lib/auth/config.ts hands to Auth.js is kept, so a test can call its callbacks.
  const keep = (config: unknown) => {
    (globalThis as { __nextAuthConfig?: unknown }).__nextAuthConfig = config;
    return {};
  };
  return { AuthError, CredentialsSignin, default: keep };
});
vi.mock("next/cache", () => ({
  revalidatePath: (path: string) => state().revalidated.push(path),
  revalidateTag: () => {},
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
  notFound: () => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { url: "" });
  },
  unstable_rethrow: (error: unknown) => {
    if (error instanceof Error && (error.message === "NEXT_REDIRECT" || error.message === "NEXT_NOT_FOUND")) throw error;
  },
}));
vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers([...state().headers.entries()])),
  // The request's cookies, as the browser would hold them: what an action sets, the next read finds.
  cookies: () => {
    const jar = (state().cookies ??= new Map());
    return Promise.resolve({
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      getAll: () => [...jar.entries()].map(([name, value]) => ({ name, value })),
      has: (name: string) => jar.has(name),
      set: (name: string, value: string) => void jar.set(name, value),
      delete: (name: string) => void jar.delete(name),
    });
  },
}));

export function signInAs(actor: Actor | null) {
  session.actor = actor;
}

export function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) data.append(k, one);
  return data;
}

export type Outcome = { kind: "allowed"; detail: string } | { kind: "refused"; detail: string } | { kind: "other"; detail: string };

const REFUSALS = ["forbidden", "not_found", "unauthenticated"];

/**
 * What a call came to: allowed (ok:true, or a redirect that is neither to sign-in nor carrying
 * an error), refused (ok:false with forbidden/not_found/unauthenticated, a redirect to sign-in,
 * or a redirect back carrying the error), or anything else (bad input, conflict, a crash).
 */
export async function outcomeOf(call: () => Promise<unknown>, alsoRefusal: string[] = []): Promise<Outcome> {
  let result: unknown;
  try {
    result = await call();
  } catch (error) {
    if (isRedirect(error)) {
      const url = new URL(error.url, "http://app.test");
      if (url.pathname === "/sign-in" || url.searchParams.has("error")) return { kind: "refused", detail: `redirect ${error.url}` };
      return { kind: "allowed", detail: `redirect ${error.url}` };
    }
    return { kind: "other", detail: `threw ${String(error)}` };
  }
  const r = result as { ok?: boolean; code?: string; error?: string } | undefined;
  if (r?.ok === true) return { kind: "allowed", detail: "ok" };
  if (r?.ok === false && (REFUSALS.includes(r.code ?? "") || alsoRefusal.includes(r.code ?? ""))) {
    return { kind: "refused", detail: `${r.code}: ${r.error}` };
  }
  return { kind: "other", detail: JSON.stringify(result)?.slice(0, 400) ?? "undefined" };
}
