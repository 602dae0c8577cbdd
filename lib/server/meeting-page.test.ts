import { writeNote } from "@/test/collab";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "@/db/count-statements";
import { accessLog } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { createGoalSchema } from "@/lib/validation/goals";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { goalDraft, paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { addActionItem } from "./action-items";
import { assignCovering } from "./covering";
import { createGoal } from "./goals";
import { loadMeetingWorkspace } from "./meeting-page";
import { completeMeeting, startMeeting } from "./meetings";
import { startSeries } from "./series";
import { acknowledgeTerms } from "./terms";
import { addTopic } from "./topics";

/**
 * The most statements one meeting page may run, however many sections it has (the benchmark's
 * target is 15): the meeting with its series, line, names and the series' first meeting in one
 * (the pair's own relation needs nothing more; anyone else's also reads their covering
 * assignment), the write that the person opened the meeting (it clears "N new topics" on their
 * dashboard), the terms with their acknowledgements in one, then one per section (topics and
 * action items two, the goals one with each goal's latest check-in and review marks, the people
 * to share with one). Measured with every section filled: 10 for the manager, 9 for the report
 * (44 when each section authorized on its own, 14 and 13 before the covering read was left to
 * those it can concern, 12 and 11 while the goals' check-ins and marks took statements of their
 * own); 11 once the meeting can be completed and the confirm step needs what carries over.
 */
const MAX_STATEMENTS = 10;
const MAX_STATEMENTS_COMPLETABLE = 11;

const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test"],
  ["a report of another pair of the same manager", "report2@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
] as const;

describe("the meeting page's one loader", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let meetingId = "";
  let seriesId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId, seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    // A page with something in every section: a topic, an action item, a goal, a note, acknowledged terms.
    await addTopic(who.report1, { seriesId, meetingId, text: "Career path", kind: "strategic", category: "career_growth" });
    await addActionItem(who.manager, { meetingId, text: "Book the course", owner: "report", dueDate: undefined });
    await createGoal(who.manager, createGoalSchema.parse({ ...goalDraft(), seriesId }));
    await writeNote(who.report1, meetingId, paragraphDoc("report's own"));
    const { terms } = await loadMeetingWorkspace(who.report1, meetingId);
    await acknowledgeTerms(who.report1, { seriesId, version: terms.version });
  });

  it.each([
    ["manager", "Priya Raman"],
    ["report1", "Jonas Weber"],
  ])("answers the %s's page within the statement bound", async (name) => {
    const after = await countStatements(t.db, () => loadMeetingWorkspace(who[name], meetingId, { query: "", limit: 51 }));
    expect(after).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it("returns every section, filled, for the pair", async () => {
    for (const actor of [who.manager, who.report1]) {
      const page = await loadMeetingWorkspace(actor, meetingId, { query: "", limit: 51 });
      expect(page.relation).toBe(actor === who.manager ? "manager" : "report");
      expect(page.meeting).toMatchObject({ id: meetingId, seriesId, status: "scheduled", managerName: "Priya Raman", reportName: "Jonas Weber" });
      expect(page.series).toMatchObject({ id: seriesId, managerName: "Priya Raman", reportName: "Jonas Weber" });
      expect(page.agenda).toHaveProperty("content");
      expect(page.workingAgreement).toMatchObject({ seriesId, isFirstMeeting: true });
      // Not due yet: nothing to complete, so the carry-over summary is not asked for (see below).
      expect(page.capabilities.complete).toBe(false);
      expect(page.work.summary).toEqual({ undiscussedTopics: 0, openActionItems: 0 });
      expect(page.work.reopened).toBeNull();
      expect(page.work.topics.map((x) => [x.text, x.mine])).toEqual([["Career path", actor === who.report1]]);
      expect(page.work.actionItems.map((x) => [x.text, x.mine])).toEqual([["Book the course", actor === who.manager]]);
      expect(page.goals).toMatchObject({ managerName: "Priya Raman", reportName: "Jonas Weber" });
      expect(page.goals?.goals).toHaveLength(1);
      expect(page.terms).toMatchObject({ seriesId, version: 1, isFirstMeeting: true, relation: page.relation });
      expect(page.terms.people.map((p) => [p.role, Boolean(p.acknowledgedAt)])).toEqual([
        ["manager", false],
        ["report", true],
      ]);
      expect(page.note).toMatchObject({ meetingId, version: actor === who.report1 ? expect.any(Number) : 0 });
    }
    const asManager = await loadMeetingWorkspace(who.manager, meetingId, { query: "", limit: 51 });
    expect(asManager.shareChoices?.topics.map((x) => x.text)).toEqual(["Career path"]);
    expect(asManager.shareChoices?.people.map((p) => p.id)).not.toContain(who.report1.id);
    expect(asManager.shareChoices?.people.map((p) => p.id)).not.toContain(who.manager.id);
    expect(asManager.themeChoices).toBeNull();
    expect(JSON.stringify(asManager)).not.toContain("report's own");
    const asReport = await loadMeetingWorkspace(who.report1, meetingId);
    expect(JSON.stringify(asReport.note)).toContain("report's own");
    expect(asReport.themeChoices?.map((x) => [x.text, x.keepOut])).toEqual([["Career path", false]]);
    expect(asReport.shareChoices).toBeNull();
  });

  it.each(OUTSIDERS)("answers not found to %s, changing nothing", async (_, email) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(actor, meetingId), "not_found");
  });

  it("refuses the org admin the meeting's content, changing nothing", async () => {
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(who.admin, meetingId), "forbidden");
  });

  it("answers not found for a meeting that does not exist", async () => {
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(who.manager, crypto.randomUUID()), "not_found");
  });

  it("gives the manager and the report their own capabilities", async () => {
    const manager = (await loadMeetingWorkspace(who.manager, meetingId)).capabilities;
    const report = (await loadMeetingWorkspace(who.report1, meetingId)).capabilities;
    const both = {
      editAgenda: true,
      addTopic: true,
      addActionItem: true,
      start: true,
      reopen: false,
      keepNotes: true,
      viewGoals: true,
      reviewGoals: true,
      editWorkingAgreement: true,
    };
    expect(manager).toMatchObject({ ...both, share: true, escalate: true, editTerms: true, keepOutOfThemes: false, acknowledgeTerms: true });
    // The report acknowledged the terms in force above.
    expect(report).toMatchObject({ ...both, share: false, escalate: false, editTerms: false, keepOutOfThemes: true, acknowledgeTerms: false });
  });

  it("gives a covering manager the work and their own notes, the goals read-only, no exceptions, and logs the opening", async () => {
    await assignCovering(who.manager, { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) });
    const page = await loadMeetingWorkspace(who.manager2, meetingId);
    expect(page.relation).toBe("covering");
    expect(page.capabilities).toMatchObject({
      editAgenda: true,
      addTopic: true,
      keepNotes: true,
      viewGoals: true,
      reviewGoals: false,
      share: false,
      escalate: false,
      editTerms: false,
      keepOutOfThemes: false,
      acknowledgeTerms: false,
    });
    expect(page.note).toMatchObject({ version: 0 });
    expect(page.goals?.goals).toHaveLength(1);
    expect(page.shareChoices).toBeNull();
    const log = await t.db
      .select()
      .from(accessLog)
      .where(and(eq(accessLog.reportId, who.report1.id), eq(accessLog.actorId, who.manager2.id)));
    expect(log.map((l) => l.action)).toContain("opened a meeting (covering)");
  });

  it("once under way, offers completing with what carries over, still within the bound", async () => {
    await startMeeting(who.report1, { meetingId });
    const page = await loadMeetingWorkspace(who.manager, meetingId);
    expect(page.capabilities).toMatchObject({ start: false, complete: true, reopen: false, editAgenda: true });
    expect(page.work.summary).toEqual({ undiscussedTopics: 1, openActionItems: 1 });
    const after = await countStatements(t.db, () => loadMeetingWorkspace(who.manager, meetingId, { query: "", limit: 51 }));
    expect(after).toBeLessThanOrEqual(MAX_STATEMENTS_COMPLETABLE);
  });

  it("after completion, leaves the record read-only for everyone and offers the manager alone to reopen", async () => {
    await completeMeeting(who.manager, { meetingId });
    const manager = await loadMeetingWorkspace(who.manager, meetingId);
    const report = await loadMeetingWorkspace(who.report1, meetingId);
    const readOnly = {
      editAgenda: false,
      addTopic: false,
      markDiscussed: false,
      addActionItem: false,
      start: false,
      complete: false,
      editWorkingAgreement: false,
      keepNotes: true,
    };
    expect(manager.capabilities).toMatchObject({ ...readOnly, reopen: true });
    expect(report.capabilities).toMatchObject({ ...readOnly, reopen: false });
  });
});
