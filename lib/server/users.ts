import "server-only";
import crypto from "node:crypto";
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "@/db/demo";
import { invitations, organizations, reportingLines, users } from "@/db/schema";
import { DUMMY_HASH, hashPassword, verifyPassword } from "@/lib/auth/password";
import { deliver, queueMail } from "./outbox";
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

const lower = (v: string) => v.trim().toLowerCase();
const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

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
  return { people, lines: lines.map((l) => ({ ...l, current: lineIsActive(l) })), pending };
}

const INVITATION_DAYS = 7;

/**
 * An invitation of one person by an admin: the row to store (the token only as its hash), the
 * mail to queue (that someone invited them, with the link; nothing else) and the link itself.
 * The admin's invite and the people import both invite through this.
 */
export function newInvitation(actor: Actor, person: { email: string; name: string; orgRole: "admin" | "member" }, baseUrl: string) {
  const token = crypto.randomBytes(32).toString("base64url");
  const link = `${baseUrl}/invite/${token}`;
  const row = {
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
    recipientId: null,
    to: person.email,
    subject: `${actor.name} invited you to Between Us`,
    body: `Hello ${person.name},\n\n${actor.name} invited you to Between Us, where you and your manager keep your one-on-ones.\n\nSet your password here (the link works for ${INVITATION_DAYS} days):\n${link}\n`,
  };
  // Without SMTP nobody else can hand the link over: the inviting admin gets it once, in the
  // action's answer. With SMTP only the invitee's mailbox holds it.
  return { row, mail, link: env().SMTP_URL ? null : link };
}

/**
 * A person without a password (imported, not yet signed up) may be invited again, into the
 * same account; anyone else with the address already has an account.
 */
const mayInviteInto = (taken: { orgId: string; passwordHash: string | null; active: boolean } | undefined, orgId: string) =>
  !taken || (taken.orgId === orgId && taken.passwordHash === null && taken.active);

export async function invitePerson(actor: Actor, input: z.infer<typeof inviteSchema>, baseUrl: string) {
  assertOrgAdmin(actor);
  const db = await getDb();
  const invitation = newInvitation(actor, input, baseUrl);
  const mailId = await db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ orgId: users.orgId, passwordHash: users.passwordHash, active: users.active })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email}`);
    if (!mayInviteInto(taken, actor.orgId)) throw invalid({ email: ["Someone with this email address already has an account."] });
    await tx.insert(invitations).values(invitation.row);
    return queueMail(tx, invitation.mail);
  });
  await deliver(db, [mailId]);
  return { email: input.email, link: invitation.link };
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
    const [taken] = await tx
      .select({ id: users.id, orgId: users.orgId, passwordHash: users.passwordHash, active: users.active })
      .from(users)
      .where(sql`lower(${users.email}) = ${lower(inv.email)}`)
      .for("update");
    if (!mayInviteInto(taken, inv.orgId)) throw new AppError("conflict", "An account with this email address already exists.");
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
    if (taken) {
      // An imported person signs up: their account, its role and reporting lines are already there.
      await tx.update(users).set({ name: input.name, passwordHash }).where(eq(users.id, taken.id));
      return { id: taken.id, email: inv.email };
    }
    const [user] = await tx
      .insert(users)
      .values({ orgId: inv.orgId, email: inv.email, name: input.name, passwordHash, orgRole: inv.orgRole })
      .returning({ id: users.id, email: users.email });
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
