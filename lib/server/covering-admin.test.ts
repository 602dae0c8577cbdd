import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { coveringAssignments, outbox, reportingLines, users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { createGoalSchema } from "@/lib/validation/goals";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { goalDraft, seriesInput, utcDay } from "@/test/fixtures";
import { getAccessLogPage } from "./access-log";
import { listOrgAdmins } from "./admin-grants";
import { assignCovering } from "./covering";
import { erasePerson } from "./erasure";
import { createGoal } from "./goals";
import { listGoals } from "./goal-views";
import { searchSeries } from "./history";
import { exportMeetingMarkdown } from "./meeting-export";
import { markLeave } from "./schedule-changes";
import { startSeries } from "./series";
import { loadSeriesWorkspace } from "./series-page";
import { addTopic } from "./topics";
import { acceptInvitation, createReportingLine, invitePerson, listPeople } from "./users";

const BASE_URL = "http://localhost:3000";

/**
 * Issue 25 item 2, as reproduced: an admin invites a puppet admin (the link comes back to them),
 * gives themselves a report so they "manage someone", and the puppet names them covering manager
 * of a pair they have nothing to do with. Then the puppet erases the admin.
 */
describe("an admin who makes a puppet admin to be named covering manager", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  let meetingId = "";
  let puppet: Actor;
  let lineId = "";
  afterEach(() => vi.useRealTimers());

  /** Invites someone as the admin does and accepts the link that comes back in the answer (no SMTP here). */
  const inviteAndAccept = async (by: Actor, email: string, name: string, orgRole: "admin" | "member") => {
    const { link } = await invitePerson(by, { email, name, orgRole }, BASE_URL);
    const password = "a long enough passphrase 1";
    await acceptInvitation({ token: link!.split("/invite/")[1], name, password, confirm: password });
    return actorOf(t.db, email);
  };
  const naming = (over: Partial<{ startsOn: string; endsOn: string }> = {}) => ({
    seriesId,
    coveringManagerId: who.admin.id,
    startsOn: utcDay(0),
    endsOn: utcDay(3),
    ...over,
  });

  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id], startDate: utcDay(20) }));
    await addTopic(who.report1, { seriesId, text: "marker-covering-admin I want a raise", kind: "strategic", category: "career_growth" });
    await createGoal(who.report1, createGoalSchema.parse({ ...goalDraft({ title: "marker-covering-admin goal" }), seriesId }));
    puppet = await inviteAndAccept(who.admin, "puppet@demo.test", "Pat Puppet", "admin");
    const dummy = await inviteAndAccept(who.admin, "dummy@demo.test", "Dee Dummy", "member");
    // A line "to themselves", backdated: active_from says two months, but it was made today.
    ({ id: lineId } = await createReportingLine(who.admin, { managerId: who.admin.id, reportId: dummy.id, activeFrom: utcDay(-60) }));
  });

  it("refuses the puppet naming the admin while the series' manager is not on leave, and the admin's line is fresh, changing nothing", async () => {
    // Each test names its own days, so that no refusal here is only an overlap with another's.
    const error = await expectRefusedUnchanged(t.db, () => assignCovering(puppet, naming({ startsOn: utcDay(4), endsOn: utcDay(5) })), "invalid");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["coveringManagerId", "startsOn"]);
    expect((await loadSeriesWorkspace(puppet, seriesId)).covering.candidates).toEqual([]);
  });

  it("still refuses it once the manager is on leave, because a backdated line of today is not 30 days of managing", async () => {
    await markLeave(who.manager, { personId: who.manager.id, startsOn: utcDay(0), endsOn: utcDay(12), confirm: true });
    const error = await expectRefusedUnchanged(t.db, () => assignCovering(puppet, naming({ startsOn: utcDay(6), endsOn: utcDay(8) })), "invalid");
    expect(error.fieldErrors?.coveringManagerId?.[0]).toMatch(/at least 30 days/);
    // A leave that does not cover every day of the range is no leave for it.
    await t.db
      .update(reportingLines)
      .set({ createdAt: sql`now() - interval '40 days'` })
      .where(eq(reportingLines.id, lineId));
    const late = await expectRefusedUnchanged(t.db, () => assignCovering(puppet, naming({ startsOn: utcDay(6), endsOn: utcDay(13) })), "invalid");
    expect(Object.keys(late.fieldErrors ?? {})).toEqual(["startsOn"]);
  });

  it("with a real leave and a line of 40 days, names the admin, but gives them nothing for 24 hours while the report is told who, by whom and from when", async () => {
    const before = new Set((await t.db.select({ id: outbox.id }).from(outbox)).map((m) => m.id));
    await assignCovering(puppet, naming());
    const [row] = await t.db.select().from(coveringAssignments).where(eq(coveringAssignments.seriesId, seriesId));
    const accessFrom = new Date(row.createdAt.getTime() + 24 * 3600_000);

    // Inside the range, but not yet 24 hours after the naming: nothing.
    vi.setSystemTime(new Date(accessFrom.getTime() - 60_000));
    const early = await loadSeriesWorkspace(who.admin, seriesId);
    expect(early.relation).toBe("admin");
    expect(early.full).toBeNull();
    await expect(searchSeries(who.admin, { seriesId, q: "raise" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listGoals(who.admin, seriesId)).rejects.toMatchObject({ code: "forbidden" });
    await expect(exportMeetingMarkdown(who.admin, meetingId, seriesId)).rejects.toMatchObject({ code: "forbidden" });
    vi.useRealTimers();

    // The report: a mail that says who, by whom and from when; an access-log entry by the puppet; the banner.
    const mails = (await t.db.select().from(outbox)).filter((m) => !before.has(m.id) && m.toAddress === "report1@demo.test");
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toContain("Grace Whitfield will cover your one-on-ones with Priya Raman");
    expect(mails[0].body).toContain("Pat Puppet, an admin of your organization, named them");
    expect(mails[0].body).toContain(`access begins ${accessFrom.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    expect(`${mails[0].subject}${mails[0].body}`).not.toMatch(/marker-covering-admin|raise/);
    const log = await getAccessLogPage(who.report1, { page: 1 });
    expect(log.important).toContainEqual(
      expect.objectContaining({
        actorName: "Pat Puppet",
        action: "named a covering manager (as org admin)",
        subject: expect.stringContaining(`Grace Whitfield, ${utcDay(0)} to ${utcDay(3)}, access from`),
      }),
    );
    const page = await loadSeriesWorkspace(who.report1, seriesId);
    expect(page.covering.notices).toEqual([
      expect.objectContaining({ name: "Grace Whitfield", namedByName: "Pat Puppet", startsOn: utcDay(0), endsOn: utcDay(3), accessFrom }),
    ]);

    // 24 hours after the naming, inside the range, the rule holds and access begins (and every read is logged).
    vi.setSystemTime(new Date(accessFrom.getTime() + 60_000));
    expect((await loadSeriesWorkspace(who.admin, seriesId)).relation).toBe("covering");
    expect((await searchSeries(who.admin, { seriesId, q: "raise" })).length).toBeGreaterThan(0);
    await listGoals(who.admin, seriesId);
    vi.useRealTimers();
    const reads = (await getAccessLogPage(who.report1, { page: 1, kind: "covering" })).entries.filter((e) => e.actorName === "Grace Whitfield");
    expect(reads.map((e) => e.action).sort()).toEqual(["opened the series (covering)", "read the goals (covering)", "searched the history (covering)"]);
  });

  it("lists every admin with who made them and when, on the People page and on everyone's Privacy page", async () => {
    const { admins } = await listPeople(who.admin);
    expect(admins).toEqual([
      expect.objectContaining({ name: "Grace Whitfield", via: "setup", grantedByName: null }),
      expect.objectContaining({ name: "Pat Puppet", via: "invitation", grantedByName: "Grace Whitfield", grantedAt: expect.any(Date) }),
    ]);
    expect((await listOrgAdmins(who.report1)).map((a) => `${a.name} by ${a.grantedByName ?? "the setup"}`)).toEqual([
      "Grace Whitfield by the setup",
      "Pat Puppet by Grace Whitfield",
    ]);
  });

  it("keeps the admin's name in the report's log after the puppet erased the admin, and the puppet's maker by name", async () => {
    await erasePerson(puppet, { userId: who.admin.id, confirmEmail: "admin@demo.test", dryRun: false });
    const [erased] = await t.db.select({ name: users.name }).from(users).where(eq(users.id, who.admin.id));
    expect(erased.name).toBe("Former member");
    const log = (await getAccessLogPage(who.report1, { page: 1 })).entries;
    expect(log.filter((e) => e.actorName === "Former member")).toEqual([]);
    expect(log.filter((e) => e.actorName === "Grace Whitfield").length).toBeGreaterThanOrEqual(3);
    expect(log.find((e) => e.action === "named a covering manager (as org admin)")?.actorName).toBe("Pat Puppet");
    expect((await listOrgAdmins(who.report1)).map((a) => `${a.name} by ${a.grantedByName}`)).toEqual(["Pat Puppet by Grace Whitfield"]);
  });

  it("keeps the name a renamed reader had when they read", async () => {
    await t.db.update(users).set({ name: "Patricia Renamed" }).where(eq(users.id, puppet.id));
    const log = (await getAccessLogPage(who.report1, { page: 1 })).entries;
    expect(log.find((e) => e.action === "named a covering manager (as org admin)")?.actorName).toBe("Pat Puppet");
    expect(log.some((e) => e.actorName === "Patricia Renamed")).toBe(false);
    await t.db
      .update(users)
      .set({ name: "Pat Puppet" })
      .where(and(eq(users.id, puppet.id)));
  });
});
