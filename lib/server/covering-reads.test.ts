import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLog, reportingLines } from "@/db/schema";
import { startCollabServer } from "@/lib/collab/server";
import { agendaDocumentName } from "@/lib/collab/names";
import type { Actor } from "@/lib/policy";
import { createGoalSchema } from "@/lib/validation/goals";
import { connect, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { goalDraft, seriesInput, utcDay } from "@/test/fixtures";
import { issueAgendaToken } from "./collab";
import { assignCovering } from "./covering";
import { createGoal } from "./goals";
import { getGoal, listGoals } from "./goal-views";
import { listHistory, searchSeries } from "./history";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";
import { addTopic } from "./topics";

/**
 * Issue 25 item 7: the mail tells the report that their access log shows every time a covering
 * manager opens their series. Reads over the collaboration socket, in history search and list, and
 * on goals write an entry for the report, as the meeting page does (the same function, the same
 * read again within minutes adding none); the pair's own reads write none.
 */
describe("a covering manager's reads beyond the meeting page, in the report's access log", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  let meetingId = "";
  let goalId = "";
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];
  const entries = async (actor: Actor) =>
    (
      await t.db
        .select({ action: accessLog.action, subject: accessLog.subject, kind: accessLog.kind, actorName: accessLog.actorName })
        .from(accessLog)
        .where(and(eq(accessLog.reportId, who.report1.id), eq(accessLog.actorId, actor.id)))
    ).filter((e) => e.action !== "named a covering manager");

  beforeAll(async () => {
    for (const name of ["manager", "manager2", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id], startDate: utcDay(1) }));
    await addTopic(who.report1, { seriesId, text: "marker-reads salary talk", kind: "strategic", category: "career_growth" });
    ({ id: goalId } = await createGoal(who.report1, createGoalSchema.parse({ ...goalDraft({ title: "Lead the on-call review" }), seriesId })));
    // manager2 manages reports of their own (the demo's line); the manager names them, so access begins at once.
    expect(await t.db.select().from(reportingLines).where(eq(reportingLines.managerId, who.manager2.id))).not.toEqual([]);
    await assignCovering(who.manager, { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) });
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it("logs opening the agenda over the socket, and not again when the page is opened right after", async () => {
    const c = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(who.manager2, { meetingId })).token);
    clients.push(c);
    expect(await c.outcome).toBe("synced");
    const subject = `meeting of ${(await loadMeetingWorkspace(who.manager2, meetingId)).meeting.scheduledAt.toISOString().slice(0, 10)}`;
    expect(await entries(who.manager2)).toEqual([{ action: "opened a meeting (covering)", subject, kind: "covering", actorName: "Marcus Bennett" }]);
  });

  it("logs a history search (with its words), the history list and the goals, once per read within minutes", async () => {
    expect((await searchSeries(who.manager2, { seriesId, q: "salary" })).length).toBe(1);
    await searchSeries(who.manager2, { seriesId, q: "salary" });
    await listHistory(who.manager2, { seriesId, page: 1 });
    await listGoals(who.manager2, seriesId);
    await getGoal(who.manager2, goalId);
    const actions = (await entries(who.manager2)).map((e) => `${e.action}: ${e.subject}`).sort();
    expect(actions).toEqual([
      expect.stringMatching(/^opened a meeting \(covering\): meeting of /),
      'read a goal (covering): goal "Lead the on-call review"',
      "read past meetings (covering): page 1",
      "read the goals (covering): the goals page",
      'searched the history (covering): for "salary"',
    ]);
  });

  it("logs nothing for the pair's own reads", async () => {
    const before = (await t.db.select({ id: accessLog.id }).from(accessLog)).length;
    await searchSeries(who.manager, { seriesId, q: "salary" });
    await listGoals(who.report1, seriesId);
    await getGoal(who.manager, goalId);
    await listHistory(who.report1, { seriesId, page: 1 });
    const c = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(who.manager, { meetingId })).token);
    clients.push(c);
    expect(await c.outcome).toBe("synced");
    expect((await t.db.select({ id: accessLog.id }).from(accessLog)).length).toBe(before);
  });
});
