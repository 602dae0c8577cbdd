import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/policy";
import { authorizeMeetingView } from "./access";
import { meetingWorkOf } from "./topics";

type Work = Awaited<ReturnType<typeof meetingWorkOf>>;

/**
 * A short digest of what both people see change on an open meeting page: its status, and its
 * topics and action items (text, kind, order, discussed, done). Nothing per viewer ("mine") goes
 * in, so the manager's and the report's pages agree. The digest says only that something changed;
 * the page then reloads its data through its one loader, which decides what this person may see.
 */
export function meetingFingerprint(status: string, work: Work): string {
  const shape = [
    status,
    work.topics.map((t) => [t.id, t.text, t.kind, t.category, t.status]),
    work.actionItems.map((a) => [a.id, a.text, a.owner, a.dueDate, a.done]),
  ];
  return createHash("sha256").update(JSON.stringify(shape)).digest("base64url").slice(0, 22);
}

/**
 * What an open meeting page polls for, authorized exactly as the page is (reading the series'
 * content): the digest above. Reads only; it neither logs an opening nor marks the meeting seen.
 */
export async function meetingPulse(actor: Actor, input: { meetingId: string }) {
  const db = await getDb();
  const m = await authorizeMeetingView(db, actor, input.meetingId, "seriesContent", "read");
  const work = await meetingWorkOf(db, actor, input.meetingId);
  return { fingerprint: meetingFingerprint(m.status, work) };
}
