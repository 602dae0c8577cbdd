import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { invitations, outbox, users } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import type { Actor } from "@/lib/policy";
import { inviteSchema } from "@/lib/validation/people";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { confirmImport, previewImport } from "./people-import";
import { startSeries } from "./series";
import { acceptInvitation, authenticate, findInvitation, invitePerson } from "./users";
import { signInWithIdentity } from "./identities";

// The issue 25 adversary: an org admin who imports or finds a password-less account and tries to
// give it a credential of their own, to sign in as that person and read their one-on-ones.
const BASE_URL = "https://between-us.test";
const PASSWORD = "an admin's chosen passphrase";
const ISSUER = "https://sso.example.test";
const accept = (token: string) => acceptInvitation({ token, name: "Taken Over", password: PASSWORD, confirm: PASSWORD });
const tokenOf = (link: string) => link.split("/invite/")[1];

describe("no admin power gives a used account a new credential", () => {
  const t = useTestDatabase();
  let admin: Actor;
  let manager: Actor;
  const importPeople = async (...rows: string[]) => {
    const screen = await previewImport(admin, { csv: ["email,name,manager_email,role", ...rows].join("\n") });
    if (!screen.ok) throw new Error(screen.error);
    return confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
  };
  const userOf = async (email: string) => (await t.db.select().from(users).where(eq(users.email, email)))[0];

  beforeAll(async () => {
    admin = await actorOf(t.db, "admin@demo.test");
    manager = await actorOf(t.db, "manager@demo.test");
  });

  it("refuses to re-invite an imported account that has signed in through OpenID Connect, writing nothing", async () => {
    const { links } = await importPeople("sso.only@demo.test,Sso Only,,");
    expect(links).toHaveLength(1);
    const signedIn = await signInWithIdentity({
      configuredIssuer: ISSUER,
      claims: { iss: ISSUER, sub: "sso-only-1", email: "sso.only@demo.test", email_verified: true },
    });
    expect(signedIn?.id).toBe((await userOf("sso.only@demo.test")).id);
    const input = inviteSchema.parse({ email: "sso.only@demo.test", name: "Sso Only" });
    const error = await expectRefusedUnchanged(t.db, () => invitePerson(admin, input, BASE_URL), "invalid");
    expect(error.fieldErrors?.email?.[0]).toMatch(/already used their account/);
  });

  it("refuses the import's first link once its person has signed in: it sets no password into the account", async () => {
    const { links } = await importPeople("early.link@demo.test,Early Link,,");
    await signInWithIdentity({ configuredIssuer: ISSUER, claims: { iss: ISSUER, sub: "early-1", email: "early.link@demo.test", email_verified: true } });
    await expectRefusedUnchanged(t.db, () => accept(tokenOf(links[0].link)), "conflict");
    expect((await userOf("early.link@demo.test")).passwordHash).toBeNull();
    expect(await authenticate("early.link@demo.test", PASSWORD)).toBeNull();
  });

  it("refuses to re-invite a password-less account that is part of a series, and its earlier link sets nothing", async () => {
    const { links } = await importPeople("in.series@demo.test,In Series,manager@demo.test,");
    await startSeries(manager, seriesInput({ reportIds: [(await userOf("in.series@demo.test")).id] }));
    const input = inviteSchema.parse({ email: "in.series@demo.test", name: "In Series" });
    const error = await expectRefusedUnchanged(t.db, () => invitePerson(admin, input, BASE_URL), "invalid");
    expect(error.fieldErrors?.email?.[0]).toMatch(/already used their account/);
    await expectRefusedUnchanged(t.db, () => accept(tokenOf(links[0].link)), "conflict");
    expect(await authenticate("in.series@demo.test", PASSWORD)).toBeNull();
  });

  it("sends a never-used account's new invitation to the person, and gives the admin no link", async () => {
    await importPeople("never.used@demo.test,Never Used,,");
    const person = await userOf("never.used@demo.test");
    const answer = await invitePerson(admin, inviteSchema.parse({ email: "never.used@demo.test", name: "Never Used" }), BASE_URL);
    expect(answer).toEqual({ email: "never.used@demo.test", link: null });
    expect(JSON.stringify(answer)).not.toContain("/invite/");
    const mails = await t.db.select().from(outbox).where(eq(outbox.toAddress, "never.used@demo.test"));
    expect(mails.map((m) => m.recipientId)).toEqual([null, person.id]);
  });

  it("gives the admin the link with SMTP never, not even at the account's creation", async () => {
    vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:9");
    resetEnvForTests();
    try {
      const answer = await invitePerson(admin, inviteSchema.parse({ email: "mailed.new@demo.test", name: "Mailed New" }), BASE_URL);
      expect(answer.link).toBeNull();
    } finally {
      vi.unstubAllEnvs();
      resetEnvForTests();
    }
  });

  it("stores no working invitation link in any outbox body", async () => {
    await invitePerson(admin, inviteSchema.parse({ email: "fresh.face@demo.test", name: "Fresh Face" }), BASE_URL);
    const bodies = await t.db.select({ body: outbox.body }).from(outbox).where(eq(outbox.kind, "invitation"));
    expect(bodies.length).toBeGreaterThanOrEqual(6);
    for (const { body } of bodies) {
      const tokens = [...body.matchAll(/\/invite\/(\S+)/g)].map((m) => m[1]);
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of tokens) expect(await findInvitation(token)).toBeNull();
    }
    // The tokens an admin was given still work: they are stored as hashes only.
    const [row] = await t.db.select({ hash: invitations.tokenHash }).from(invitations).where(eq(invitations.email, "fresh.face@demo.test"));
    expect(JSON.stringify(await t.db.execute(sql`select body from outbox`))).not.toContain(row.hash);
  });
});
