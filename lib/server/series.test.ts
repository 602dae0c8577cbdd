import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agendaDocuments, meetings, reportingLines, series, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { firstOccurrence } from "@/lib/schedule";
import { firstMeetingContent } from "@/lib/templates/builtin";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { hhmmOf } from "@/lib/validation/series";
import { getDashboard, listTeam, startSeries } from "./series";
import { supportOf } from "./templates";
import { loadSeriesWorkspace } from "./series-page";
import { endReportingLine } from "./users";

const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
  ["the org admin", "admin@demo.test"],
] as const;

describe("one pair's series", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  let seriesId = "";
  let meetingId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  it.each(OUTSIDERS)("refuses %s starting a series for the manager's report, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => startSeries(actor, seriesInput({ reportIds: [who.report1.id] })), "forbidden");
  });

  it("refuses a report id that is not one of the manager's current reports", async () => {
    await expectRefusedUnchanged(t.db, () => startSeries(who.manager, seriesInput({ reportIds: [who.report9.id] })), "forbidden");
    await expectRefusedUnchanged(t.db, () => startSeries(who.manager, seriesInput({ reportIds: [crypto.randomUUID()] })), "forbidden");
  });

  it("refuses a first meeting in the past with an error on startDate, changing nothing", async () => {
    const input = seriesInput({ reportIds: [who.report1.id], startDate: "2020-01-06" });
    const error = await expectRefusedUnchanged(t.db, () => startSeries(who.manager, input), "invalid");
    expect(error.fieldErrors?.startDate).toEqual(["The first meeting would be in the past. Choose a later date."]);
  });

  it("refuses a start time that leaves no room before midnight, with an error on startTime", async () => {
    const input = seriesInput({ reportIds: [who.report1.id], startTime: "23:45", durationMinutes: 30 });
    const error = await expectRefusedUnchanged(t.db, () => startSeries(who.manager, input), "invalid");
    expect(error.fieldErrors?.startTime?.[0]).toMatch(/not enough room/);
  });

  it("lets the manager start a series whose first meeting carries the first-meeting agenda", async () => {
    const input = seriesInput({ reportIds: [who.report1.id] });
    const [created, ...rest] = await startSeries(who.manager, input);
    expect(rest).toEqual([]);
    const expectedAt = firstOccurrence({ weekday: 2, startMinutes: 9 * 60, timeZone: "Europe/Berlin" }, input.startDate);
    expect(created).toMatchObject({ reportName: "Jonas Weber", scheduledAt: expectedAt });
    ({ seriesId, meetingId } = created);

    const [line] = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, who.report1.id));
    const [row] = await t.db.select().from(series).where(eq(series.id, seriesId));
    expect(row).toMatchObject({ reportingLineId: line.id, cadence: "weekly", weekday: 2, startMinutes: 540, durationMinutes: 30, createdBy: who.manager.id });
    const meetingRows = await t.db.select().from(meetings).where(eq(meetings.seriesId, seriesId));
    expect(meetingRows).toEqual([expect.objectContaining({ id: meetingId, scheduledAt: expectedAt, status: "scheduled" })]);
    const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId));
    expect(agenda).toMatchObject({ version: 1, updatedBy: who.manager.id, content: firstMeetingContent(await supportOf(t.db, who.manager.orgId)) });
  });

  it("refuses a second series for the same report, changing nothing", async () => {
    const error = await expectRefusedUnchanged(t.db, () => startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] })), "invalid");
    expect(error.fieldErrors?.reportIds?.[0]).toMatch(/Jonas Weber already has a series/);
  });

  it("staggers a new series after the manager's existing meeting at the same time, with the default 15-minute buffer", async () => {
    const [created] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] }));
    const [row] = await t.db.select().from(series).where(eq(series.id, created.seriesId));
    expect(row.startMinutes).toBe(9 * 60 + 45);
  });

  it("shows the series page in full to the manager and to the report", async () => {
    for (const [actor, relation] of [
      [who.manager, "manager"],
      [who.report1, "report"],
    ] as const) {
      const page = await loadSeriesWorkspace(actor, seriesId);
      expect(page.relation).toBe(relation);
      expect(page.full).toMatchObject({ startTime: "09:00", weekdayName: "Tuesday", managerName: "Priya Raman", reportName: "Jonas Weber" });
      expect(page.full?.upcoming.map((m) => m.id)).toEqual([meetingId]);
      expect(page.full?.planned).toHaveLength(3);
    }
  });

  it("shows the org admin only existence, cadence and the last-met date", async () => {
    const page = await loadSeriesWorkspace(who.admin, seriesId);
    expect(page).toEqual({
      relation: "admin",
      // What the admin may do here, as booleans: no content, only who covers.
      capabilities: expect.objectContaining({ readMetaOnly: true, readContent: false, editContent: false, keepNotes: false, nameCovering: true }),
      full: null,
      meta: { id: seriesId, cadence: "weekly", managerName: "Priya Raman", reportName: "Jonas Weber", lastMetAt: null },
      // Who covers, and whom the admin may name; none of the pair's work.
      covering: expect.objectContaining({ assignments: [], candidates: expect.any(Array) }),
      share: null,
      queued: null,
      planning: null,
      feed: null,
      agendaTemplates: null,
    });
  });

  it.each([
    ["a report of another pair of the same manager", "report2@demo.test"],
    ["a report of another manager", "report9@demo.test"],
    ["the manager of another pair", "manager2@demo.test"],
  ])("answers not found to %s asking for the series page", async (_, email) => {
    const actor = await as(email);
    await expect(loadSeriesWorkspace(actor, seriesId)).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers not found for a series that does not exist", async () => {
    await expect(loadSeriesWorkspace(who.manager, crypto.randomUUID())).rejects.toBeInstanceOf(AppError);
  });

  it("lists the manager's current team with each schedule", async () => {
    const team = await listTeam(who.manager);
    expect(team).toHaveLength(8);
    const byEmail = Object.fromEntries(team.map((r) => [r.email, r.schedule]));
    expect(byEmail["report1@demo.test"]).toBe("Tuesdays at 09:00 (Europe/Berlin)");
    expect(byEmail["report2@demo.test"]).toBe("Tuesdays at 09:45 (Europe/Berlin)");
    // The series' format beside its time: cadence, length and structure.
    expect(team.find((r) => r.email === "report1@demo.test")?.pattern).toBe("Every week, 30 minutes, structured");
    expect(team.filter((r) => r.schedule === null)).toHaveLength(6);
    expect((await listTeam(who.manager2)).map((r) => r.email).sort()).toEqual(["report10@demo.test", "report9@demo.test"]);
  });

  it("puts the next meeting on the dashboards of both people and of nobody else", async () => {
    const mine = await getDashboard(who.manager);
    expect(mine.asManager.map((i) => i.withName)).toEqual(["Jonas Weber", "Amara Okafor"]);
    expect(mine.asManager[0]).toMatchObject({
      seriesId,
      nextMeetingId: meetingId,
      nextMeetingAt: firstOccurrence({ weekday: 2, startMinutes: 540, timeZone: "Europe/Berlin" }, utcDay(7)),
    });
    expect((await getDashboard(who.report1)).asReport).toEqual([expect.objectContaining({ seriesId, withName: "Priya Raman", role: "report" })]);
    for (const other of [who.admin, who.manager2, who.report9]) expect(await getDashboard(other)).toMatchObject({ asManager: [], asReport: [] });
  });

  it("takes the series away from the manager at once when the reporting line ends, but not from the report", async () => {
    const [line] = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, who.report1.id));
    await endReportingLine(who.admin, { lineId: line.id, activeTo: utcDay(0) });
    await expect(loadSeriesWorkspace(who.manager, seriesId)).rejects.toMatchObject({ code: "not_found" });
    expect((await loadSeriesWorkspace(who.report1, seriesId)).full).not.toBeNull();
    expect((await listTeam(who.manager)).map((r) => r.email)).not.toContain("report1@demo.test");
  });

  it("drops an ended line's series from the manager's dashboard but keeps it on the report's", async () => {
    expect((await getDashboard(who.manager)).asManager.map((i) => i.withName)).toEqual(["Amara Okafor"]);
    expect((await getDashboard(who.report1)).asReport.map((i) => i.seriesId)).toEqual([seriesId]);
  });
});

describe("starting series for a whole team", () => {
  const t = useTestDatabase();

  it("starts a series for every current report at distinct, non-overlapping times when no one is chosen", async () => {
    const manager = await actorOf(t.db, "manager@demo.test");
    const created = await startSeries(manager, seriesInput({ durationMinutes: 45, startTime: "08:00" }));
    expect(created).toHaveLength(8);
    const rows = await t.db
      .select()
      .from(series)
      .where(
        inArray(
          series.id,
          created.map((c) => c.seriesId),
        ),
      );
    const starts = rows.map((r) => r.startMinutes).sort((a, b) => a - b);
    // 45 minutes each, 15 minutes between two, nothing over lunch (12:00-13:00).
    expect(starts.map(hhmmOf)).toEqual(["08:00", "09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"]);
    const agendas = await t.db
      .select()
      .from(agendaDocuments)
      .where(
        inArray(
          agendaDocuments.meetingId,
          created.map((c) => c.meetingId),
        ),
      );
    expect(agendas).toHaveLength(8);
  });

  it("remembers the chosen zone as the manager's own when asked and none was set", async () => {
    const manager2 = await actorOf(t.db, "manager2@demo.test");
    const report10 = await actorOf(t.db, "report10@demo.test");
    const zoneOf = async (id: string) => (await t.db.select({ z: users.timeZone }).from(users).where(eq(users.id, id)))[0].z;
    expect(await zoneOf(manager2.id)).toBeNull();
    await startSeries(manager2, seriesInput({ reportIds: [report10.id], timeZone: "America/New_York", rememberTimeZone: true }));
    expect(await zoneOf(manager2.id)).toBe("America/New_York");
  });

  it("refuses to start the whole team again once everyone has a series", async () => {
    const manager = await actorOf(t.db, "manager@demo.test");
    const error = await expectRefusedUnchanged(t.db, () => startSeries(manager, seriesInput()), "invalid");
    expect(error.fieldErrors?.reportIds).toEqual(["Everyone on your team already has a one-on-one series."]);
  });

  it("creates exactly one series when two starts for the same report race", async () => {
    const manager2 = await actorOf(t.db, "manager2@demo.test");
    const report9 = await actorOf(t.db, "report9@demo.test");
    const input = seriesInput({ reportIds: [report9.id] });
    const results = await Promise.allSettled([startSeries(manager2, input), startSeries(manager2, input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected")!;
    expect(failure.reason).toBeInstanceOf(AppError);
    // Two codes on purpose: which check the loser meets depends on how the two transactions interleave.
    // Serialized (PGlite) it sees the winner's series before locking: invalid, "already has a series".
    // Overlapping (Postgres) both pass that check and the loser finds it after the lock: conflict.
    expect(["conflict", "invalid"]).toContain((failure.reason as AppError).code);
    const [line] = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, report9.id));
    const rows = await t.db.select().from(series).where(eq(series.reportingLineId, line.id));
    expect(rows).toHaveLength(1);
    expect(await t.db.select().from(meetings).where(eq(meetings.seriesId, rows[0].id))).toHaveLength(1);
  });
});
