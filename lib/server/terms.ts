import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { termsAcknowledgements, termsVersions } from "@/db/schema";
import { DEFAULT_TERMS } from "@/lib/confidentiality/terms";
import { AppError } from "@/lib/errors";
import { type Actor, type Relation, assertMay, termsCapabilities } from "@/lib/policy";
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

/** The version in force with the pair's acknowledgements of it (a row per acknowledgement, or one without): one statement. */
function currentWithAcknowledgements(db: Db, facts: { seriesId: string; managerId: string; reportId: string }) {
  const newest = sql`(select max(v.version) from ${termsVersions} v where v.series_id = ${facts.seriesId})`;
  return db
    .select({
      id: termsVersions.id,
      version: termsVersions.version,
      body: termsVersions.body,
      createdAt: termsVersions.createdAt,
      userId: termsAcknowledgements.userId,
      at: termsAcknowledgements.acknowledgedAt,
    })
    .from(termsVersions)
    .leftJoin(
      termsAcknowledgements,
      and(eq(termsAcknowledgements.termsVersionId, termsVersions.id), inArray(termsAcknowledgements.userId, [facts.managerId, facts.reportId])),
    )
    .where(and(eq(termsVersions.seriesId, facts.seriesId), eq(termsVersions.version, newest)))
    .orderBy(asc(termsAcknowledgements.acknowledgedAt));
}

/** The terms of a series whose content the actor is authorized to read, with the pair's names the caller has already read. */
export async function termsOf(
  db: Db,
  actor: Actor,
  facts: { seriesId: string; managerId: string; reportId: string; relation: Relation },
  names: { managerName: string; reportName: string },
) {
  const { seriesId } = facts;
  let rows = await currentWithAcknowledgements(db, facts);
  if (rows.length === 0) {
    await ensureDefaultTerms(db, seriesId, facts.managerId);
    rows = await currentWithAcknowledgements(db, facts);
  }
  const current = rows[0];
  const acks = rows.filter((r) => r.userId !== null);
  const manager = { id: facts.managerId, name: names.managerName };
  const report = { id: facts.reportId, name: names.reportName };
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
    capabilities: termsCapabilities(facts.relation, ackOf(actor.id) !== null),
  };
}

/** The manager or the report acknowledges the version in force (and only that one). */
export async function acknowledgeTerms(actor: Actor, input: z.infer<typeof acknowledgeTermsSchema>) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "read");
  assertMay("acknowledgeTerms", facts.relation);
  return db.transaction(async (tx) => {
    const current = await currentVersion(tx, input.seriesId);
    if (!current || current.version !== input.version) {
      throw new AppError("conflict", "The terms have changed. Read the version in force, then acknowledge it.");
    }
    await tx.insert(termsAcknowledgements).values({ termsVersionId: current.id, userId: actor.id }).onConflictDoNothing();
    return { version: current.version };
  });
}

/** The manager writes a new version; both people are asked to acknowledge it again. */
export async function updateTerms(actor: Actor, input: z.infer<typeof updateTermsSchema>) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "write");
  assertMay("editTerms", facts.relation);
  return db.transaction(async (tx) => {
    const current = await currentVersion(tx, input.seriesId);
    if ((current?.version ?? 1) !== input.baseVersion) {
      throw new AppError("conflict", "The terms changed in the meantime. Reload to see the version in force.");
    }
    if (!current) await ensureDefaultTerms(tx, input.seriesId, facts.managerId);
    if (input.body === (current?.body ?? DEFAULT_TERMS))
      throw new AppError("invalid", "Nothing changed.", { body: ["Change the text to make a new version."] });
    const [row] = await tx
      .insert(termsVersions)
      .values({ seriesId: input.seriesId, version: input.baseVersion + 1, body: input.body, createdBy: actor.id })
      .onConflictDoNothing()
      .returning({ version: termsVersions.version });
    if (!row) throw new AppError("conflict", "The terms changed in the meantime. Reload to see the version in force.");
    return row;
  });
}
