import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accessLog, accountRecoveries, outbox, users } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { type Actor, systemActor } from "@/lib/policy";
import { inviteSchema } from "@/lib/validation/people";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { getAccessLogPage } from "./access-log";
import { confirmImport, previewImport } from "./people-import";
import { listMyMail, listOutbox } from "./outbox";
import { completeRecovery, findRecovery, recoverByOperator, requestRecoveryByMail } from "./recovery";
import { startSeries } from "./series";
import { acceptInvitation, authenticate, findInvitation, invitePerson, loadActor } from "./users";

const BASE_URL = "https://between-us.test";
const NEW_PASSWORD = "a fresh and long passphrase";
const recover = (token: string, now?: Date) => completeRecovery({ token, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, now);
const tokenIn = (text: string, path: "invite" | "recover") => new RegExp(`/${path}/([A-Za-z0-9_-]{43})`).exec(text)?.[1] ?? null;

/** The mail as its reader sees it, whatever transfer encoding nodemailer chose (quoted-printable here). */
const readable = (raw: string) =>
  Buffer.from(
    raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8");

describe("recovering a used account goes to the person or the operator, never an admin", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const received: { to: string[]; text: string }[] = [];
  let smtp: SMTPServer;
  let smtpUrl = "";
  const withSmtp = async <T>(run: () => Promise<T>) => {
    vi.stubEnv("SMTP_URL", smtpUrl);
    resetEnvForTests();
    try {
      return await run();
    } finally {
      vi.unstubAllEnvs();
      resetEnvForTests();
    }
  };
  const mailTo = (address: string) => received.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), text: readable(Buffer.concat(chunks).toString("utf8")) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
    for (const name of ["admin", "manager", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    // report1 is in a series with manager (and manager with report2): the pairs told of a recovery.
    await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id, who.report2.id] }));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it("the operator's command prints a working one-time link, logs it for the person and tells both people of each pair", async () => {
    const done = await recoverByOperator(systemActor("recovery"), { email: "Manager@demo.test" }, BASE_URL);
    const token = tokenIn(done.link, "recover")!;
    expect(done.link).toBe(`${BASE_URL}/recover/${token}`);
    expect(await findRecovery(token)).toEqual({ email: "manager@demo.test", name: who.manager.name });
    expect(done.told.sort()).toEqual(["manager@demo.test", "report1@demo.test", "report2@demo.test"]);

    const log = await getAccessLogPage(who.manager, { page: 1 });
    expect(log.important.map((e) => [e.kind, e.action])).toEqual([
      ["recovery", "The server's operator made a one-time link to set a new password for your account"],
    ]);
    for (const person of [who.manager, who.report1, who.report2]) {
      expect((await listMyMail(person)).filter((m) => m.kind === "account_recovered")).toHaveLength(1);
    }
    // Mail says what happened, never the link; the admin sees delivery metadata only.
    const bodies = await t.db.select({ body: outbox.body, subject: outbox.subject }).from(outbox).where(eq(outbox.kind, "account_recovered"));
    for (const b of bodies) expect(`${b.subject} ${b.body}`).not.toContain(token);
    expect(JSON.stringify(await listOutbox(who.admin))).not.toContain(token);
  });

  it("using the link sets the new password, ends every other session and works only once", async () => {
    const done = await recoverByOperator(systemActor("recovery"), { email: "report1@demo.test" }, BASE_URL);
    const token = tokenIn(done.link, "recover")!;
    const [before] = await t.db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, who.report1.id));
    expect(await loadActor(who.report1.id, before.sv)).not.toBeNull();
    await recover(token);
    expect(await authenticate("report1@demo.test", NEW_PASSWORD)).toMatchObject({ id: who.report1.id });
    expect(await loadActor(who.report1.id, before.sv)).toBeNull();
    expect(await findRecovery(token)).toBeNull();
    await expectRefusedUnchanged(t.db, () => recover(token), "not_found");
    const kinds = (await getAccessLogPage(who.report1, { page: 1 })).important.filter((e) => e.kind === "recovery");
    expect(kinds).toHaveLength(2);
  });

  it("a link that has expired sets nothing", async () => {
    const done = await recoverByOperator(systemActor("recovery"), { email: "report2@demo.test" }, BASE_URL);
    const token = tokenIn(done.link, "recover")!;
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    expect(await findRecovery(token, later)).toBeNull();
    await expectRefusedUnchanged(t.db, () => recover(token, later), "not_found");
  });

  it("refuses anyone but the recovery job, an unknown address and a deactivated account, writing nothing", async () => {
    for (const actor of [who.admin, systemActor("erasure"), systemActor("delivery")]) {
      await expectRefusedUnchanged(
        t.db,
        () => recoverByOperator(actor as unknown as ReturnType<typeof systemActor>, { email: "report1@demo.test" }, BASE_URL),
        "forbidden",
      );
    }
    await expectRefusedUnchanged(t.db, () => recoverByOperator(systemActor("recovery"), { email: "nobody@demo.test" }, BASE_URL), "not_found");
    await t.db.insert(users).values({ orgId: who.admin.orgId, email: "left@demo.test", name: "Left", active: false });
    await expectRefusedUnchanged(t.db, () => recoverByOperator(systemActor("recovery"), { email: "left@demo.test" }, BASE_URL), "conflict");
  });

  it("without SMTP the sign-in page's request sends nothing at all", async () => {
    const before = await t.db.select().from(accountRecoveries);
    await requestRecoveryByMail({ email: "manager@demo.test" }, BASE_URL);
    expect(await t.db.select().from(accountRecoveries)).toEqual(before);
  });

  it("with SMTP the person gets a working link by mail, while the stored mail holds none", async () => {
    await withSmtp(async () => {
      await requestRecoveryByMail({ email: "manager@demo.test" }, BASE_URL);
      await requestRecoveryByMail({ email: "nobody@demo.test" }, BASE_URL);
      // A second ask within ten minutes sends nothing more.
      await requestRecoveryByMail({ email: "manager@demo.test" }, BASE_URL);
    });
    const mails = mailTo("manager@demo.test").filter((m) => m.text.includes("/recover/"));
    expect(mails).toHaveLength(1);
    expect(mailTo("nobody@demo.test")).toEqual([]);
    const token = tokenIn(mails[0].text, "recover")!;
    expect(await findRecovery(token)).toMatchObject({ email: "manager@demo.test" });
    const [stored] = await t.db
      .select({ body: outbox.body })
      .from(outbox)
      .where(and(eq(outbox.kind, "account_recovery"), eq(outbox.toAddress, "manager@demo.test")));
    expect(stored.body).not.toContain(token);
    expect(tokenIn(stored.body, "recover")).toBeNull();
    const inbox = (await listMyMail(who.manager)).find((m) => m.kind === "account_recovery")!;
    expect(inbox.body).toContain("(the link is sent by email only)");
    await recover(token);
    expect(await authenticate("manager@demo.test", NEW_PASSWORD)).toMatchObject({ id: who.manager.id });
  });

  it("with SMTP an invitation's working link reaches only the invitee's mail, never the outbox or the admin", async () => {
    const answer = await withSmtp(() => invitePerson(who.admin, inviteSchema.parse({ email: "mailed@demo.test", name: "Mailed Person" }), BASE_URL));
    expect(answer.link).toBeNull();
    const [mail] = mailTo("mailed@demo.test");
    const token = tokenIn(mail.text, "invite")!;
    expect(await findInvitation(token)).toMatchObject({ email: "mailed@demo.test" });
    const [stored] = await t.db.select({ body: outbox.body }).from(outbox).where(eq(outbox.toAddress, "mailed@demo.test"));
    expect(stored.body).toContain(`${BASE_URL}/invite/{{one-time-token}}`);
    expect(tokenIn(stored.body, "invite")).toBeNull();
    await acceptInvitation({ token, name: "Mailed Person", password: NEW_PASSWORD, confirm: NEW_PASSWORD });
  });

  it("with SMTP a never-used imported account's new invitation goes to the person; the admin's answer has no link", async () => {
    const screen = await previewImport(who.admin, { csv: "email,name,manager_email,role\nslow@demo.test,Slow Starter,," });
    if (!screen.ok) throw new Error(screen.error);
    await confirmImport(who.admin, { text: screen.text, planHash: screen.planHash }, BASE_URL);
    const answer = await withSmtp(() => invitePerson(who.admin, inviteSchema.parse({ email: "slow@demo.test", name: "Slow Starter" }), BASE_URL));
    expect(answer).toEqual({ email: "slow@demo.test", link: null });
    const mail = mailTo("slow@demo.test").at(-1)!;
    expect(await findInvitation(tokenIn(mail.text, "invite")!)).toMatchObject({ email: "slow@demo.test" });
  });

  it("writes recovery entries into the recovered people's own access logs only", async () => {
    const entries = await t.db.select({ reportId: accessLog.reportId }).from(accessLog).where(eq(accessLog.kind, "recovery"));
    expect(new Set(entries.map((e) => e.reportId))).toEqual(new Set([who.manager.id, who.report1.id, who.report2.id]));
  });
});
