import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { identities, outbox, users } from "@/db/schema";
import { oidcIssuer } from "@/lib/auth/providers";
import type { Actor } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { accountOfIdentity, type OidcClaims, signInWithIdentity } from "./identities";

// OpenID Connect sign-ins with crafted ID-token claims: the account is found by issuer and
// subject, linked once from a verified address of the configured issuer, never by address alone.
const ISSUER = "https://sso.example.test";
const signIn = (claims: OidcClaims, configuredIssuer: string | null = ISSUER) => signInWithIdentity({ configuredIssuer, claims });
const claims = (over: OidcClaims = {}): OidcClaims => ({ iss: ISSUER, sub: "subject-manager", email: "manager@demo.test", email_verified: true, ...over });

describe("signing in with OpenID Connect", () => {
  const t = useTestDatabase();
  let manager: Actor;
  let report: Actor;
  const identityRows = () => t.db.select().from(identities);
  /** Signs in and expects a refusal with no identity written and no sign-in recorded. */
  const expectRefused = async (run: () => Promise<unknown>) => {
    const before = { identities: await identityRows(), users: await t.db.select().from(users) };
    expect(await run()).toBeNull();
    expect({ identities: await identityRows(), users: await t.db.select().from(users) }).toEqual(before);
  };

  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
  });

  it("refuses an address the provider does not say is verified, linking nothing", async () => {
    for (const email_verified of [false, "true", 1, undefined, null]) await expectRefused(() => signIn(claims({ email_verified })));
  });

  it("refuses a token from another issuer than the one configured, or with no issuer configured", async () => {
    await expectRefused(() => signIn(claims({ iss: "https://evil.example.test" })));
    await expectRefused(() => signIn(claims(), null));
    await expectRefused(() => signIn(claims({ iss: undefined })));
    await expectRefused(() => signIn(claims({ sub: "" })));
  });

  it("refuses an address that has no account: OpenID Connect creates none", async () => {
    await expectRefused(() => signIn(claims({ sub: "someone-new", email: "stranger@demo.test" })));
  });

  it("links the identity at its first sign-in with a verified address from the configured issuer", async () => {
    const account = await signIn(claims({ email: "Manager@Demo.test" }));
    expect(account?.id).toBe(manager.id);
    expect(await identityRows()).toEqual([expect.objectContaining({ userId: manager.id, issuer: ISSUER, subject: "subject-manager" })]);
    const [row] = await t.db.select().from(users).where(eq(users.id, manager.id));
    expect(row.firstSignedInAt).toBeInstanceOf(Date);
    // The account had a password: its person is told that single sign-on now reaches it.
    const notices = await t.db.select().from(outbox).where(eq(outbox.kind, "identity_linked"));
    expect(notices.map((m) => [m.recipientId, m.toAddress])).toEqual([[manager.id, "manager@demo.test"]]);
  });

  it("refuses a different subject with the same address once the account is linked", async () => {
    await expectRefused(() => signIn(claims({ sub: "subject-attacker" })));
    expect(await accountOfIdentity({ configuredIssuer: ISSUER, claims: claims({ sub: "subject-attacker" }) })).toBeNull();
  });

  it("keeps signing in the linked account when the address at the provider changes, even to another person's", async () => {
    expect((await signIn(claims({ email: "priya.new@demo.test" })))?.id).toBe(manager.id);
    expect((await signIn(claims({ email: report.email, email_verified: false })))?.id).toBe(manager.id);
    expect((await accountOfIdentity({ configuredIssuer: ISSUER, claims: claims({ email: report.email }) }))?.id).toBe(manager.id);
  });

  it("matches a linked identity only at its own issuer: the same subject elsewhere is a new identity", async () => {
    const other = "https://other.example.test";
    await expectRefused(() => signIn(claims({ iss: other, email_verified: false }), other));
    expect(await accountOfIdentity({ configuredIssuer: other, claims: claims({ iss: other }) })).toBeNull();
  });

  it("refuses another configured issuer's verified address for an account already linked elsewhere", async () => {
    const google = "https://accounts.google.com";
    await expectRefused(() => signIn(claims({ iss: google, sub: "google-subject" }), google));
    expect(await identityRows()).toEqual([expect.objectContaining({ userId: manager.id, issuer: ISSUER, subject: "subject-manager" })]);
  });

  it("refuses a linked identity whose account was deactivated", async () => {
    await t.db.update(users).set({ active: false }).where(eq(users.id, manager.id));
    try {
      await expectRefused(() => signIn(claims()));
    } finally {
      await t.db.update(users).set({ active: true }).where(eq(users.id, manager.id));
    }
  });

  it("pins each provider to its configured issuer, and Entra ID's multi-tenant endpoint to none", () => {
    expect(oidcIssuer("google", { AUTH_GOOGLE_ID: "x", AUTH_GOOGLE_SECRET: "y" })).toBe("https://accounts.google.com");
    expect(oidcIssuer("oidc", { AUTH_OIDC_ID: "x", AUTH_OIDC_SECRET: "y", AUTH_OIDC_ISSUER: ISSUER })).toBe(ISSUER);
    const entra = { AUTH_MICROSOFT_ENTRA_ID_ID: "x", AUTH_MICROSOFT_ENTRA_ID_SECRET: "y" };
    expect(oidcIssuer("microsoft-entra-id", entra)).toBeNull();
    const tenant = "https://login.microsoftonline.com/0b3f7b5e-0000-4000-8000-000000000000/v2.0";
    expect(oidcIssuer("microsoft-entra-id", { ...entra, AUTH_MICROSOFT_ENTRA_ID_ISSUER: tenant })).toBe(tenant);
    expect(oidcIssuer("google", {})).toBeNull();
    expect(oidcIssuer("credentials", { AUTH_GOOGLE_ID: "x" })).toBeNull();
  });
});
