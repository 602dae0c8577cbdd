import "server-only";
// The real-time documents' door and store. Tokens are issued here after lib/policy said yes;
// the collaboration server (lib/collab/server.ts) checks each token here again, and re-reads
// the person's access from the database on connect and while the connection lives.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { jwtVerify, SignJWT } from "jose";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { authSecret } from "@/lib/auth/secret";
import { agendaDocumentName, type CollabDocument, noteDocumentName, parseDocumentName } from "@/lib/collab/names";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { type Actor, assertSignedIn } from "@/lib/policy";
import { authorizeMeeting, authorizeMeetingView } from "./access";
import { recordMeetingOpened } from "./agenda";
import { collabDocumentWritable } from "./collab-store";
import { assertMayKeepOwnNote } from "./private-notes";
import { loadActor } from "./users";

/** How long a token opens a connection; the provider asks for a fresh one on every (re)connect. */
export const COLLAB_TOKEN_SECONDS = 120;
const AUDIENCE = "between-us-collab";

/** A key of its own, derived from the app secret, so session cookies and collab tokens never mix. */
function tokenKey(): Uint8Array {
  return new Uint8Array(crypto.createHmac("sha256", authSecret()).update("between-us collab token v1").digest());
}

/** Where the browser reaches the collaboration server: COLLAB_PUBLIC_URL, else the page's host on COLLAB_PORT. */
export function collabEndpoint() {
  return { url: env().COLLAB_PUBLIC_URL ?? null, port: env().COLLAB_PORT };
}

async function sessionVersionOf(actor: Actor): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, actor.id));
  return row?.sessionVersion ?? 0;
}

/** Signs a token for one person and one document; only the issue functions below call it after lib/policy. */
export async function signCollabToken(claims: { userId: string; documentName: string; sessionVersion: number }, seconds = COLLAB_TOKEN_SECONDS) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ doc: claims.documentName, sv: claims.sessionVersion })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.userId)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(tokenKey());
}

async function sign(actor: Actor, documentName: string) {
  const token = await signCollabToken({ userId: actor.id, documentName, sessionVersion: await sessionVersionOf(actor) });
  return { token, documentName };
}

/**
 * A token for the shared agenda of a meeting: only for those the table lets write it. For a
 * completed meeting the collaboration server opens the connection read-only (it reads the
 * meeting's status itself, on connect and before storing any update), whatever the token.
 */
export async function issueAgendaToken(actor: Actor, input: { meetingId: string }) {
  const db = await getDb();
  await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return sign(actor, agendaDocumentName(input.meetingId));
}

/** A token for the actor's own private note on a meeting; nobody can ask for another's. */
export async function issueNoteToken(actor: Actor, input: { meetingId: string }) {
  await assertMayKeepOwnNote(actor, input.meetingId);
  return sign(actor, noteDocumentName(input.meetingId, actor.id));
}

export type CollabClaims = { userId: string; sessionVersion: number; documentName: string };

/** Checks signature, audience, expiry and that the token was issued for exactly this document. */
export async function verifyCollabToken(token: string, documentName: string): Promise<CollabClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, tokenKey(), { audience: AUDIENCE, algorithms: ["HS256"] }));
  } catch {
    throw new AppError("unauthenticated", "The editing token is not valid or has expired.");
  }
  if (typeof payload.sub !== "string" || payload.doc !== documentName || typeof payload.sv !== "number") {
    throw new AppError("forbidden", "This token was issued for another document.");
  }
  return { userId: payload.sub, sessionVersion: payload.sv, documentName };
}

/**
 * Whether this person may open this document now, read from the database (lib/policy decides):
 * the agenda for those who may write the series' content, a note for its author alone. On
 * `connecting` (not the rechecks of an open connection), a covering manager's opening of an
 * agenda goes into the report's access log, as opening the meeting page does (the same entry).
 */
export async function authorizeCollabDocument(
  userId: string,
  sessionVersion: number,
  documentName: string,
  options: { connecting?: boolean } = {},
): Promise<{ actor: Actor; doc: CollabDocument; readOnly: boolean }> {
  const doc = parseDocumentName(documentName);
  if (!doc) throw notFound();
  const actor = await loadActor(userId, sessionVersion);
  assertSignedIn(actor);
  if (doc.kind === "agenda") {
    const db = await getDb();
    if (options.connecting) await recordMeetingOpened(db, await authorizeMeetingView(db, actor, doc.meetingId, "seriesContent", "write"));
    else await authorizeMeeting(db, actor, doc.meetingId, "seriesContent", "write");
  } else {
    if (doc.authorId !== actor.id) throw notFound();
    await assertMayKeepOwnNote(actor, doc.meetingId);
  }
  // A completed meeting's agenda opens read-only: it is shown, and every update is refused.
  return { actor, doc, readOnly: !(await collabDocumentWritable(doc)) };
}

/** A stable colour per person for their caret. */
export function colorOf(id: string): string {
  const palette = ["#0f766e", "#b45309", "#7c3aed", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490"];
  return palette[crypto.createHash("sha256").update(id).digest()[0] % palette.length];
}
