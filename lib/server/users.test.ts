import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@/db/demo";
import { invitations, organizations, outbox, reportingLines, users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { inviteSchema } from "@/lib/validation/people";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { utcDay } from "@/test/fixtures";
import { listOutbox } from "./outbox";
import { acceptInvitation, authenticate, createReportingLine, endReportingLine, invitePerson, listPeople } from "./users";

// People management is the org admin's alone: the pair's own manager is refused too.
const NON_ADMINS = [
  ["a report", "report9@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
  ["the report's own manager", "manager@demo.test"],
] as const;
const BASE_URL = "https://between-us.test";
const NEW_PASSWORD = "a long enough passphrase";

describe("people, invitations and reporting lines", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  const lineOf = async (reportId: string) => (await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, reportId)))[0];
  let otherAdmin: Actor;
  let token = "";
  let newcomerId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report10"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    const [org] = await t.db.insert(organizations).values({ name: "Elsewhere Ltd" }).returning();
    await t.db.insert(users).values({ orgId: org.id, email: "boss@elsewhere.test", name: "Other Admin", orgRole: "admin" });
    otherAdmin = await actorOf(t.db, "boss@elsewhere.test");
  });

  it("signs in with the right password, whatever the letter case of the address", async () => {
    expect(await authenticate("Manager@Demo.TEST ", DEMO_PASSWORD)).toEqual({ id: who.manager.id, email: "manager@demo.test", name: "Priya Raman" });
  });

  it("refuses a wrong password, an unknown address and an account without a password alike", async () => {
    expect(await authenticate("manager@demo.test", "wrong password")).toBeNull();
    expect(await authenticate("nobody@demo.test", DEMO_PASSWORD)).toBeNull();
    expect(await authenticate("boss@elsewhere.test", "")).toBeNull();
  });

  it("lists the organization's people and current lines to the admin only", async () => {
    const { people, lines, pending } = await listPeople(who.admin);
    expect(people).toHaveLength(13);
    expect(people.map((p) => p.email)).not.toContain("boss@elsewhere.test");
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.current)).toBe(true);
    expect(pending).toEqual([]);
    await expect(listPeople(who.manager)).rejects.toMatchObject({ code: "forbidden" });
  });

  it.each(NON_ADMINS)("refuses %s inviting someone, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => invitePerson(actor, inviteSchema.parse({ email: "x@demo.test", name: "X" }), BASE_URL), "forbidden");
  });

  it("refuses to invite an address that already has an account, changing nothing", async () => {
    const input = inviteSchema.parse({ email: " REPORT1@demo.test", name: "Again" });
    const error = await expectRefusedUnchanged(t.db, () => invitePerson(who.admin, input, BASE_URL), "invalid");
    expect(error.fieldErrors?.email).toBeDefined();
  });

  it("lets the admin invite someone, recording the invitation and a mail with a sign-up link for the invitee", async () => {
    const { link } = await invitePerson(who.admin, inviteSchema.parse({ email: "New.Person@Demo.test", name: "Nia Newcomer" }), BASE_URL);
    const [inv] = await t.db.select().from(invitations);
    expect(inv).toMatchObject({ email: "new.person@demo.test", name: "Nia Newcomer", orgRole: "member", invitedBy: who.admin.id, acceptedAt: null });
    // Without SMTP the inviting admin gets the link once, in the answer, to hand it over.
    token = /\/invite\/([\w-]+)$/.exec(link!)![1];
    expect(link).toBe(`${BASE_URL}/invite/${token}`);
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.toAddress, "new.person@demo.test"));
    expect(mail).toMatchObject({ kind: "invitation", recipientId: null, subject: "Grace Whitfield invited you to Between Us", invitationId: inv.id });
    // The stored mail keeps a placeholder: delivery through SMTP mints the token (lib/server/mail-links.ts).
    expect(mail.body).toContain(`${BASE_URL}/invite/{{one-time-token}}`);
    expect(mail.body).not.toContain(token);
    expect(inv.tokenHash).not.toContain(token);
    expect((await listPeople(who.admin)).pending.map((p) => p.email)).toEqual(["new.person@demo.test"]);
  });

  it("shows the admin the invitation's delivery record, never its subject, body or link", async () => {
    const listed = await listOutbox(who.admin);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toEqual({ id: expect.any(String), kind: "invitation", toAddress: "new.person@demo.test", createdAt: expect.any(Date), status: "in_app" });
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it("shows the outbox to the admin of the organization only", async () => {
    await expect(listOutbox(who.manager)).rejects.toMatchObject({ code: "forbidden" });
    expect(await listOutbox(otherAdmin)).toEqual([]);
  });

  it("refuses an unknown invitation token, changing nothing", async () => {
    await expectRefusedUnchanged(
      t.db,
      () => acceptInvitation({ token: "x".repeat(43), name: "Mallory", password: NEW_PASSWORD, confirm: NEW_PASSWORD }),
      "not_found",
    );
  });

  it("creates the account when the invitation is accepted, and lets the newcomer sign in", async () => {
    const user = await acceptInvitation({ token, name: "Nia N.", password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(user.email).toBe("new.person@demo.test");
    newcomerId = user.id;
    const newcomer = await actorOf(t.db, "new.person@demo.test");
    expect(newcomer).toMatchObject({ orgId: who.admin.orgId, orgRole: "member", name: "Nia N." });
    expect(await authenticate("new.person@demo.test", NEW_PASSWORD)).toMatchObject({ id: user.id });
    expect((await listPeople(who.admin)).pending).toEqual([]);
  });

  it("refuses to accept the same invitation twice, changing nothing", async () => {
    await expectRefusedUnchanged(t.db, () => acceptInvitation({ token, name: "Twice", password: NEW_PASSWORD, confirm: NEW_PASSWORD }), "not_found");
  });

  it.each(NON_ADMINS)("refuses %s creating a reporting line, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(
      t.db,
      () => createReportingLine(actor, { managerId: who.manager.id, reportId: newcomerId, activeFrom: utcDay(0) }),
      "forbidden",
    );
  });

  it("refuses a second current manager for a report, changing nothing", async () => {
    const input = { managerId: who.manager2.id, reportId: who.report1.id, activeFrom: utcDay(0) };
    const error = await expectRefusedUnchanged(t.db, () => createReportingLine(who.admin, input), "invalid");
    expect(error.fieldErrors?.reportId).toEqual(["This person has a manager on that date. End that line first, or start this one later."]);
  });

  it("refuses a new line that starts before the report's current line ends, changing nothing", async () => {
    const [line] = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, who.report10.id));
    await endReportingLine(who.admin, { lineId: line.id, activeTo: utcDay(30) });
    const input = { managerId: who.manager.id, reportId: who.report10.id, activeFrom: utcDay(0) };
    await expectRefusedUnchanged(t.db, () => createReportingLine(who.admin, input), "invalid");
  });

  it("refuses a line with someone outside the organization, changing nothing", async () => {
    const input = { managerId: otherAdmin.id, reportId: newcomerId, activeFrom: utcDay(0) };
    await expectRefusedUnchanged(t.db, () => createReportingLine(who.admin, input), "invalid");
    await expectRefusedUnchanged(t.db, () => createReportingLine(otherAdmin, { ...input, managerId: who.manager.id }), "invalid");
  });

  it("lets the admin create a reporting line", async () => {
    const { id } = await createReportingLine(who.admin, { managerId: who.manager2.id, reportId: newcomerId, activeFrom: utcDay(0) });
    expect(await lineOf(newcomerId)).toMatchObject({ id, orgId: who.admin.orgId, managerId: who.manager2.id, activeFrom: utcDay(0), activeTo: null });
  });

  it.each(NON_ADMINS)("refuses %s ending a reporting line, changing nothing", async (_, email) => {
    const actor = await as(email);
    const line = await lineOf(who.report1.id);
    await expectRefusedUnchanged(t.db, () => endReportingLine(actor, { lineId: line.id, activeTo: utcDay(0) }), "forbidden");
  });

  it("refuses the admin of another organization ending a line, changing nothing", async () => {
    const line = await lineOf(who.report1.id);
    await expectRefusedUnchanged(t.db, () => endReportingLine(otherAdmin, { lineId: line.id, activeTo: utcDay(0) }), "not_found");
  });

  it("refuses an end date before the line's start, changing nothing", async () => {
    const line = await lineOf(who.report1.id);
    const error = await expectRefusedUnchanged(t.db, () => endReportingLine(who.admin, { lineId: line.id, activeTo: utcDay(-1) }), "invalid");
    expect(error.fieldErrors?.activeTo).toBeDefined();
  });

  it("lets the admin end a line, after which it is no longer current and cannot be ended again", async () => {
    const line = await lineOf(who.report1.id);
    await endReportingLine(who.admin, { lineId: line.id, activeTo: utcDay(0) });
    expect(await lineOf(who.report1.id)).toMatchObject({ id: line.id, activeTo: utcDay(0) });
    const listed = (await listPeople(who.admin)).lines.find((l) => l.id === line.id);
    expect(listed?.current).toBe(false);
    await expectRefusedUnchanged(t.db, () => endReportingLine(who.admin, { lineId: line.id, activeTo: utcDay(1) }), "invalid");
  });
});
