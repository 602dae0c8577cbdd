import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db, type Tx } from "@/db/client";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "@/db/demo";
import { invitations, organizations, reportingLines, users } from "@/db/schema";
import { DUMMY_HASH, hashPassword, verifyPassword } from "@/lib/auth/password";
import { deliver, queueMail } from "./outbox";
import { orgAdminsOf, recordAdminGrant } from "./admin-grants";
import type { Mail } from "@/lib/email";
import { env } from "@/lib/env";
import { AppError, invalid, notFound } from "@/lib/errors";
import { type Actor, assertOrgAdmin, lineIsActive } from "@/lib/policy";
import { countAttempt, logFailedSignIn, settleSuccess, SignInLimited, signInLimitersFor } from "./sign-in-limits";
import type { z } from "zod";
import type { acceptInvitationSchema } from "@/lib/validation/auth";
import type { createLineSchema, endLineSchema, inviteSchema } from "@/lib/validation/people";
import { accessChanged } from "@/lib/collab/access-events";
import { navigationFactsColumns, rememberPersonFacts } from "./person-facts";

import { accountUsed, USED_ACCOUNT_MESSAGE } from "./account-use";
import { newToken, storedLink, tokenHash } from "./mail-links";

const lower = (v: string) => v.trim().toLowerCase();

/** Marks a sign-in (password or OpenID Connect): from the first one on, the account counts as used. */
export async function recordSignIn(db: Db | Tx, userId: string, now: Date = new Date()): Promise<void> {
  await db
    .update(users)
    .set({ firstSignedInAt: sql`coalesce(${users.firstSignedInAt}, ${now.toISOString()}::timestamptz)`, lastSignedInAt: now })
    .where(eq(users.id, userId));
}

export async function loadActor(id: string, sessionVersion: number): Promise<Actor | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: users.id,
      orgId: users.orgId,
      orgRole: users.orgRole,
      name: users.name,
      email: users.email,
      active: users.active,
      sessionVersion: users.sessionVersion,
      // What the request's pages ask next (their zone, the navigation), in this same statement.
      timeZone: users.timeZone,
      ...navigationFactsColumns(users.id, users.orgId),
    })
    .from(users)
    .where(eq(users.id, id));
  if (!row || !row.active || row.sessionVersion !== sessionVersion) return null;
  const actor: Actor = { id: row.id, orgId: row.orgId, orgRole: row.orgRole, name: row.name, email: row.email };
  rememberPersonFacts(actor, { timeZone: row.timeZone, navigation: { managesReports: row.managesReports, ownsTemplates: row.ownsTemplates } });
  return actor;
}

export async function findSignInUserByEmail(address: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, sessionVersion: users.sessionVersion })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${lower(address)}`, eq(users.active, true)));
  return row ?? null;
}

/**
 * Verifies a password; an unknown account costs the same hash verification as a known one.
 * Every attempt counts first (lib/server/sign-in-limits: the account and address pair, the address,
 * the account's day, or a trusted device's own failures when `device` is the device token this
 * browser got at an earlier sign-in to the account); while a limit holds for this attempt it throws SignInLimited without looking
 * at the password.
 */
export async function authenticate(address: string, password: string, client: string | null = null, device: string | null = null) {
  const db = await getDb();
  const limiters = await signInLimitersFor(db);
  const verdict = await countAttempt(limiters, address, client, device);
  if (verdict.limited) {
    logFailedSignIn(address, client, `limited (${verdict.by})`);
    throw new SignInLimited(verdict.retryAfterMs);
  }
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, hash: users.passwordHash, active: users.active })
    .from(users)
    .where(sql`lower(${users.email}) = ${lower(address)}`);
  const ok = await verifyPassword(row?.hash ?? DUMMY_HASH, password);
  if (!row || !row.hash || !row.active || !ok) {
    logFailedSignIn(address, client, "wrong password or no such account");
    return null;
  }
  await settleSuccess(limiters, address, client, device);
  await recordSignIn(db, row.id);
  return { id: row.id, email: row.email, name: row.name };
}

/** What the sign-in page shows while the demo organization exists; null otherwise. */
export async function demoHint() {
  const db = await getDb();
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.isDemo, true)).limit(1);
  if (!row) return null;
  return { password: DEMO_PASSWORD, manager: DEMO_PEOPLE.managers[0].email, report: "report1@demo.test", admin: DEMO_PEOPLE.admin.email };
}

export async function listPeople(actor: Actor) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const manager = alias(users, "manager");
  const reportUser = alias(users, "report_user");
  const people = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      orgRole: users.orgRole,
      active: users.active,
      erased: sql<boolean>`${users.erasedAt} is not null`,
    })
    .from(users)
    .where(eq(users.orgId, actor.orgId))
    .orderBy(asc(users.name));
  const lines = await db
    .select({
      id: reportingLines.id,
      managerId: reportingLines.managerId,
      managerName: manager.name,
      reportId: reportingLines.reportId,
      reportName: reportUser.name,
      activeFrom: reportingLines.activeFrom,
      activeTo: reportingLines.activeTo,
    })
    .from(reportingLines)
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(reportUser, eq(reportUser.id, reportingLines.reportId))
    .where(eq(reportingLines.orgId, actor.orgId))
    .orderBy(asc(manager.name), asc(reportUser.name));
  const pending = await db
    .select({ id: invitations.id, email: invitations.email, name: invitations.name, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.orgId, actor.orgId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())))
    .orderBy(asc(invitations.createdAt));
  // Every admin with who made them and when: making an admin is in nobody's access log, so it is shown here.
  const admins = await orgAdminsOf(db, actor.orgId);
  return { people, lines: lines.map((l) => ({ ...l, current: lineIsActive(l) })), pending, admins };
}

const INVITATION_DAYS = 7;

/**
 * An invitation of one person by an admin: the row to store (the token only as its hash) and the
 * mail to queue (that someone invited them, with the link's placeholder: delivery puts a fresh
 * token into the SMTP message, lib/server/mail-links.ts). The link itself is for the answer to
 * the admin, and only when the invitation creates the account and no mail server can carry it;
 * `into` names a never-used account this invitation is for: its link goes to the person only.
 * The admin's invite and the people import both invite through this.
 */
export function newInvitation(
  actor: Actor,
  person: { email: string; name: string; orgRole: "admin" | "member" },
  baseUrl: string,
  into: { userId: string } | null = null,
) {
  const token = newToken();
  const id = randomUUID();
  const row = {
    id,
    orgId: actor.orgId,
    email: person.email,
    name: person.name,
    orgRole: person.orgRole,
    tokenHash: tokenHash(token),
    invitedBy: actor.id,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000),
  };
  const mail: Mail = {
    orgId: actor.orgId,
    kind: "invitation",
    recipientId: into?.userId ?? null,
    to: person.email,
    subject: `${actor.name} invited you to Between Us`,
    body: `Hello ${person.name},\n\n${actor.name} invited you to Between Us, where you and your manager keep your one-on-ones.\n\nSet your password here (the link works for ${INVITATION_DAYS} days):\n${storedLink(baseUrl, "invite")}\n`,
    invitationId: id,
  };
  // Without SMTP nobody else can hand the link over: the inviting admin gets it once, in the
  // action's answer, when the invitation creates the account. Never again, never with SMTP.
  const link = env().SMTP_URL || into ? null : `${baseUrl}/invite/${token}`;
  return { row, mail, link };
}

type Holder = { id: string; orgId: string; passwordHash: string | null; active: boolean; used: boolean };

/** The account holding an address (row locked), with whether it has been used (lib/server/account-use.ts). */
async function holderOf(tx: Tx, address: string): Promise<Holder | undefined> {
  const [row] = await tx
    .select({ id: users.id, orgId: users.orgId, passwordHash: users.passwordHash, active: users.active, used: accountUsed(users.id) })
    .from(users)
    .where(sql`lower(${users.email}) = ${lower(address)}`)
    .for("update");
  return row;
}

/**
 * Whether an invitation may go to this address: no account holds it, or an active account of the
 * same organization that has never been used (imported, not yet signed in). A used account
 * gets no credential from an admin, ever.
 */
function invitable(holder: Holder | undefined, orgId: string): "new" | "into" | "taken" | "used" {
  if (!holder) return "new";
  if (holder.orgId !== orgId || !holder.active) return "taken";
  return holder.used ? "used" : "into";
}

export async function invitePerson(actor: Actor, input: z.infer<typeof inviteSchema>, baseUrl: string) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const { mailId, link } = await db.transaction(async (tx) => {
    const holder = await holderOf(tx, input.email);
    const verdict = invitable(holder, actor.orgId);
    if (verdict === "taken") throw invalid({ email: ["Someone with this email address already has an account."] });
    if (verdict === "used") throw invalid({ email: [USED_ACCOUNT_MESSAGE] });
    const invitation = newInvitation(actor, input, baseUrl, verdict === "into" ? { userId: holder!.id } : null);
    await tx.insert(invitations).values(invitation.row);
    return { mailId: await queueMail(tx, invitation.mail), link: invitation.link };
  });
  await deliver(db, [mailId]);
  return { email: input.email, link };
}

export async function findInvitation(token: string) {
  const db = await getDb();
  const [row] = await db
    .select({ email: invitations.email, name: invitations.name, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt })
    .from(invitations)
    .where(eq(invitations.tokenHash, tokenHash(token)));
  if (!row || row.acceptedAt || row.expiresAt < new Date()) return null;
  return { email: row.email, name: row.name };
}

export async function acceptInvitation(input: z.infer<typeof acceptInvitationSchema>) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.tokenHash, tokenHash(input.token)), isNull(invitations.acceptedAt)))
      .for("update");
    if (!inv || inv.expiresAt < new Date()) throw new AppError("not_found", "This invitation is no longer valid.");
    const holder = await holderOf(tx, inv.email);
    // An earlier link, accepted after the person began to use the account, sets nothing.
    const verdict = invitable(holder, inv.orgId);
    if (verdict !== "new" && verdict !== "into") {
      throw new AppError("conflict", "An account with this email address already exists.");
    }
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
    if (holder) {
      // An imported person signs up: their account, its role and reporting lines are already there.
      await tx.update(users).set({ name: input.name, passwordHash }).where(eq(users.id, holder.id));
      return { id: holder.id, email: inv.email };
    }
    const [user] = await tx
      .insert(users)
      .values({ orgId: inv.orgId, email: inv.email, name: input.name, passwordHash, orgRole: inv.orgRole })
      .returning({ id: users.id, email: users.email });
    if (inv.orgRole === "admin") await recordAdminGrant(tx, { orgId: inv.orgId, userId: user.id, by: inv.invitedBy, via: "invitation" });
    return user;
  });
}

export async function createReportingLine(actor: Actor, input: z.infer<typeof createLineSchema>) {
  assertOrgAdmin(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const people = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, actor.orgId), eq(users.active, true), sql`${users.id} in (${input.managerId}, ${input.reportId})`));
    if (people.length !== 2) throw invalid({ reportId: ["Choose two active people of your organization."] });
    // Lock the report's lines so that two admins cannot give one person two managers at once.
    const overlapping = await tx
      .select({ id: reportingLines.id })
      .from(reportingLines)
      .where(and(eq(reportingLines.reportId, input.reportId), or(isNull(reportingLines.activeTo), gt(reportingLines.activeTo, input.activeFrom))))
      .for("update");
    if (overlapping.length) {
      throw invalid({ reportId: ["This person has a manager on that date. End that line first, or start this one later."] });
    }
    const [line] = await tx
      .insert(reportingLines)
      .values({ orgId: actor.orgId, managerId: input.managerId, reportId: input.reportId, activeFrom: input.activeFrom })
      .returning({ id: reportingLines.id });
    return line;
  });
}

export async function endReportingLine(actor: Actor, input: z.infer<typeof endLineSchema>) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const [line] = await db
    .select()
    .from(reportingLines)
    .where(and(eq(reportingLines.id, input.lineId), eq(reportingLines.orgId, actor.orgId)));
  if (!line) throw notFound();
  if (line.activeTo) throw invalid({ lineId: ["This reporting line has already ended."] });
  if (input.activeTo < line.activeFrom) throw invalid({ activeTo: ["The end date cannot be before the start date."] });
  await db.update(reportingLines).set({ activeTo: input.activeTo }).where(eq(reportingLines.id, line.id));
  accessChanged({ userId: line.managerId });
  accessChanged({ userId: line.reportId });
  return { id: line.id };
}
