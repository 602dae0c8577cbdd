import "server-only";
// Sign-in through OpenID Connect. An identity at an identity provider is its issuer and subject
// (the provider's id for the person, which never changes); the address it reports may change or
// be claimed by someone else. So an identity is linked to an account once, at its first sign-in,
// and only when the provider is the one configured for it and says the address is verified;
// from then on the account is found by issuer and subject alone, never by address.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { identities, users } from "@/db/schema";
import { logFailure } from "@/lib/log";
import { recordSignIn } from "./users";

/** What the ID token says (Auth.js's `profile` for an OIDC provider): only these claims are read. */
export type OidcClaims = { iss?: unknown; sub?: unknown; email?: unknown; email_verified?: unknown };

export type OidcSignIn = {
  /** The issuer this provider is configured with (lib/auth/providers.ts); null when unknown. */
  configuredIssuer: string | null;
  claims: OidcClaims;
};

export type SignedInAccount = { id: string; sessionVersion: number };

const trimSlash = (v: string) => v.replace(/\/+$/, "");
const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : null);

/** The token's issuer and subject, when the issuer is the configured one; null otherwise. */
function pinned({ configuredIssuer, claims }: OidcSignIn): { issuer: string; subject: string } | null {
  const issuer = text(claims.iss);
  const subject = text(claims.sub);
  if (!issuer || !subject || !configuredIssuer || trimSlash(issuer) !== trimSlash(configuredIssuer)) return null;
  return { issuer: trimSlash(issuer), subject };
}

/** The active account linked to this issuer and subject, without linking anything. */
export async function accountOfIdentity(input: OidcSignIn): Promise<SignedInAccount | null> {
  const identity = pinned(input);
  if (!identity) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, sessionVersion: users.sessionVersion })
    .from(identities)
    .innerJoin(users, eq(users.id, identities.userId))
    .where(and(eq(identities.issuer, identity.issuer), eq(identities.subject, identity.subject), eq(users.active, true)));
  return row ?? null;
}

/**
 * An OpenID Connect sign-in: the linked account, or, at the identity's first sign-in, the active
 * account with the verified address, linked now. Refused (null) for another issuer, an unverified
 * or missing address, an account that already has another identity at this issuer, and anyone
 * without an account: OpenID Connect never creates accounts.
 */
export async function signInWithIdentity(input: OidcSignIn, now: Date = new Date()): Promise<SignedInAccount | null> {
  const identity = pinned(input);
  if (!identity) return null;
  const linked = await accountOfIdentity(input);
  const db = await getDb();
  if (linked) {
    await recordSignIn(db, linked.id, now);
    return linked;
  }
  const email = text(input.claims.email);
  if (!email || input.claims.email_verified !== true) return null;
  try {
    return await db.transaction(async (tx) => {
      const [account] = await tx
        .select({ id: users.id, sessionVersion: users.sessionVersion })
        .from(users)
        .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, eq(users.active, true)))
        .for("update");
      if (!account) return null;
      const [other] = await tx
        .select({ id: identities.id })
        .from(identities)
        .where(and(eq(identities.userId, account.id), eq(identities.issuer, identity.issuer)));
      if (other) return null;
      await tx.insert(identities).values({ userId: account.id, issuer: identity.issuer, subject: identity.subject, createdAt: now });
      await recordSignIn(tx, account.id, now);
      return account;
    });
  } catch (error) {
    // Two first sign-ins at once: the unique indexes let one link; the other is refused.
    logFailure("linking an OpenID Connect identity failed", error);
    return null;
  }
}
