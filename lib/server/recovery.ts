import "server-only";
// Getting back into a used account. No admin can do it (lib/server/account-use.ts): the person
// asks for a one-time link by mail (when SMTP is set up), or the server's operator makes one on
// the shell (npm run account:recover), which the person's access log records and both people of
// each of their pairs are told about. A link is stored only as a hash, expires, works once, and
// using it sets a new password and ends every other session.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Tx } from "@/db/client";
import { accountRecoveries, reportingLines, series, users } from "@/db/schema";
import { accessChanged } from "@/lib/collab/access-events";
import type { Mail } from "@/lib/email";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { assertSystemMayRead, type SystemActor } from "@/lib/policy";
import type { z } from "zod";
import type { recoverAccountSchema } from "@/lib/validation/auth";
import { recordAccess } from "./access-log";
import { newToken, storedLink, tokenHash } from "./mail-links";
import { deliver, queueMail } from "./outbox";

const HOUR = 3600 * 1000;
/** An operator's link is handed over by a person, a mailed one is read at once. */
export const RECOVERY_VALID_MS = { operator: 24 * HOUR, mail: HOUR } as const;
/** One mailed link per account in this time, however often the form is sent. */
const MAIL_INTERVAL_MS = 10 * 60 * 1000;

const lower = (v: string) => v.trim().toLowerCase();

async function personByEmail(tx: Tx, address: string) {
  const [person] = await tx
    .select({ id: users.id, orgId: users.orgId, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(sql`lower(${users.email}) = ${lower(address)}`)
    .for("update");
  return person;
}

/** The other person of each series the person is part of (as manager or report), once each. */
async function pairPeopleOf(tx: Tx, userId: string) {
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const rows = await tx
    .select({
      managerId: manager.id,
      managerName: manager.name,
      managerEmail: manager.email,
      managerActive: manager.active,
      reportId: report.id,
      reportName: report.name,
      reportEmail: report.email,
      reportActive: report.active,
    })
    .from(series)
    .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(or(eq(reportingLines.managerId, userId), eq(reportingLines.reportId, userId)));
  const others = new Map<string, { id: string; name: string; email: string }>();
  for (const r of rows) {
    const other =
      r.managerId === userId
        ? { id: r.reportId, name: r.reportName, email: r.reportEmail, active: r.reportActive }
        : { id: r.managerId, name: r.managerName, email: r.managerEmail, active: r.managerActive };
    if (other.active && other.id !== userId) others.set(other.id, other);
  }
  return [...others.values()];
}

export type OperatorRecovery = { link: string; expiresAt: Date; person: { id: string; name: string }; told: string[] };

/**
 * The operator's recovery (npm run account:recover): a one-time link printed on the shell, an
 * entry in the person's access log, and a mail (no link, no content) to the person and to the
 * other person of each of their pairs. Only the recovery job reaches it; no route calls it.
 */
export async function recoverByOperator(actor: SystemActor, input: { email: string }, baseUrl: string, now: Date = new Date()): Promise<OperatorRecovery> {
  assertSystemMayRead(actor, "accountRecovery");
  const db = await getDb();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + RECOVERY_VALID_MS.operator);
  const { person, mailIds, told } = await db.transaction(async (tx) => {
    const person = await personByEmail(tx, input.email);
    if (!person) throw new AppError("not_found", `No account has the address ${input.email}.`);
    if (!person.active) throw new AppError("conflict", "This account is deactivated: an admin reactivates it first (an erased account cannot be recovered).");
    await tx.insert(accountRecoveries).values({ userId: person.id, via: "operator", tokenHash: tokenHash(token), expiresAt, createdAt: now });
    await recordAccess(tx, {
      orgId: person.orgId,
      reportId: person.id,
      actorId: null,
      kind: "recovery",
      action: "The server's operator made a one-time link to set a new password for your account",
      subject: `valid until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    });
    const when = now.toISOString().slice(0, 10);
    const others = await pairPeopleOf(tx, person.id);
    const mails: Mail[] = [
      {
        orgId: person.orgId,
        kind: "account_recovered",
        recipientId: person.id,
        to: person.email,
        subject: "A link to set a new password for your account was made",
        body: `Hello ${person.name},\n\nOn ${when} the server's operator made a one-time link to set a new password for your Between Us account. Using it signs out every other session. Your access log shows it.\n\nIf you did not ask for this, tell the people who run Between Us at once.\n`,
      },
      ...others.map((o) => ({
        orgId: person.orgId,
        kind: "account_recovered" as const,
        recipientId: o.id,
        to: o.email,
        subject: `${person.name}'s account was recovered`,
        body: `Hello ${o.name},\n\nOn ${when} the server's operator made a one-time link to set a new password for ${person.name}'s Between Us account. You are told because you share a one-on-one with them.\n\nIf that seems wrong, ask ${person.name} whether they asked for it.\n`,
      })),
    ];
    const mailIds: string[] = [];
    for (const mail of mails) mailIds.push(await queueMail(tx, mail));
    return { person, mailIds, told: [person.email, ...others.map((o) => o.email)] };
  });
  await deliver(db, mailIds);
  return { link: `${baseUrl}/recover/${token}`, expiresAt, person: { id: person.id, name: person.name }, told };
}

/**
 * "Forgot your password?": with SMTP, a one-time link mailed to the account's own address; the
 * same (empty) answer whether or not the account exists, and at most one mail per ten minutes.
 * Without SMTP nothing is sent: only the operator can recover an account.
 */
export async function requestRecoveryByMail(input: { email: string }, baseUrl: string, now: Date = new Date()): Promise<void> {
  if (!env().SMTP_URL) return;
  const db = await getDb();
  const mailId = await db.transaction(async (tx) => {
    const person = await personByEmail(tx, input.email);
    if (!person?.active) return null;
    const [recent] = await tx
      .select({ id: accountRecoveries.id })
      .from(accountRecoveries)
      .where(
        and(
          eq(accountRecoveries.userId, person.id),
          eq(accountRecoveries.via, "mail"),
          gt(accountRecoveries.createdAt, new Date(now.getTime() - MAIL_INTERVAL_MS)),
        ),
      )
      .limit(1);
    if (recent) return null;
    const [row] = await tx
      .insert(accountRecoveries)
      // The token is minted when the mail is sent (lib/server/mail-links.ts); this one is never given out.
      .values({ userId: person.id, via: "mail", tokenHash: tokenHash(newToken()), expiresAt: new Date(now.getTime() + RECOVERY_VALID_MS.mail), createdAt: now })
      .returning({ id: accountRecoveries.id });
    return queueMail(tx, {
      orgId: person.orgId,
      kind: "account_recovery",
      recipientId: person.id,
      to: person.email,
      subject: "Set a new password for Between Us",
      body: `Hello ${person.name},\n\nSomeone asked to set a new password for your Between Us account. If it was you, use this link within an hour (it works once, and signs out every other session):\n${storedLink(baseUrl, "recover")}\n\nIf it was not you, ignore this mail: nothing changes.\n`,
      recoveryId: row.id,
    });
  });
  if (mailId) await deliver(db, [mailId]);
}

async function pendingRecovery(tx: Tx, token: string, now: Date) {
  const [row] = await tx
    .select({ id: accountRecoveries.id, userId: accountRecoveries.userId, via: accountRecoveries.via, expiresAt: accountRecoveries.expiresAt })
    .from(accountRecoveries)
    .where(and(eq(accountRecoveries.tokenHash, tokenHash(token)), isNull(accountRecoveries.usedAt)))
    .for("update");
  return row && row.expiresAt > now ? row : null;
}

/** The account a recovery link is for, while it still works; null otherwise. */
export async function findRecovery(token: string, now: Date = new Date()) {
  const db = await getDb();
  const [row] = await db
    .select({ email: users.email, name: users.name, active: users.active, expiresAt: accountRecoveries.expiresAt, usedAt: accountRecoveries.usedAt })
    .from(accountRecoveries)
    .innerJoin(users, eq(users.id, accountRecoveries.userId))
    .where(eq(accountRecoveries.tokenHash, tokenHash(token)));
  if (!row || row.usedAt || row.expiresAt <= now || !row.active) return null;
  return { email: row.email, name: row.name };
}

/** Uses a recovery link: a new password, every other session ended, every other pending link void, an access-log entry. */
export async function completeRecovery(input: z.infer<typeof recoverAccountSchema>, now: Date = new Date()) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  const done = await db.transaction(async (tx) => {
    const recovery = await pendingRecovery(tx, input.token, now);
    if (!recovery) throw new AppError("not_found", "This link is no longer valid. Ask for a new one.");
    const [person] = await tx
      .select({ id: users.id, orgId: users.orgId, email: users.email, active: users.active })
      .from(users)
      .where(eq(users.id, recovery.userId))
      .for("update");
    if (!person?.active) throw new AppError("not_found", "This link is no longer valid. Ask for a new one.");
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, person.id));
    await tx
      .update(accountRecoveries)
      .set({ usedAt: now })
      .where(and(eq(accountRecoveries.userId, person.id), isNull(accountRecoveries.usedAt)));
    await recordAccess(tx, {
      orgId: person.orgId,
      reportId: person.id,
      actorId: null,
      kind: "recovery",
      action: "A new password was set with a one-time recovery link, and every other session was signed out",
      subject: recovery.via === "operator" ? "the link the server's operator made" : "the link mailed to your address",
    });
    return { id: person.id, email: person.email };
  });
  accessChanged({ userId: done.id });
  return done;
}
