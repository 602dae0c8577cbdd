import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { invitations, organizations, outbox, reportingLines, users } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import type { Actor } from "@/lib/policy";
import { parsePeopleCsv } from "@/lib/validation/people-import";
import { naughtyStrings } from "@/test/corpus";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { utcDay } from "@/test/fixtures";
import { confirmImport, type PlannedRow, previewImport } from "./people-import";
import { inviteSchema } from "@/lib/validation/people";
import { acceptInvitation, authenticate, invitePerson } from "./users";

const BASE_URL = "https://between-us.test";
const HEADER = "email,name,manager_email,role";
const csv = (...lines: string[]) => [HEADER, ...lines].join("\n");
const NON_ADMINS = [
  ["a report", "report9@demo.test"],
  ["a manager", "manager@demo.test"],
] as const;

describe("importing people and reporting lines from a CSV", { timeout: 120_000 }, () => {
  const t = useTestDatabase();
  let admin: Actor;
  let otherAdmin: Actor;

  async function preview(actor: Actor, text: string) {
    const screen = await previewImport(actor, { csv: text });
    if (!screen.ok) throw new Error(`expected a preview, got: ${screen.error}`);
    return screen;
  }
  const byEmail = (rows: PlannedRow[], email: string) => rows.find((r) => r.email === email)!;
  const userByEmail = async (email: string) => (await t.db.select().from(users).where(eq(users.email, email)))[0];
  const currentManagerOf = async (email: string) => {
    const person = await userByEmail(email);
    const [line] = await t.db
      .select({ managerId: reportingLines.managerId })
      .from(reportingLines)
      .where(and(eq(reportingLines.reportId, person.id), isNull(reportingLines.activeTo)));
    return line ? (await t.db.select({ email: users.email }).from(users).where(eq(users.id, line.managerId)))[0].email : null;
  };

  beforeAll(async () => {
    admin = await actorOf(t.db, "admin@demo.test");
    const [org] = await t.db.insert(organizations).values({ name: "Elsewhere Ltd" }).returning();
    await t.db.insert(users).values({ orgId: org.id, email: "boss@elsewhere.test", name: "Other Admin", orgRole: "admin" });
    otherAdmin = await actorOf(t.db, "boss@elsewhere.test");
  });

  const FIRST = csv(
    "new.lead@demo.test,Nia Lead,manager@demo.test,member",
    "new.hire@demo.test,Noor Hire,new.lead@demo.test,",
    "report1@demo.test,Renamed Report,manager2@demo.test,",
    "report2@demo.test,Sam Lee,manager@demo.test,member",
  );

  it("previews what each row would do, and writes nothing", async () => {
    const before = await dumpAll(t.db);
    const screen = await preview(admin, FIRST);
    expect(await dumpAll(t.db)).toEqual(before);
    expect(screen.errorCount).toBe(0);
    expect(screen.totalRows).toBe(4);
    expect(byEmail(screen.rows, "new.lead@demo.test")).toMatchObject({
      person: "create",
      lineChange: "add",
      role: "member",
      managerEmail: "manager@demo.test",
    });
    expect(byEmail(screen.rows, "new.hire@demo.test")).toMatchObject({ person: "create", lineChange: "add", role: "member" });
    const report1 = byEmail(screen.rows, "report1@demo.test");
    expect(report1.person).toBe("update");
    expect(report1.lineChange).toBe("change");
    expect(report1.before).toEqual({ name: expect.any(String), managerEmail: "manager@demo.test" });
    const report2 = byEmail(screen.rows, "report2@demo.test");
    expect(report2.lineChange).toBe("unchanged");
    expect(screen.counts).toEqual({
      create: 2,
      update: report2.person === "update" ? 2 : 1,
      unchanged: report2.person === "update" ? 0 : 1,
      linesAdded: 2,
      linesChanged: 1,
    });
  });

  it("confirming writes all of it in one go: people, invitations, their mail and the reporting lines", async () => {
    const screen = await preview(admin, FIRST);
    const outcome = await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
    expect(outcome).toMatchObject({ created: 2, linesAdded: 2, linesChanged: 1 });
    // Without SMTP the links come back once, to the importing admin, as with a single invitation.
    expect(outcome.links.map((l) => l.email).sort()).toEqual(["new.hire@demo.test", "new.lead@demo.test"]);
    expect(outcome.links.every((l) => l.link.startsWith(`${BASE_URL}/invite/`))).toBe(true);

    const lead = await userByEmail("new.lead@demo.test");
    expect(lead).toMatchObject({ name: "Nia Lead", orgRole: "member", orgId: admin.orgId, active: true, passwordHash: null });
    expect(await currentManagerOf("new.lead@demo.test")).toBe("manager@demo.test");
    expect(await currentManagerOf("new.hire@demo.test")).toBe("new.lead@demo.test");
    expect(await currentManagerOf("report1@demo.test")).toBe("manager2@demo.test");
    expect((await userByEmail("report1@demo.test")).name).toBe("Renamed Report");
    // The old line ended today rather than being rewritten: its history stays.
    const report1 = await userByEmail("report1@demo.test");
    const ended = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, report1.id));
    expect(ended.map((l) => l.activeTo).sort()).toEqual([utcDay(0), null]);

    const invited = await t.db.select().from(invitations).where(eq(invitations.email, "new.hire@demo.test"));
    expect(invited).toHaveLength(1);
    expect(invited[0]).toMatchObject({ orgId: admin.orgId, invitedBy: admin.id, acceptedAt: null });
    const mails = await t.db.select().from(outbox).where(eq(outbox.toAddress, "new.hire@demo.test"));
    expect(mails.map((m) => [m.kind, m.subject])).toEqual([["invitation", "Grace Whitfield invited you to Between Us"]]);
  });

  it("re-running the same file changes nothing", async () => {
    const screen = await preview(admin, FIRST);
    expect(screen.errorCount).toBe(0);
    expect(screen.rows.every((r) => r.person === "unchanged" && (r.lineChange === "unchanged" || r.lineChange === "none"))).toBe(true);
    expect(screen.counts).toEqual({ create: 0, update: 0, unchanged: 4, linesAdded: 0, linesChanged: 0 });
    const before = await dumpAll(t.db);
    const outcome = await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
    expect(outcome).toMatchObject({ created: 0, updated: 0, linesAdded: 0, linesChanged: 0, links: [] });
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("an imported person completes their account through the invitation, keeping their manager", async () => {
    const [screen] = [await preview(admin, csv("joiner@demo.test,Jo Iner,manager@demo.test,"))];
    const { links } = await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
    const token = links[0].link.split("/invite/")[1];
    const before = await userByEmail("joiner@demo.test");
    const user = await acceptInvitation({ token, name: "Jo Iner", password: "a long enough passphrase", confirm: "a long enough passphrase" });
    expect(user.id).toBe(before.id);
    expect(await authenticate("joiner@demo.test", "a long enough passphrase")).toMatchObject({ id: before.id });
    expect(await currentManagerOf("joiner@demo.test")).toBe("manager@demo.test");
  });

  it("an imported person who has not signed up yet may be invited again, by a link to them only; someone with a password may not", async () => {
    const screen = await preview(admin, csv("slow.starter@demo.test,Slow Starter,,"));
    await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
    const again = await invitePerson(admin, inviteSchema.parse({ email: "slow.starter@demo.test", name: "Slow Starter" }), BASE_URL);
    expect(again.link).toBeNull();
    expect(await t.db.select().from(invitations).where(eq(invitations.email, "slow.starter@demo.test"))).toHaveLength(2);
    await expect(invitePerson(admin, inviteSchema.parse({ email: "joiner@demo.test", name: "Jo Iner" }), BASE_URL)).rejects.toMatchObject({ code: "invalid" });
  });

  it("with SMTP, queues each invitation for the mail worker in the same transaction instead of sending it during the request", async () => {
    vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:9");
    resetEnvForTests();
    try {
      const screen = await preview(admin, csv("mailed.one@demo.test,Mailed One,,", "mailed.two@demo.test,Mailed Two,,"));
      const outcome = await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
      // With SMTP the links travel by mail only.
      expect(outcome).toMatchObject({ created: 2, links: [] });
      const mails = await t.db
        .select()
        .from(outbox)
        .where(inArray(outbox.toAddress, ["mailed.one@demo.test", "mailed.two@demo.test"]));
      expect(mails.map((m) => [m.transport, m.sentAt, m.failedAt])).toEqual([
        ["smtp", null, null],
        ["smtp", null, null],
      ]);
      const jobs = await t.db.execute<{ outbox_id: string }>(sql`select data->>'outboxId' as outbox_id from pgboss.job where name = 'mail-delivery'`);
      const queued = (jobs as unknown as { rows?: { outbox_id: string }[] }).rows ?? (jobs as unknown as { outbox_id: string }[]);
      expect(queued.map((j) => j.outbox_id).sort()).toEqual(mails.map((m) => m.id).sort());
    } finally {
      vi.unstubAllEnvs();
      resetEnvForTests();
    }
  });

  it("marks a manager who is neither in the file nor in the organization, or is in another one", async () => {
    const screen = await preview(admin, csv("orphan@demo.test,Or Phan,ghost@demo.test,", "stray@demo.test,St Ray,boss@elsewhere.test,"));
    expect(byEmail(screen.rows, "orphan@demo.test").errors).toEqual(["The manager ghost@demo.test is neither in this file nor in your organization."]);
    expect(byEmail(screen.rows, "stray@demo.test").errors).toEqual(["The manager boss@elsewhere.test is neither in this file nor in your organization."]);
  });

  it("marks an address that belongs to another organization's account", async () => {
    const screen = await preview(admin, csv("boss@elsewhere.test,Other Admin,,"));
    expect(screen.rows[0].errors).toEqual(["Someone with this email address already has an account in another organization."]);
  });

  it("marks reporting lines that would go in a circle, in the file or with the organization's lines", async () => {
    const inFile = await preview(admin, csv("ann@demo.test,Ann,ben@demo.test,", "ben@demo.test,Ben,cal@demo.test,", "cal@demo.test,Cal,ann@demo.test,"));
    expect(inFile.rows.map((r) => r.errors)).toEqual([
      ["Reporting lines would go in a circle: ann@demo.test → ben@demo.test → cal@demo.test → ann@demo.test."],
      ["Reporting lines would go in a circle: ben@demo.test → cal@demo.test → ann@demo.test → ben@demo.test."],
      ["Reporting lines would go in a circle: cal@demo.test → ann@demo.test → ben@demo.test → cal@demo.test."],
    ]);
    // report3 reports to manager today: making manager report to report3 closes a circle.
    const withOrg = await preview(admin, csv("manager@demo.test,Priya Raman,report3@demo.test,"));
    expect(withOrg.rows[0].errors).toEqual(["Reporting lines would go in a circle: manager@demo.test → report3@demo.test → manager@demo.test."]);
  });

  it("marks a deactivated person and a deactivated manager", async () => {
    await t.db.insert(users).values({ orgId: admin.orgId, email: "gone@demo.test", name: "Gone", active: false });
    const screen = await preview(admin, csv("gone@demo.test,Gone,,", "fresh@demo.test,Fresh,gone@demo.test,"));
    expect(byEmail(screen.rows, "gone@demo.test").errors).toEqual(["This person is deactivated: reactivate them first, or leave them out of the file."]);
    expect(byEmail(screen.rows, "fresh@demo.test").errors).toEqual(["The manager gone@demo.test is deactivated."]);
  });

  it("keeps at least one active admin", async () => {
    const screen = await preview(admin, csv("admin@demo.test,Grace Whitfield,,member"));
    expect(screen.rows[0].errors).toEqual(["The organization needs at least one active admin: keep this person an admin, or make someone else one."]);
    const withNewAdmin = await preview(admin, csv("admin@demo.test,Grace Whitfield,,member", "new.admin@demo.test,New Admin,,admin"));
    expect(withNewAdmin.errorCount).toBe(0);
  });

  it("a bad row anywhere writes nothing, not even the good rows", async () => {
    const text = csv("good1@demo.test,Good One,manager@demo.test,", "good2@demo.test,Good Two,,", "bad@demo,Bad,,");
    const screen = await preview(admin, text);
    expect(screen.errorCount).toBe(1);
    expect(screen.rows[0]).toMatchObject({ email: "bad@demo", errors: ["Email: Enter a valid email address."] });
    const error = await expectRefusedUnchanged(t.db, () => confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL), "invalid");
    expect(error.message).toBe("1 row has errors; nothing was imported. Preview the file again.");
  });

  it("refuses a file the server cannot read as a whole, writing nothing", async () => {
    expect(await previewImport(admin, { csv: "name\nNobody" })).toEqual({ ok: false, error: expect.stringMatching(/It lacks email\.$/) });
    await expectRefusedUnchanged(t.db, () => confirmImport(admin, { text: "name\nNobody", planHash: "0".repeat(64) }, BASE_URL), "invalid");
  });

  it("refuses to apply a plan that is not the one previewed (the organization or the text changed since)", async () => {
    const screen = await preview(admin, csv("late@demo.test,Late Comer,manager@demo.test,"));
    await expectRefusedUnchanged(t.db, () => confirmImport(admin, { text: screen.text, planHash: "0".repeat(64) }, BASE_URL), "conflict");
    const edited = screen.text.replace("Late Comer", "Someone Else");
    await expectRefusedUnchanged(t.db, () => confirmImport(admin, { text: edited, planHash: screen.planHash }, BASE_URL), "conflict");
    // Someone invited the same person meanwhile: the preview no longer holds.
    await t.db.insert(users).values({ orgId: admin.orgId, email: "late@demo.test", name: "Late Comer" });
    await expectRefusedUnchanged(t.db, () => confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL), "conflict");
  });

  it("refuses a file over the size limit before reading it", async () => {
    const file = new Blob(["x".repeat(512 * 1024 + 1)]);
    await expect(previewImport(admin, { file })).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringMatching(/^This file is 513 KB; an import takes up to 5,000 people/),
    });
    await expect(previewImport(admin, {})).rejects.toMatchObject({ code: "invalid", message: "Choose a CSV file or paste its text." });
  });

  it("refuses 50,000 rows with the limits in the message, writing nothing", async () => {
    const text = ["email,name", ...Array.from({ length: 50_000 }, (_, i) => `p${i}@demo.test,P`)].join("\n");
    expect(await previewImport(admin, { csv: text })).toEqual({
      ok: false,
      error: expect.stringMatching(/an import takes up to 5,000 people and 512 KB per file/),
    });
    await expectRefusedUnchanged(t.db, () => confirmImport(admin, { text, planHash: "0".repeat(64) }, BASE_URL), "invalid");
  });

  it.each(NON_ADMINS)("refuses %s, previewing or importing, changing nothing", async (_, email) => {
    const actor = await actorOf(t.db, email);
    await expectRefusedUnchanged(t.db, () => previewImport(actor, { csv: csv("x1@demo.test,X,,") }), "forbidden");
    const screen = await preview(admin, csv("x1@demo.test,X,,"));
    await expectRefusedUnchanged(t.db, () => confirmImport(actor, { text: screen.text, planHash: screen.planHash }, BASE_URL), "forbidden");
  });

  it("another organization's admin cannot reach this organization's people: they are accounts elsewhere to them", async () => {
    const screen = await preview(otherAdmin, csv("report5@demo.test,Taken Over,boss@elsewhere.test,admin"));
    expect(screen.rows[0].errors).toEqual(["Someone with this email address already has an account in another organization."]);
    await expectRefusedUnchanged(t.db, () => confirmImport(otherAdmin, { text: screen.text, planHash: screen.planHash }, BASE_URL), "invalid");
  });

  it("stores every hostile name a person could type exactly, and refuses the others on their row", async () => {
    const names = naughtyStrings();
    const text = stringify([["email", "name"], ...names.map((name, i) => [`naughty${i}@demo.test`, name])]);
    const parsed = parsePeopleCsv(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const storable = parsed.rows.filter((r) => r.errors.length === 0);
    expect(storable.length).toBeGreaterThan(400);
    const screen = await preview(admin, stringify([["email", "name"], ...storable.map((r) => [r.email, r.name])]));
    expect(screen.errorCount).toBe(0);
    await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
    const stored = new Map((await t.db.select({ email: users.email, name: users.name }).from(users)).map((u) => [u.email, u.name]));
    for (const row of storable) expect(stored.get(row.email)).toBe(row.name);
  });

  it("imports the row limit, 5,000 people with their managers, in one transaction", async () => {
    const lines = Array.from(
      { length: 5_000 },
      (_, i) => `bulk${i}@demo.test,Bulk ${i},${i === 0 ? "manager@demo.test" : `bulk${Math.floor((i - 1) / 8)}@demo.test`},`,
    );
    const started = performance.now();
    const screen = await preview(admin, csv(...lines));
    expect(screen.errorCount).toBe(0);
    expect(screen.rows).toHaveLength(500);
    const outcome = await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
    expect(outcome).toMatchObject({ created: 5_000, linesAdded: 5_000 });
    expect(await currentManagerOf("bulk4999@demo.test")).toBe(`bulk${Math.floor(4998 / 8)}@demo.test`);
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});
