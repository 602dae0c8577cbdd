import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { actionItems } from "@/db/schema";
import { forbidden, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import type { AddActionItemInput } from "@/lib/validation/action-items";
import { authorizeMeeting, authorizeSeries } from "./access";
import { lockOpenMeeting } from "./topics";
import { ownRowsOnly } from "./scope";

async function authorizeItem(actor: Actor, actionItemId: string) {
  const db = await getDb();
  const [row] = await db.select({ seriesId: actionItems.seriesId, meetingId: actionItems.meetingId }).from(actionItems).where(eq(actionItems.id, actionItemId));
  if (!row) throw notFound();
  await authorizeSeries(db, actor, row.seriesId, "seriesContent", "write");
  return { db, meetingId: row.meetingId };
}

export async function addActionItem(actor: Actor, input: AddActionItemInput) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  return db.transaction(async (tx) => {
    await lockOpenMeeting(tx, input.meetingId);
    const [row] = await tx
      .insert(actionItems)
      .values({
        meetingId: input.meetingId,
        seriesId: facts.seriesId,
        text: input.text,
        owner: input.owner,
        dueDate: input.dueDate ?? null,
        createdBy: actor.id,
      })
      .returning({ id: actionItems.id });
    return row;
  });
}

/** Either person ticks an action item done or open again. */
export async function setActionItemDone(actor: Actor, input: { actionItemId: string; done: boolean }, now: Date = new Date()) {
  const { db, meetingId } = await authorizeItem(actor, input.actionItemId);
  return db.transaction(async (tx) => {
    await lockOpenMeeting(tx, meetingId);
    const [row] = await tx
      .update(actionItems)
      .set({ done: input.done, doneAt: input.done ? now : null })
      .where(eq(actionItems.id, input.actionItemId))
      .returning({ id: actionItems.id, done: actionItems.done });
    return row;
  });
}

/** Only the person who wrote an action item removes it. */
export async function removeActionItem(actor: Actor, input: { actionItemId: string }) {
  const { db, meetingId } = await authorizeItem(actor, input.actionItemId);
  return db.transaction(async (tx) => {
    await lockOpenMeeting(tx, meetingId);
    const removed = await tx
      .delete(actionItems)
      .where(and(eq(actionItems.id, input.actionItemId), ownRowsOnly(actionItems.createdBy, actor)))
      .returning({ id: actionItems.id });
    if (!removed.length) throw forbidden("You can remove only action items you wrote.");
    return removed[0];
  });
}
