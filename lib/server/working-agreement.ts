import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { meetings, series, workingAgreements } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import type { WorkingAgreementInput } from "@/lib/validation/topics";
import { authorizeMeeting, authorizeSeries } from "./access";
import { lockMeeting, lockSeries } from "./meetings";

/** The series' first meeting: the one where the agreement is settled, and edited. */
async function firstMeetingOf(db: Db | Tx, seriesId: string) {
  const [first] = await db
    .select({ id: meetings.id, status: meetings.status })
    .from(meetings)
    .where(eq(meetings.seriesId, seriesId))
    .orderBy(asc(meetings.scheduledAt), asc(meetings.createdAt))
    .limit(1);
  return first;
}

/** The agreement for a meeting page: filled in on the series' first meeting, shown on every later one. */
export async function getWorkingAgreement(actor: Actor | null, meetingId: string) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, meetingId, "seriesContent", "read");
  const first = await firstMeetingOf(db, facts.seriesId);
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
  return {
    seriesId: facts.seriesId,
    relation: facts.relation,
    isFirstMeeting: first?.id === meetingId,
    // Settled in the first meeting: once that meeting is completed, the agreement is its record too.
    canEdit: first?.status !== "completed",
    format: s.format,
    agreement: agreement ?? null,
  };
}

/**
 * Either person records the agreement while the first meeting is open; the chosen format is
 * stored on the series. Once the first meeting is completed it is read-only, like the rest of it.
 */
export async function saveWorkingAgreement(actor: Actor | null, input: WorkingAgreementInput, now: Date = new Date()) {
  const db = await getDb();
  await authorizeSeries(db, actor, input.seriesId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockSeries(tx, input.seriesId);
    const first = await firstMeetingOf(tx, input.seriesId);
    if (first && (await lockMeeting(tx, first.id)).status === "completed") {
      throw new AppError("conflict", "The first meeting is completed; the working agreement settled in it is kept as it was.");
    }
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
