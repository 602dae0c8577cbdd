import "server-only";
import { eq } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { series, workingAgreements } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import type { WorkingAgreementInput } from "@/lib/validation/working-agreement";
import { authorizeSeries } from "./access";
import { firstMeetingOf, lockMeeting, lockSeries } from "./meetings";

/** The agreement of an already authorized series, given its first meeting (read once per page). */
export async function workingAgreementFor(
  db: Db | Tx,
  s: { seriesId: string; format: "structured" | "unstructured" },
  meetingId: string,
  first: { id: string } | undefined,
) {
  const [agreement] = await db
    .select({
      goalsAndExpectations: workingAgreements.goalsAndExpectations,
      feedbackPreferences: workingAgreements.feedbackPreferences,
      challenges: workingAgreements.challenges,
      updatedAt: workingAgreements.updatedAt,
    })
    .from(workingAgreements)
    .where(eq(workingAgreements.seriesId, s.seriesId));
  return { seriesId: s.seriesId, isFirstMeeting: first?.id === meetingId, format: s.format, agreement: agreement ?? null };
}

/**
 * Either person records the agreement while the first meeting is open; the chosen format is
 * stored on the series. Once the first meeting is completed it is read-only, like the rest of it.
 */
export async function saveWorkingAgreement(actor: Actor, input: WorkingAgreementInput, now: Date = new Date()) {
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
      updatedBy: actor.id,
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
