import { writeAgenda, writeNote } from "@/test/collab";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings, topics } from "@/db/schema";
import { type Actor, assertSystemMayRead, DATA_KINDS, SYSTEM_READS, type SystemActor, systemActor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { meetingFacts } from "./access";
import { digestMails, digestsDue } from "./digests";
import { deliverQueued } from "./outbox";
import { meetingsToRemind, reminderMails } from "./reminders";
import { startSeries } from "./series";
import { addTopic } from "./topics";

const HOUR = 3_600_000;
const MARK = "SYSTEM-ACTOR-CANARY";

describe("background jobs read as the system actor, and only metadata", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let ids: { seriesId: string; meetingId: string };
  const at = new Date(Date.now() + 20 * HOUR);

  beforeAll(async () => {
    for (const name of ["manager", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [ids] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    await t.db.update(meetings).set({ scheduledAt: at }).where(eq(meetings.id, ids.meetingId));
    await addTopic(who.report1, { ...ids, text: `${MARK} topic`, kind: "strategic", category: "career_growth" });
    await writeAgenda(who.manager, ids.meetingId, paragraphDoc(`${MARK} agenda`));
    await writeNote(who.manager, ids.meetingId, paragraphDoc(`${MARK} note`));
    // The marker is there to be leaked: a read of the content itself would find it.
    expect(JSON.stringify(await t.db.select().from(topics).where(eq(topics.meetingId, ids.meetingId)))).toContain(MARK);
  });

  it("lists meetings to remind with ids and times only", async () => {
    const rows = await meetingsToRemind(systemActor("reminders"), new Date());
    const row = rows.find((r) => r.meetingId === ids.meetingId)!;
    expect(Object.keys(row).sort()).toEqual(["managerId", "meetingId", "reportId", "scheduledAt"]);
    expect(row).toEqual({ meetingId: ids.meetingId, scheduledAt: at, managerId: who.manager.id, reportId: who.report1.id });
    expect(JSON.stringify(rows)).not.toContain(MARK);
  });

  it("reads a meeting's facts without any of its content", async () => {
    const facts = await meetingFacts(t.db, ids.meetingId);
    expect(Object.keys(facts!).sort()).toEqual(
      [
        "durationMinutes",
        "lineActiveFrom",
        "lineActiveTo",
        "managerId",
        "managerName",
        "meetingId",
        "orgId",
        "reportId",
        "reportName",
        "scheduledAt",
        "seriesId",
        "status",
        "timeZone",
      ].sort(),
    );
    expect(JSON.stringify(facts)).not.toContain(MARK);
  });

  it("builds reminder and digest mails that carry names, times, counts and links, never the pair's text", async () => {
    const reminders = await t.db.transaction((tx) =>
      reminderMails(tx, systemActor("reminders"), { meetingId: ids.meetingId, userId: who.manager.id, scheduledAt: at.toISOString() }),
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0].body).toContain(`/series/${ids.seriesId}/meetings/${ids.meetingId}`);

    const due = await digestsDue(systemActor("digests"), { ...ids, authorId: who.report1.id });
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ meetingId: ids.meetingId, recipientId: who.manager.id });
    expect(Object.keys(due[0]).sort()).toEqual(["hour", "meetingId", "recipientId"]);
    const digests = await t.db.transaction((tx) => digestMails(tx, systemActor("digests"), due[0]));
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toContain("1 new topic");

    expect(JSON.stringify([reminders, due, digests])).not.toContain(MARK);
  });

  it("refuses a job what its own work does not need, and a person posing as the system, changing nothing", async () => {
    const error = await expectRefusedUnchanged(t.db, () => digestsDue(systemActor("reminders"), { ...ids, authorId: who.report1.id }), "forbidden");
    expect(error.message).toBe("The reminders job may not read topicCounts.");
    await expectRefusedUnchanged(t.db, () => meetingsToRemind(systemActor("delivery")), "forbidden");
    await expectRefusedUnchanged(t.db, () => deliverQueued(systemActor("digests"), crypto.randomUUID()), "forbidden");
    await expectRefusedUnchanged(t.db, () => meetingsToRemind(who.manager as unknown as SystemActor), "forbidden");
  });

  it("names nothing a job may read after a kind of series content", () => {
    const reads = Object.values(SYSTEM_READS).flat();
    for (const kind of DATA_KINDS) expect(reads).not.toContain(kind);
    for (const kind of DATA_KINDS) expect(() => assertSystemMayRead(systemActor("digests"), kind as never)).toThrow();
  });
});
