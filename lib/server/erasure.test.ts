import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, collabDocuments, collabUpdates, privateNotes, reportingLines, safetyEscalations, topics, users } from "@/db/schema";
import { type Actor, systemActor } from "@/lib/policy";
import { erasureSchema } from "@/lib/validation/leavers";
import { writeNote } from "@/test/collab";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { setActive } from "./accounts";
import { eraseByEmail, erasePerson, FORMER_MEMBER, erasedEmail, type ErasureReport } from "./erasure";
import { recordEscalation } from "./escalations";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";
import { addTopic } from "./topics";
import { authenticate } from "./users";

const line = (lines: ErasureReport["kept"], what: RegExp) => lines.find((l) => what.test(l.what));

describe("erasure requests", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const meeting: Record<string, string> = {};
  const person = async (id: string) => (await t.db.select().from(users).where(eq(users.id, id)))[0];

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report3", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    const series: Record<string, string> = {};
    [{ meetingId: meeting.a, seriesId: series.a }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    [{ meetingId: meeting.b, seriesId: series.b }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id], startTime: "11:00" }));
    await addTopic(who.report1, { seriesId: series.a, text: "erased-topic: what report1 wrote", kind: "strategic", category: "wellbeing" });
    await addTopic(who.report2, { seriesId: series.b, text: "held-topic: what report2 wrote", kind: "strategic", category: "wellbeing" });
    await writeNote(who.report1, meeting.a, paragraphDoc("report1-private-words"));
    await writeNote(who.manager, meeting.a, paragraphDoc("manager-private-words"));
    await writeNote(who.report2, meeting.b, paragraphDoc("report2-private-words"));
    // report2 is the subject of a safety escalation.
    await recordEscalation(who.manager, { seriesId: series.b, reason: "secret-escalation-reason about report2", confirm: "yes" });
    // report1's access log holds an entry (a read by the manager).
    await t.db.insert(accessLog).values({ orgId: who.admin.orgId, reportId: who.report1.id, actorId: who.manager.id, action: "read", subject: "a meeting" });
  });

  it("refuses anyone but an admin of the person's org, dry run or not, changing nothing", async () => {
    for (const email of ["manager@demo.test", "report1@demo.test", "report9@demo.test"]) {
      const actor = await actorOf(t.db, email);
      for (const dryRun of [true, false]) {
        await expectRefusedUnchanged(t.db, () => erasePerson(actor, { userId: who.report1.id, confirmEmail: "report1@demo.test", dryRun }), "forbidden");
      }
    }
    const outsider = { ...who.admin, id: crypto.randomUUID(), orgId: crypto.randomUUID() };
    await expectRefusedUnchanged(t.db, () => erasePerson(outsider, { userId: who.report1.id, confirmEmail: "report1@demo.test", dryRun: false }), "not_found");
    await expectRefusedUnchanged(t.db, () => eraseByEmail(systemActor("retention"), { email: "report1@demo.test", dryRun: false }), "forbidden");
  });

  it("asks for the person's email address before a real erasure, and previews by default", async () => {
    expect(erasureSchema.safeParse({ userId: who.report1.id, dryRun: "false" }).success).toBe(false);
    expect(erasureSchema.parse({ userId: who.report1.id })).toMatchObject({ dryRun: true });
    expect(erasureSchema.safeParse({ userId: "not-a-uuid", dryRun: "true" }).success).toBe(false);
    const error = await expectRefusedUnchanged(
      t.db,
      () => erasePerson(who.admin, { userId: who.report1.id, confirmEmail: "report2@demo.test", dryRun: false }),
      "invalid",
    );
    expect(error.fieldErrors?.confirmEmail).toBeTruthy();
    await expectRefusedUnchanged(t.db, () => erasePerson(who.admin, { userId: who.admin.id, confirmEmail: "admin@demo.test", dryRun: false }), "conflict");
  });

  it("previews what would be deleted and kept, with counts and no content, changing nothing", async () => {
    const before = await dumpAll(t.db);
    const report = await erasePerson(who.admin, { userId: who.report1.id, dryRun: true });
    expect(await dumpAll(t.db)).toEqual(before);
    expect(report.dryRun).toBe(true);
    expect(line(report.deleted, /^private notes$/)?.count).toBe(1);
    expect(line(report.deleted, /own access log/)?.count).toBe(1);
    expect(line(report.kept, /topics this person wrote/)?.count).toBe(1);
    expect(line(report.kept, /series/)?.count).toBe(1);
    expect(line(report.replaced, /^name/)).toBeTruthy();
    expect(JSON.stringify(report)).not.toMatch(/private-words|erased-topic|escalation-reason|report1@demo/);
  });

  it("erases: deletes the notes, documents and own log, replaces name and address, ends sign-in; the other person keeps the shared record", async () => {
    const report = await erasePerson(who.admin, { userId: who.report1.id, confirmEmail: " Report1@Demo.test ", dryRun: false });
    expect(report.dryRun).toBe(false);
    const row = await person(who.report1.id);
    expect(row).toMatchObject({ name: FORMER_MEMBER, email: erasedEmail(who.report1.id), passwordHash: null, active: false, orgRole: "member" });
    expect(row.erasedAt).toBeInstanceOf(Date);
    expect(await authenticate("report1@demo.test", "between-us-demo")).toBeNull();
    expect(await t.db.select().from(privateNotes).where(eq(privateNotes.authorId, who.report1.id))).toEqual([]);
    expect(
      await t.db
        .select()
        .from(collabDocuments)
        .where(like(collabDocuments.name, `note.%.${who.report1.id}`)),
    ).toEqual([]);
    expect(
      await t.db
        .select()
        .from(collabUpdates)
        .where(like(collabUpdates.name, `note.%.${who.report1.id}`)),
    ).toEqual([]);
    expect(await t.db.select().from(accessLog).where(eq(accessLog.reportId, who.report1.id))).toEqual([]);
    // The manager still reads the pair's shared record, with the name replaced; their own note is untouched.
    const page = await loadMeetingWorkspace(who.manager, meeting.a);
    const json = JSON.stringify(page);
    expect(json).toContain("erased-topic: what report1 wrote");
    expect(json).toContain(FORMER_MEMBER);
    expect(json).not.toContain("Jonas Weber");
    expect(page.note).toMatchObject({ content: paragraphDoc("manager-private-words") });
    const [topic] = await t.db.select().from(topics).where(eq(topics.authorId, who.report1.id));
    expect(topic.text).toBe("erased-topic: what report1 wrote");
  });

  it("refuses to erase or reactivate someone already erased, changing nothing", async () => {
    await expectRefusedUnchanged(
      t.db,
      () => erasePerson(who.admin, { userId: who.report1.id, confirmEmail: erasedEmail(who.report1.id), dryRun: false }),
      "conflict",
    );
    await expectRefusedUnchanged(t.db, () => setActive(who.admin, { userId: who.report1.id, active: true }), "conflict");
  });

  it("keeps a safety escalation, and the name and address it refers to, and says so; the reason is shown to nobody new", async () => {
    const report = await eraseByEmail(systemActor("erasure"), { email: "REPORT2@demo.test", dryRun: false });
    expect(line(report.kept, /safety escalations/)).toMatchObject({ count: 1, why: expect.stringMatching(/law/) });
    expect(line(report.kept, /name and email address/)).toMatchObject({ count: 1 });
    expect(line(report.replaced, /^name/)).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain("secret-escalation-reason");
    const [escalation] = await t.db.select().from(safetyEscalations).where(eq(safetyEscalations.reportId, who.report2.id));
    expect(escalation.reason).toBe("secret-escalation-reason about report2");
    const row = await person(who.report2.id);
    expect(row).toMatchObject({ name: "Amara Okafor", email: "report2@demo.test", passwordHash: null, active: false });
    expect(row.erasedAt).toBeInstanceOf(Date);
    expect(await t.db.select().from(privateNotes).where(eq(privateNotes.authorId, who.report2.id))).toEqual([]);
    expect(JSON.stringify(await loadMeetingWorkspace(who.manager, meeting.b))).toContain("held-topic: what report2 wrote");
  });

  it("erasing an active manager deactivates them and ends the lines they manage; their reports keep their series", async () => {
    const [{ meetingId }] = await startSeries(who.manager2, seriesInput({ reportIds: [who.report9.id] }));
    await erasePerson(who.admin, { userId: who.manager2.id, confirmEmail: "manager2@demo.test", dryRun: false });
    const lines = await t.db.select().from(reportingLines).where(eq(reportingLines.managerId, who.manager2.id));
    expect(lines.every((l) => l.activeTo !== null)).toBe(true);
    expect(await loadMeetingWorkspace(who.report9, meetingId)).toMatchObject({ relation: "report" });
  });
});
