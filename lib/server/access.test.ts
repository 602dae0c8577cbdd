import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { notesCipher } from "@/db/client";
import { coveringAssignments, meetings, privateNotes, reportingLines, series, users } from "@/db/schema";
import { noteContext } from "@/lib/crypto/notes-cipher";
import { EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError } from "@/lib/errors";
import { type Actor, coveringInRange, lineIsActive } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { paragraphDoc, utcDay } from "@/test/fixtures";
import { authorizeMeeting, authorizeMeetingView, authorizeSeries, coveringFor, managesReports, meetingFacts, relationTo } from "./access";
import { coveringOn, lineActiveOn, pairActive } from "./lines";
import { assertMayKeepOwnNote, ownNoteOf } from "./private-notes";
import { ownRowsOnly } from "./scope";

// Who stands where in a series, as lib/server reads it for each request, including the people
// whose access ended: the manager of an ended line, covering managers before, after and without
// a team of their own. The fixtures are written straight into the database (no door of the app
// runs before a test), so each test alone exercises the reading it is about.
const NOW = new Date();
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const NIL = "00000000-0000-4000-8000-000000000000";

describe("who stands where in a series, read for each request", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const ids = { current: "", ended: "", meeting: "", endedMeeting: "", secondMeeting: "", reportLine: "", teamLine: "" };

  beforeAll(async () => {
    const admin = await actorOf(t.db, "admin@demo.test");
    who.admin = admin;
    const names = ["lead", "member", "former", "cover", "early", "late", "lapsed", "teamless", "coverTeam", "formerReport", "pastTeam"];
    const rows = await t.db
      .insert(users)
      .values(names.map((name) => ({ orgId: admin.orgId, email: `${name}@access.test`, name: `Person ${name}` })))
      .returning({ id: users.id, email: users.email, name: users.name, orgRole: users.orgRole, orgId: users.orgId });
    for (const [i, name] of names.entries()) who[name] = rows[i];
    const line = async (managerId: string, reportId: string, activeFrom: string, activeTo: string | null = null) =>
      (await t.db.insert(reportingLines).values({ orgId: admin.orgId, managerId, reportId, activeFrom, activeTo }).returning({ id: reportingLines.id }))[0].id;
    const seriesOf = async (lineId: string, createdBy: string) =>
      (
        await t.db
          .insert(series)
          .values({
            reportingLineId: lineId,
            cadence: "weekly",
            weekday: 2,
            startMinutes: 540,
            durationMinutes: 30,
            timeZone: "UTC",
            format: "structured",
            createdBy,
          })
          .returning({ id: series.id })
      )[0].id;
    const meetingOf = async (seriesId: string, days: number) =>
      (
        await t.db
          .insert(meetings)
          .values({ seriesId, scheduledAt: at(days), durationMinutes: 30 })
          .returning({ id: meetings.id })
      )[0].id;

    // The current pair: lead manages member since a month ago.
    ids.reportLine = await line(who.lead.id, who.member.id, utcDay(-30));
    ids.current = await seriesOf(ids.reportLine, who.lead.id);
    ids.meeting = await meetingOf(ids.current, -7);
    ids.secondMeeting = await meetingOf(ids.current, 7);
    // A line that ended today (its end date is exclusive): former no longer manages formerReport.
    ids.ended = await seriesOf(await line(who.former.id, who.formerReport.id, utcDay(-60), utcDay(0)), who.former.id);
    ids.endedMeeting = await meetingOf(ids.ended, -14);
    // Covering managers manage a team of their own (coverTeam), so their range alone decides;
    // except teamless, whose own line ended yesterday.
    ids.teamLine = await line(who.cover.id, who.coverTeam.id, utcDay(-40));
    for (const name of ["early", "late", "lapsed"]) await line(who[name].id, who.coverTeam.id, utcDay(-40), utcDay(30));
    await line(who.teamless.id, who.pastTeam.id, utcDay(-60), utcDay(-1));
    const assign = (name: string, startsOn: string, endsOn: string) =>
      t.db.insert(coveringAssignments).values({ seriesId: ids.current, coveringManagerId: who[name].id, startsOn, endsOn, createdBy: who.lead.id });
    await assign("cover", utcDay(0), utcDay(0));
    await assign("early", utcDay(1), utcDay(5));
    await assign("lapsed", utcDay(-5), utcDay(-1));
    await assign("teamless", utcDay(-1), utcDay(3));
    await assign("late", utcDay(-1), utcDay(2));
  });

  const relation = async (name: string, seriesId = ids.current) => (await relationTo(t.db, who[name], seriesId)).relation;
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => "allowed",
      (e: unknown) => (e instanceof AppError ? e.code : `not an AppError: ${String(e)}`),
    );

  it("reads the pair, a covering manager on the one day of their range, and an admin, each in their place", async () => {
    expect(await relation("lead")).toBe("manager");
    expect(await relation("member")).toBe("report");
    expect(await relation("cover")).toBe("covering");
    expect(await relation("late")).toBe("covering");
    expect(await relation("admin")).toBe("admin");
    const facts = await relationTo(t.db, who.lead, ids.current);
    expect(facts).toMatchObject({
      seriesId: ids.current,
      orgId: who.admin.orgId,
      managerId: who.lead.id,
      reportId: who.member.id,
      lineActiveFrom: utcDay(-30),
    });
    expect(facts.lineActiveTo).toBeNull();
  });

  it("gives nothing to the manager of an ended line, to covering managers outside their range or without a team, or to a colleague", async () => {
    expect(await relation("former", ids.ended)).toBe("none");
    expect(await relation("formerReport", ids.ended)).toBe("report");
    for (const name of ["early", "lapsed", "teamless", "former", "coverTeam"]) expect(await relation(name), name).toBe("none");
    expect(await codeOf(relationTo(t.db, who.lead, NIL))).toBe("not_found");
  });

  it("authorizes a series by the table: the pair and the covering manager work, the admin reads metadata only, the rest are not told it exists", async () => {
    const authorized = await authorizeSeries(t.db, who.cover, ids.current, "seriesContent", "write");
    expect(authorized).toMatchObject({ relation: "covering", actor: who.cover, seriesId: ids.current, reportId: who.member.id });
    expect(await codeOf(authorizeSeries(t.db, who.admin, ids.current, "seriesContent", "meta"))).toBe("allowed");
    expect(await codeOf(authorizeSeries(t.db, who.admin, ids.current, "seriesContent", "read"))).toBe("forbidden");
    expect(await codeOf(authorizeSeries(t.db, who.cover, ids.current, "goals", "write"))).toBe("forbidden");
    expect(await codeOf(authorizeSeries(t.db, who.lapsed, ids.current, "seriesContent", "read"))).toBe("not_found");
    expect(await codeOf(authorizeSeries(t.db, who.former, ids.ended, "seriesContent", "read"))).toBe("not_found");
  });

  it("authorizes a meeting through its series, and hides a meeting that does not exist", async () => {
    expect(await authorizeMeeting(t.db, who.member, ids.meeting, "seriesContent", "write")).toMatchObject({ relation: "report", seriesId: ids.current });
    expect(await codeOf(authorizeMeeting(t.db, who.former, ids.endedMeeting, "seriesContent", "read"))).toBe("not_found");
    expect(await codeOf(authorizeMeeting(t.db, who.admin, ids.meeting, "seriesContent", "read"))).toBe("forbidden");
    expect(await codeOf(authorizeMeeting(t.db, who.lead, NIL, "seriesContent", "read"))).toBe("not_found");
  });

  it("reads a meeting page's facts in one go: the pair's names, the first meeting, and the viewer's relation", async () => {
    const view = await authorizeMeetingView(t.db, who.cover, ids.secondMeeting, "seriesContent", "read");
    expect(view).toMatchObject({
      relation: "covering",
      actor: who.cover,
      meetingId: ids.secondMeeting,
      seriesId: ids.current,
      lineId: ids.reportLine,
      managerName: "Person lead",
      reportName: "Person member",
      reopenedByName: null,
      firstMeetingId: ids.meeting,
      firstMeetingStatus: "scheduled",
      status: "scheduled",
      timeZone: "UTC",
    });
    expect(await codeOf(authorizeMeetingView(t.db, who.admin, ids.meeting, "seriesContent", "read"))).toBe("forbidden");
    expect(await codeOf(authorizeMeetingView(t.db, who.lapsed, ids.meeting, "seriesContent", "read"))).toBe("not_found");
    expect(await codeOf(authorizeMeetingView(t.db, who.former, ids.endedMeeting, "seriesContent", "read"))).toBe("not_found");
    expect(await codeOf(authorizeMeetingView(t.db, who.lead, NIL, "seriesContent", "read"))).toBe("not_found");
  });

  it("gives background mail who and when of a meeting, and nothing for a meeting that does not exist", async () => {
    expect(await meetingFacts(t.db, ids.meeting)).toMatchObject({
      meetingId: ids.meeting,
      seriesId: ids.current,
      managerId: who.lead.id,
      reportId: who.member.id,
      managerName: "Person lead",
      reportName: "Person member",
      status: "scheduled",
    });
    expect(await meetingFacts(t.db, NIL)).toBeNull();
  });

  it("reads a covering assignment only on the days it holds, and whether its person manages a team that day", async () => {
    // The series' facts as every door reads them (relationTo; its relation is not read).
    const factsOf = (id: string) => relationTo(t.db, who.lead, id);
    const current = await factsOf(ids.current);
    expect(await coveringFor(t.db, who.cover, current, NOW)).toEqual({
      coveringManagerId: who.cover.id,
      coveringFrom: utcDay(0),
      coveringTo: utcDay(0),
      coveringNamedBy: who.lead.id,
      coveringNamedAt: expect.any(Date),
      coveringManagesReports: true,
      // Named by the series' manager: the admin's stricter facts are not read.
      coveringManagingSince: null,
      coveringManagerAway: false,
    });
    expect(await coveringFor(t.db, who.cover, current, at(1))).toEqual({});
    expect(await coveringFor(t.db, who.cover, current, at(-1))).toEqual({});
    expect(await coveringFor(t.db, who.cover, await factsOf(ids.ended), NOW)).toEqual({});
    expect(await coveringFor(t.db, who.lead, current, NOW)).toEqual({});
    expect(await coveringFor(t.db, null as unknown as Actor, current, NOW)).toEqual({});
    expect(await coveringFor(t.db, who.teamless, current, NOW)).toMatchObject({ coveringManagerId: who.teamless.id, coveringManagesReports: false });
  });

  it("counts someone as managing reports only on the days one of their own lines holds, in their own org", async () => {
    expect(await managesReports(t.db, who.cover.id, who.admin.orgId, utcDay(0))).toBe(true);
    expect(await managesReports(t.db, who.cover.id, who.admin.orgId, utcDay(-41))).toBe(false);
    expect(await managesReports(t.db, who.teamless.id, who.admin.orgId, utcDay(-1))).toBe(false);
    expect(await managesReports(t.db, who.teamless.id, who.admin.orgId, utcDay(-2))).toBe(true);
    expect(await managesReports(t.db, who.cover.id, NIL, utcDay(0))).toBe(false);
    expect(await managesReports(t.db, who.member.id, who.admin.orgId, utcDay(0))).toBe(false);
  });

  it("narrows rows in SQL exactly as lib/policy decides on them, day by day around each line's and each range's ends", async () => {
    const lines = await t.db.select().from(reportingLines).where(eq(reportingLines.orgId, who.admin.orgId));
    const ranges = await t.db.select().from(coveringAssignments).where(eq(coveringAssignments.seriesId, ids.current));
    for (let days = -62; days <= 31; days++) {
      const day = utcDay(days);
      const noon = new Date(`${day}T12:00:00Z`);
      const sqlLines = await t.db
        .select({ id: reportingLines.id })
        .from(reportingLines)
        .where(and(eq(reportingLines.orgId, who.admin.orgId), lineActiveOn(day)));
      expect(sqlLines.map((l) => l.id).sort(), `lines on ${day}`).toEqual(
        lines
          .filter((l) => lineIsActive(l, noon))
          .map((l) => l.id)
          .sort(),
      );
      const sqlRanges = await t.db
        .select({ id: coveringAssignments.id })
        .from(coveringAssignments)
        .where(and(eq(coveringAssignments.seriesId, ids.current), coveringOn(day)));
      expect(sqlRanges.map((r) => r.id).sort(), `ranges on ${day}`).toEqual(
        ranges
          .filter((r) => coveringInRange(r, day))
          .map((r) => r.id)
          .sort(),
      );
    }
  });

  it("goes on with a series only while both of its pair are active", async () => {
    const goesOn = async () =>
      (
        await t.db
          .select({ on: pairActive })
          .from(series)
          .innerJoin(reportingLines, eq(reportingLines.id, series.reportingLineId))
          .where(eq(series.id, ids.current))
      )[0].on;
    expect(await goesOn()).toBe(true);
    await t.db.update(users).set({ active: false }).where(eq(users.id, who.member.id));
    try {
      expect(await goesOn()).toBe(false);
    } finally {
      await t.db.update(users).set({ active: true }).where(eq(users.id, who.member.id));
    }
  });

  describe("private notes", () => {
    const seal = async (authorId: string, text: string) => (await notesCipher()).sealJSON(paragraphDoc(text), noteContext(ids.meeting, authorId, "content"));

    beforeAll(async () => {
      await t.db.insert(privateNotes).values([
        { meetingId: ids.meeting, authorId: who.lead.id, content: await seal(who.lead.id, "the manager's own"), version: 3 },
        { meetingId: ids.meeting, authorId: who.member.id, content: await seal(who.member.id, "the report's own"), version: 2 },
      ]);
    });

    it("are kept by the pair and a covering manager in range, and by nobody else", async () => {
      for (const name of ["lead", "member", "cover"]) expect(await codeOf(assertMayKeepOwnNote(who[name], ids.meeting)), name).toBe("allowed");
      expect(await codeOf(assertMayKeepOwnNote(who.admin, ids.meeting))).toBe("forbidden");
      for (const name of ["lapsed", "early", "coverTeam"]) expect(await codeOf(assertMayKeepOwnNote(who[name], ids.meeting)), name).toBe("not_found");
      expect(await codeOf(assertMayKeepOwnNote(who.former, ids.endedMeeting))).toBe("not_found");
      expect(await codeOf(assertMayKeepOwnNote(who.lead, NIL))).toBe("not_found");
      expect(await codeOf(assertMayKeepOwnNote(null as unknown as Actor, ids.meeting))).toBe("unauthenticated");
    });

    it("open each person's own note alone: the manager's, the report's, and an empty one for the covering manager", async () => {
      expect(await ownNoteOf(t.db, who.lead, ids.meeting)).toMatchObject({ meetingId: ids.meeting, content: paragraphDoc("the manager's own"), version: 3 });
      expect(await ownNoteOf(t.db, who.member, ids.meeting)).toMatchObject({ content: paragraphDoc("the report's own"), version: 2 });
      expect((await ownNoteOf(t.db, who.lead, ids.meeting)).updatedAt).toBeInstanceOf(Date);
      expect(await ownNoteOf(t.db, who.cover, ids.meeting)).toEqual({ meetingId: ids.meeting, content: EMPTY_DOCUMENT, version: 0, updatedAt: null });
    });

    it("select nobody else's row, whoever asks", async () => {
      const authors = async (actor: Actor) =>
        (await t.db.select({ authorId: privateNotes.authorId }).from(privateNotes).where(ownRowsOnly(privateNotes.authorId, actor))).map((r) => r.authorId);
      expect(await authors(who.lead)).toEqual([who.lead.id]);
      expect(await authors(who.member)).toEqual([who.member.id]);
      expect(await authors(who.admin)).toEqual([]);
    });
  });
});
