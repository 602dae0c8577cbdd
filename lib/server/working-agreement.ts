import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { meetings, series, workingAgreements } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import type { WorkingAgreementInput } from "@/lib/validation/topics";
import { authorizeMeeting, authorizeSeries } from "./access";
import { lockSeries } from "./meetings";

/** The agreement for a meeting page: filled in on the series' first meeting, shown on every later one. */
export async function getWorkingAgreement(actor: Actor | null, meetingId: string) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, meetingId, "seriesContent", "read");
  const [first] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(eq(meetings.seriesId, facts.seriesId))
    .orderBy(asc(meetings.scheduledAt), asc(meetings.createdAt))
    .limit(1);
  const [s] = await db.select({ format: series.format }).from(series).where(eq(series.id, facts.seriesId));
  const [agreement] = await db
    .select({
      goalsAndExpectations: workingAgreements.goalsAndExpectations,
      feedbackPreferences: workingAgreements.feedbackPreferences,
      challenges: workingAgreements.challenges,
      updatedAt: workingAgreements.updatedAt,
    })
    .from(workingAgreements)
    .where(eq(workingAgreements.seriesId, facts.seriesId));
  return { seriesId: facts.seriesId, relation: facts.relation, isFirstMeeting: first?.id === meetingId, format: s.format, agreement: agreement ?? null };
}

/** Either person records the agreement; the chosen format is stored on the series. */
export async function saveWorkingAgreement(actor: Actor | null, input: WorkingAgreementInput, now: Date = new Date()) {
  const db = await getDb();
  await authorizeSeries(db, actor, input.seriesId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, input.seriesId);
    const values = {
      goalsAndExpectations: input.goalsAndExpectations,
      feedbackPreferences: input.feedbackPreferences,
      challenges: input.challenges,
      updatedBy: actor!.id,
      updatedAt: now,
    };
    await tx
      .insert(workingAgreements)
      .values({ seriesId: input.seriesId, ...values })
      .onConflictDoUpdate({ target: workingAgreements.seriesId, set: values });
    await tx.update(series).set({ format: input.format }).where(eq(series.id, input.seriesId));
    return { seriesId: input.seriesId };
  });
}
