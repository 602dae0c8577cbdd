import "server-only";
// Invitation and recovery links are credentials, so the database holds them only as hashes,
// outbox bodies included: a stored mail keeps LINK_TOKEN where the token goes, and the row names
// the invitation or recovery it is for. Delivery through SMTP mints a fresh token for that row
// (its hash replaces the one stored), writes the link into the message it sends, and stores
// nothing of it. A backup or a read of the outbox therefore never yields a working link.
import crypto from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accountRecoveries, invitations } from "@/db/schema";

/** Where the token goes in a stored body; never a valid token (not base64url of 32 bytes). */
export const LINK_TOKEN = "{{one-time-token}}";

export const newToken = () => crypto.randomBytes(32).toString("base64url");
export const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** The link as a stored body holds it: the address with the placeholder for the token. */
export const storedLink = (baseUrl: string, path: "invite" | "recover") => `${baseUrl}/${path}/${LINK_TOKEN}`;

type LinkRef = { invitationId: string | null; recoveryId: string | null };

/**
 * A fresh token for the pending invitation or recovery this mail is for, its hash stored in
 * place of the old one; null when the mail carries no link or the link is no longer valid.
 */
export async function mintLinkToken(db: Db | Tx, ref: LinkRef, now: Date = new Date()): Promise<string | null> {
  const token = newToken();
  if (ref.invitationId) {
    const done = await db
      .update(invitations)
      .set({ tokenHash: tokenHash(token) })
      .where(and(eq(invitations.id, ref.invitationId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
      .returning({ id: invitations.id });
    return done.length ? token : null;
  }
  if (ref.recoveryId) {
    const done = await db
      .update(accountRecoveries)
      .set({ tokenHash: tokenHash(token) })
      .where(and(eq(accountRecoveries.id, ref.recoveryId), isNull(accountRecoveries.usedAt), gt(accountRecoveries.expiresAt, now)))
      .returning({ id: accountRecoveries.id });
    return done.length ? token : null;
  }
  return null;
}

const LINK_PATTERN = /\S*\{\{one-time-token\}\}/g;

/** The body to send: the minted token in place, or a note when the link no longer holds. */
export function bodyWithToken(body: string, token: string | null): string {
  if (token) return body.replaceAll(LINK_TOKEN, token);
  return body.replace(LINK_PATTERN, "(this link is no longer valid; ask for a new one)");
}

/** The body as the in-app inbox shows it: the reader is signed in already, and the link goes by mail only. */
export const bodyInApp = (body: string) => body.replace(LINK_PATTERN, "(the link is sent by email only)");
