import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { reportingLines, users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { setActive, setOrgRole, signOutEverywhere } from "./accounts";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";
import { endReportingLine, loadActor } from "./users";

// Roles and deactivation are the org admin's alone; the target's own manager is refused too.
const NON_ADMINS = [
  ["the person themselves", "report1@demo.test"],
  ["a report of another pair", "report9@demo.test"],
  ["the person's own manager", "manager@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
] as const;

describe("sessions, org roles and deactivation", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  const row = async (id: string) =>
    (await t.db.select({ orgRole: users.orgRole, active: users.active, sv: users.sessionVersion }).from(users).where(eq(users.id, id)))[0];
  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1", "report2", "report4", "report5"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  it("signing out everywhere ends every session of that person on its next request, and only theirs", async () => {
    const before = await row(who.report2.id);
    expect(await loadActor(who.report2.id, before.sv)).toMatchObject({ id: who.report2.id });
    await signOutEverywhere(who.report2);
    expect(await row(who.report2.id)).toMatchObject({ sv: before.sv + 1 });
    expect(await loadActor(who.report2.id, before.sv)).toBeNull();
    expect(await loadActor(who.report2.id, before.sv + 1)).toMatchObject({ id: who.report2.id });
    expect(await loadActor(who.report1.id, (await row(who.report1.id)).sv)).toMatchObject({ id: who.report1.id });
  });

  it.each(NON_ADMINS)("refuses %s changing a person's org role, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => setOrgRole(actor, { userId: who.report1.id, orgRole: "admin" }), "forbidden");
  });

  it.each(NON_ADMINS)("refuses %s deactivating a person, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => setActive(actor, { userId: who.report1.id, active: false }), "forbidden");
  });

  it("refuses the admin of another organization, changing nothing", async () => {
    const outsider = { ...who.admin, id: crypto.randomUUID(), orgId: crypto.randomUUID() };
    await expectRefusedUnchanged(t.db, () => setOrgRole(outsider, { userId: who.report1.id, orgRole: "admin" }), "not_found");
    await expectRefusedUnchanged(t.db, () => setActive(outsider, { userId: who.report1.id, active: false }), "not_found");
  });

  it("refuses to let the last active admin step down or deactivate themselves, changing nothing", async () => {
    const demote = await expectRefusedUnchanged(t.db, () => setOrgRole(who.admin, { userId: who.admin.id, orgRole: "member" }), "conflict");
    expect(demote.message).toContain("at least one active admin");
    await expectRefusedUnchanged(t.db, () => setActive(who.admin, { userId: who.admin.id, active: false }), "conflict");
  });

  it("lets the admin make someone an admin, effective on that person's next request, without ending their session", async () => {
    const { sv } = await row(who.report1.id);
    expect(await setOrgRole(who.admin, { userId: who.report1.id, orgRole: "admin" })).toEqual({ id: who.report1.id, orgRole: "admin" });
    expect(await loadActor(who.report1.id, sv)).toMatchObject({ orgRole: "admin" });
  });

  it("lets an admin step down once another active admin exists, and demotes on the next request", async () => {
    const { sv } = await row(who.admin.id);
    await setOrgRole(who.admin, { userId: who.admin.id, orgRole: "member" });
    expect(await loadActor(who.admin.id, sv)).toMatchObject({ orgRole: "member" });
    const newAdmin = await actorOf(t.db, "report1@demo.test");
    await expectRefusedUnchanged(t.db, () => setActive(newAdmin, { userId: newAdmin.id, active: false }), "conflict");
    await setOrgRole(newAdmin, { userId: who.admin.id, orgRole: "admin" });
    expect(await row(who.admin.id)).toMatchObject({ orgRole: "admin" });
  });

  it("ends a deactivated person's sessions on their next request, refuses their password, and lets them back in when reactivated", async () => {
    const { sv } = await row(who.report4.id);
    expect(await setActive(who.admin, { userId: who.report4.id, active: false })).toEqual({ id: who.report4.id, active: false, cancelledMeetings: 0 });
    expect(await row(who.report4.id)).toMatchObject({ active: false, sv: sv + 1 });
    expect(await loadActor(who.report4.id, sv)).toBeNull();
    expect(await loadActor(who.report4.id, sv + 1)).toBeNull();
    await setActive(who.admin, { userId: who.report4.id, active: true });
    expect(await row(who.report4.id)).toMatchObject({ active: true, sv: sv + 1 });
    expect(await loadActor(who.report4.id, sv)).toBeNull();
    expect(await loadActor(who.report4.id, sv + 1)).toMatchObject({ id: who.report4.id });
  });

  it("lets an admin deactivate another admin, who loses the session at once", async () => {
    const second = await actorOf(t.db, "report1@demo.test");
    const { sv } = await row(second.id);
    await setActive(who.admin, { userId: second.id, active: false });
    expect(await loadActor(second.id, sv)).toBeNull();
    // The remaining admin is now the last active one.
    await expectRefusedUnchanged(t.db, () => setOrgRole(who.admin, { userId: who.admin.id, orgRole: "member" }), "conflict");
  });

  it("ends a manager's access to the pair's meetings on the next request once the reporting line ends", async () => {
    const [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report5.id] }));
    expect(await loadMeetingWorkspace(who.manager, meetingId)).toMatchObject({ relation: "manager" });
    const [line] = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, who.report5.id));
    await endReportingLine(who.admin, { lineId: line.id, activeTo: utcDay(0) });
    await expect(loadMeetingWorkspace(who.manager, meetingId)).rejects.toMatchObject({ code: "not_found" });
    expect(await loadMeetingWorkspace(who.report5, meetingId)).toMatchObject({ relation: "report" });
  });
});
