import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationOptOuts, users } from "@/db/schema";
import { assertSystemMayRead, can, seriesRelation, type SystemActor } from "@/lib/policy";
import type { MeetingFacts } from "./access";

export type NotificationKind = "meeting_reminder" | "topic_digest";

/**
 * The person, if they may still read the series (lib/policy decides; an ended reporting line
 * or a deactivated account ends the mail too) and have not turned this kind of mail off.
 */
export async function mailablePerson(tx: Tx, actor: SystemActor, facts: MeetingFacts, userId: string, kind: NotificationKind) {
  assertSystemMayRead(actor, "recipient");
  const [person] = await tx
    .select({ id: users.id, orgId: users.orgId, orgRole: users.orgRole, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!person?.active) return null;
  if (!can("seriesContent", seriesRelation(person, facts), "read")) return null;
  const [optedOut] = await tx
    .select({ kind: notificationOptOuts.kind })
    .from(notificationOptOuts)
    .where(and(eq(notificationOptOuts.userId, userId), eq(notificationOptOuts.kind, kind)));
  return optedOut ? null : person;
}
