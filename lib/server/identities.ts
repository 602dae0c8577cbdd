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
import { deliver, queueMail } from "./outbox";
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
 * or missing address, an account that already has an identity (at any issuer), and anyone
 * without an account: OpenID Connect never creates accounts.
 */
export async function signInWithIdentity(input: OidcSignIn, now: Date = new Date()): Promise<SignedInAccount | null> {
  const identity = pinned(input);
  if (!identity) return null;
  const known = await accountOfIdentity(input);
  const db = await getDb();
  if (known) {
    await recordSignIn(db, known.id, now);
    return known;
  }
  const email = text(input.claims.email);
  if (!email || input.claims.email_verified !== true) return null;
  try {
    const linked = await db.transaction(async (tx) => {
      const [account] = await tx
        .select({
          id: users.id,
          orgId: users.orgId,
          name: users.name,
          email: users.email,
          sessionVersion: users.sessionVersion,
          usedBefore: sql<boolean>`${users.firstSignedInAt} is not null or ${users.passwordHash} is not null`,
        })
        .from(users)
        .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, eq(users.active, true)))
        .for("update");
      if (!account) return { account: null, notice: null };
      const [other] = await tx.select({ id: identities.id }).from(identities).where(eq(identities.userId, account.id));
      // An account already linked (at this issuer or another) is found by that identity only: a
      // second provider vouching for the same address is someone who controls the address there.
      if (other) return { account: null, notice: null };
      await tx.insert(identities).values({ userId: account.id, issuer: identity.issuer, subject: identity.subject, createdAt: now });
      await recordSignIn(tx, account.id, now);
      // Someone who signed in before is told: a link they did not make is someone else at their provider.
      const notice = account.usedBefore
        ? await queueMail(tx, {
            orgId: account.orgId,
            kind: "identity_linked",
            recipientId: account.id,
            to: account.email,
            subject: "Your account can now be signed into with single sign-on",
            body: `Hello ${account.name},\n\nOn ${now.toISOString().slice(0, 10)} your Between Us account was signed into for the first time through ${identity.issuer}, and can be from now on.\n\nIf this was not you, or if your account has a password you did not set yourself (from an invitation link you never received), tell the people who run Between Us at once: they can make you a one-time link to set your own.\n`,
          })
        : null;
      return { account: { id: account.id, sessionVersion: account.sessionVersion }, notice };
    });
    if (linked.notice) await deliver(db, [linked.notice]);
    return linked.account;
  } catch (error) {
    // Two first sign-ins at once: the unique indexes let one link; the other is refused.
    logFailure("linking an OpenID Connect identity failed", error);
    return null;
  }
}
