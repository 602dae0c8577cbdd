import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { meetings, termsAcknowledgements, termsVersions, users } from "@/db/schema";
import { DEFAULT_TERMS } from "@/lib/confidentiality/terms";
import { AppError, notFound } from "@/lib/errors";
import { type Actor, assertIsManager } from "@/lib/policy";
import type { acknowledgeTermsSchema, updateTermsSchema } from "@/lib/validation/confidentiality";
import { authorizeSeries } from "./access";

/** Gives a series its first terms version (the default text) if it has none. Safe to call twice. */
export async function ensureDefaultTerms(db: Db | Tx, seriesId: string, createdBy: string): Promise<void> {
  await db.insert(termsVersions).values({ seriesId, version: 1, body: DEFAULT_TERMS, createdBy }).onConflictDoNothing();
}

async function currentVersion(db: Db | Tx, seriesId: string) {
  const [row] = await db
    .select({ id: termsVersions.id, version: termsVersions.version, body: termsVersions.body, createdAt: termsVersions.createdAt })
    .from(termsVersions)
    .where(eq(termsVersions.seriesId, seriesId))
    .orderBy(desc(termsVersions.version))
    .limit(1);
  return row;
}

/** The terms in force for a series and who of the pair has acknowledged them. */
export async function getTerms(actor: Actor | null, seriesId: string) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, seriesId, "seriesContent", "read");
  let current = await currentVersion(db, seriesId);
  if (!current) {
    await ensureDefaultTerms(db, seriesId, facts.managerId);
    current = await currentVersion(db, seriesId);
  }
  const acks = await db
    .select({ userId: termsAcknowledgements.userId, name: users.name, at: termsAcknowledgements.acknowledgedAt })
    .from(termsAcknowledgements)
    .innerJoin(users, eq(users.id, termsAcknowledgements.userId))
    .where(and(eq(termsAcknowledgements.termsVersionId, current.id), inArray(termsAcknowledgements.userId, [facts.managerId, facts.reportId])))
    .orderBy(asc(termsAcknowledgements.acknowledgedAt));
  const [manager, report] = await Promise.all(
    [facts.managerId, facts.reportId].map((id) => db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id)).then((r) => r[0])),
  );
  const ackOf = (id: string) => acks.find((a) => a.userId === id)?.at ?? null;
  return {
    seriesId,
    version: current.version,
    body: current.body,
    since: current.createdAt,
    people: [
      { role: "manager" as const, name: manager.name, acknowledgedAt: ackOf(manager.id) },
      { role: "report" as const, name: report.name, acknowledgedAt: ackOf(report.id) },
    ],
    relation: facts.relation,
    canAcknowledge: (facts.relation === "manager" || facts.relation === "report") && !ackOf(actor!.id),
    canEdit: facts.relation === "manager",
  };
}

/** The terms as the meeting page shows them: always on the first meeting, later only while someone has not acknowledged. */
export async function getMeetingTerms(actor: Actor | null, meetingId: string) {
  const db = await getDb();
  const [meeting] = await db.select({ seriesId: meetings.seriesId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw notFound();
  const terms = await getTerms(actor, meeting.seriesId);
  const [first] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(eq(meetings.seriesId, meeting.seriesId))
    .orderBy(asc(meetings.scheduledAt))
    .limit(1);
  return { ...terms, isFirstMeeting: first?.id === meetingId };
}

/** The manager or the report acknowledges the version in force (and only that one). */
export async function acknowledgeTerms(actor: Actor | null, input: z.infer<typeof acknowledgeTermsSchema>) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "read");
  if (facts.relation !== "manager" && facts.relation !== "report") {
    throw new AppError("forbidden", "Only the manager and the report acknowledge their terms.");
  }
  return db.transaction(async (tx) => {
    const current = await currentVersion(tx, input.seriesId);
    if (!current || current.version !== input.version) {
      throw new AppError("conflict", "The terms have changed. Read the version in force, then acknowledge it.");
    }
    await tx.insert(termsAcknowledgements).values({ termsVersionId: current.id, userId: actor!.id }).onConflictDoNothing();
    return { version: current.version };
  });
}

/** The manager writes a new version; both people are asked to acknowledge it again. */
export async function updateTerms(actor: Actor | null, input: z.infer<typeof updateTermsSchema>) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "write");
  assertIsManager(facts.relation, "Only the manager changes the terms; the report acknowledges them.");
  return db.transaction(async (tx) => {
    const current = await currentVersion(tx, input.seriesId);
    if ((current?.version ?? 1) !== input.baseVersion) {
      throw new AppError("conflict", "The terms changed in the meantime. Reload to see the version in force.");
    }
    if (!current) await ensureDefaultTerms(tx, input.seriesId, facts.managerId);
    if (input.body === (current?.body ?? DEFAULT_TERMS)) throw new AppError("invalid", "Nothing changed.", { body: ["Change the text to make a new version."] });
    const [row] = await tx
      .insert(termsVersions)
      .values({ seriesId: input.seriesId, version: input.baseVersion + 1, body: input.body, createdBy: actor!.id })
      .onConflictDoNothing()
      .returning({ version: termsVersions.version });
    if (!row) throw new AppError("conflict", "The terms changed in the meantime. Reload to see the version in force.");
    return row;
  });
}
