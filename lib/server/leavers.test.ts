import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { collabDocuments, collabUpdates, organizations, privateNotes, reportingLines, safetyEscalations, users } from "@/db/schema";
import { DEMO_PASSWORD } from "@/db/demo";
import { noteDocumentName } from "@/lib/collab/names";
import { type Actor, systemActor } from "@/lib/policy";
import { noteRetentionSchema } from "@/lib/validation/leavers";
import { writeNote } from "@/test/collab";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { setActive } from "./accounts";
import { recordEscalation } from "./escalations";
import { loadMeetingWorkspace } from "./meeting-page";
import { orgMembersByName } from "./member-search";
import { erasureCandidates, getNoteRetention, noteRetentionPreview, setNoteRetention, sweepNoteRetention } from "./leavers";
import { startSeries } from "./series";
import { addTopic } from "./topics";
import { authenticate, createReportingLine, findSignInUserByEmail, loadActor } from "./users";

const DAY = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY);
const NON_ADMINS = ["manager@demo.test", "report1@demo.test", "report9@demo.test"] as const;

describe("people who leave: deactivation and the retention of their private notes", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const meeting: Record<string, string> = {};
  const series: Record<string, string> = {};
  const sv = async (id: string) => (await t.db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, id)))[0].sv;
  const notesOf = async (id: string) => t.db.select({ id: privateNotes.id }).from(privateNotes).where(eq(privateNotes.authorId, id));
  const documentsOf = async (id: string) => [
    ...(await t.db
      .select({ name: collabDocuments.name })
      .from(collabDocuments)
      .where(like(collabDocuments.name, `note.%.${id}`))),
    ...(await t.db
      .select({ name: collabUpdates.name })
      .from(collabUpdates)
      .where(like(collabUpdates.name, `note.%.${id}`))),
  ];

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId: meeting.a, seriesId: series.a }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    [{ meetingId: meeting.b, seriesId: series.b }] = await startSeries(who.manager2, seriesInput({ reportIds: [who.report9.id] }));
    [{ meetingId: meeting.c }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id], startTime: "11:00" }));
    await addTopic(who.report1, { seriesId: series.a, text: "leaver-topic: a topic the report wrote", kind: "strategic", category: "career_growth" });
    await addTopic(who.manager2, { seriesId: series.b, text: "manager2-topic: a topic the manager wrote", kind: "strategic", category: "productivity" });
    await writeNote(who.manager, meeting.a, paragraphDoc("manager-note-text stays"));
    await writeNote(who.report1, meeting.a, paragraphDoc("report1-note-text goes"));
    await writeNote(who.manager2, meeting.b, paragraphDoc("manager2-note-text goes"));
    await writeNote(who.report9, meeting.b, paragraphDoc("report9-note-text stays"));
    await writeNote(who.report2, meeting.c, paragraphDoc("report2-note-text stays after reactivation"));
    // An update not yet compacted into its document: the log goes with the note.
    await t.db.insert(collabUpdates).values({ name: noteDocumentName(meeting.a, who.report1.id), update: new Uint8Array([0, 0]) });
    await recordEscalation(who.manager, { seriesId: series.a, reason: "escalation-reason-text must never be shown", confirm: "yes" });
  });

  it.each(NON_ADMINS)("refuses %s every leaver door, changing nothing", async (email) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => setActive(actor, { userId: who.report1.id, active: false }), "forbidden");
    await expectRefusedUnchanged(t.db, () => setNoteRetention(actor, { days: 1 }), "forbidden");
    await expectRefusedUnchanged(t.db, () => noteRetentionPreview(actor), "forbidden");
    await expectRefusedUnchanged(t.db, () => getNoteRetention(actor), "forbidden");
    await expectRefusedUnchanged(t.db, () => erasureCandidates(actor), "forbidden");
  });

  it("refuses the admin of another organization, changing nothing", async () => {
    const outsider = { ...who.admin, id: crypto.randomUUID(), orgId: crypto.randomUUID() };
    await expectRefusedUnchanged(t.db, () => setActive(outsider, { userId: who.report1.id, active: false }), "not_found");
  });

  it("refuses a retention period outside 1 to 3650 whole days, on the form and in the database", async () => {
    for (const days of ["0", "3651", "abc", "1.5", ""]) expect(noteRetentionSchema.safeParse({ days }).success).toBe(false);
    expect(noteRetentionSchema.parse({ days: "30" })).toEqual({ days: 30 });
    await expect(t.db.update(organizations).set({ noteRetentionDays: 0 }).where(eq(organizations.id, who.admin.orgId))).rejects.toThrow();
    expect((await t.db.select().from(organizations).where(eq(organizations.id, who.admin.orgId)))[0].noteRetentionDays).toBe(90);
  });

  it("deactivating refuses the person's sign-in, ends their sessions and stops offering them in pickers", async () => {
    const before = await sv(who.report1.id);
    expect(await authenticate("report1@demo.test", DEMO_PASSWORD)).toMatchObject({ id: who.report1.id });
    // Their one meeting ahead is cancelled with it (lib/server/leaver-meetings.test.ts says more).
    expect(await setActive(who.admin, { userId: who.report1.id, active: false })).toEqual({ id: who.report1.id, active: false, cancelledMeetings: 1 });
    expect(await sv(who.report1.id)).toBe(before + 1);
    expect(await loadActor(who.report1.id, before)).toBeNull();
    expect(await loadActor(who.report1.id, before + 1)).toBeNull();
    expect(await authenticate("report1@demo.test", DEMO_PASSWORD)).toBeNull();
    expect(await findSignInUserByEmail("report1@demo.test")).toBeNull();
    const offered = await orgMembersByName(t.db, { orgId: who.admin.orgId, exclude: [], limit: 100 });
    expect(offered.map((p) => p.id)).not.toContain(who.report1.id);
    const [row] = await t.db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, who.report1.id));
    expect(row.deactivatedAt).toBeInstanceOf(Date);
  });

  it("keeps the shared records of the pair for the manager when the report leaves, readable as before", async () => {
    const page = await loadMeetingWorkspace(who.manager, meeting.a);
    expect(page).toMatchObject({ relation: "manager" });
    expect(JSON.stringify(page)).toContain("leaver-topic: a topic the report wrote");
    // The report's line stays: ending it would take the pair's records from the manager.
    const [line] = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, who.report1.id));
    expect(line.activeTo).toBeNull();
  });

  it("ends the lines a leaving manager manages; their report keeps the series and can have a new manager", async () => {
    await setActive(who.admin, { userId: who.manager2.id, active: false });
    const lines = await t.db.select().from(reportingLines).where(eq(reportingLines.managerId, who.manager2.id));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.activeTo).toBe(utcDay(0) > line.activeFrom ? utcDay(0) : line.activeFrom);
    const page = await loadMeetingWorkspace(who.report9, meeting.b);
    expect(page).toMatchObject({ relation: "report" });
    expect(JSON.stringify(page)).toContain("manager2-topic: a topic the manager wrote");
    await expect(createReportingLine(who.admin, { managerId: who.manager.id, reportId: who.report9.id, activeFrom: utcDay(0) })).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it("lets the admin see what retention will delete and when, as counts and dates without content", async () => {
    await setActive(who.admin, { userId: who.report2.id, active: false });
    const preview = await noteRetentionPreview(who.admin);
    const report1 = preview.find((p) => p.id === who.report1.id);
    expect(report1).toMatchObject({ notes: 1, documents: 1, due: false });
    expect(report1!.deletesAt.getTime() - report1!.deactivatedAt.getTime()).toBe(90 * DAY);
    expect(preview.map((p) => p.id).sort()).toEqual([who.report1.id, who.manager2.id, who.report2.id].sort());
    expect(JSON.stringify(preview)).not.toMatch(/note-text|escalation-reason/);
    expect(await setNoteRetention(who.admin, { days: 30 })).toEqual({ days: 30 });
    const shorter = (await noteRetentionPreview(who.admin)).find((p) => p.id === who.report1.id)!;
    expect(shorter.deletesAt.getTime() - shorter.deactivatedAt.getTime()).toBe(30 * DAY);
    await setNoteRetention(who.admin, { days: 90 });
  });

  it("deletes nothing before the retention period ends, dry run or not", async () => {
    const before = await dumpAll(t.db);
    expect(await sweepNoteRetention(systemActor("retention"), { dryRun: true, now: later(89) })).toEqual({ dryRun: true, people: [] });
    expect(await sweepNoteRetention(systemActor("retention"), { now: later(89) })).toEqual({ dryRun: false, people: [] });
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("keeps the notes of someone reactivated before the period ends", async () => {
    await setActive(who.admin, { userId: who.report2.id, active: true });
    const [row] = await t.db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, who.report2.id));
    expect(row.deactivatedAt).toBeNull();
  });

  it("a dry run after the period lists exactly who the sweep then deletes, and deletes nothing itself", async () => {
    const before = await dumpAll(t.db);
    const dry = await sweepNoteRetention(systemActor("retention"), { dryRun: true, now: later(91) });
    expect(await dumpAll(t.db)).toEqual(before);
    expect(dry.people.map((p) => p.id).sort()).toEqual([who.report1.id, who.manager2.id].sort());
    const done = await sweepNoteRetention(systemActor("retention"), { now: later(91) });
    expect(done.people.map((p) => [p.id, p.notes, p.documents])).toEqual(dry.people.map((p) => [p.id, p.notes, p.documents]));
  });

  it("has deleted the leavers' notes with their documents and logs, and only theirs", async () => {
    for (const gone of [who.report1, who.manager2]) {
      expect(await notesOf(gone.id)).toEqual([]);
      expect(await documentsOf(gone.id)).toEqual([]);
    }
    for (const kept of [who.manager, who.report9, who.report2]) {
      expect(await notesOf(kept.id)).toHaveLength(1);
      expect((await documentsOf(kept.id)).length).toBeGreaterThan(0);
    }
    expect((await loadMeetingWorkspace(who.manager, meeting.a)).note).toMatchObject({ content: paragraphDoc("manager-note-text stays") });
  });

  it("keeps the safety escalation, unchanged, and keeps the shared records for the other person", async () => {
    const escalations = await t.db.select().from(safetyEscalations).where(eq(safetyEscalations.reportId, who.report1.id));
    expect(escalations).toHaveLength(1);
    expect(escalations[0].reason).toBe("escalation-reason-text must never be shown");
    expect(JSON.stringify(await loadMeetingWorkspace(who.manager, meeting.a))).toContain("leaver-topic: a topic the report wrote");
  });

  it("refuses anyone but the system job the sweep, changing nothing", async () => {
    await expectRefusedUnchanged(t.db, () => sweepNoteRetention(systemActor("reminders"), { now: later(400) }), "forbidden");
    await expectRefusedUnchanged(t.db, () => sweepNoteRetention(who.admin as never, { now: later(400) }), "forbidden");
  });
});
