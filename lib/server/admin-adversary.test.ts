// The harness first: its test doubles must be in place before any action module loads.
import { form, isRedirect, signInAs } from "@/test/actions-harness";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { coveringAssignments, invitations, reportingLines, users } from "@/db/schema";
import { startCollabServer } from "@/lib/collab/server";
import { resetEnvForTests } from "@/lib/env";
import type { Actor } from "@/lib/policy";
import { authenticate, findInvitation, loadActor } from "@/lib/server/users";
import { credentialsIn, learnShapes, perRead, readEverything, timings, type Place, type Reading } from "@/test/channels";
import { actorOf, useTestDatabase } from "@/test/db";
import { utcDay } from "@/test/fixtures";
import { listMyMail } from "@/lib/server/outbox";
import { addTopic } from "@/lib/server/topics";
import { markerOf, markersIn, seedPairContent, type Marker, type SeededPair } from "@/test/pair-content";

/**
 * The admin is the adversary (issue 25). Before the admin acts, four pairs hold a unique marker
 * in every field they write. Then the admin plays every power the app gives them, each as an
 * ATTEMPT: a call through the real front door (server action, lib/server, the operator's
 * lib/backup, Auth.js's callbacks). A refusal is recorded and the next attempt goes on; whatever
 * an attempt returns is kept. Every credential it yields (an invitation or sign-in link in an
 * answer, in an inbox, in the outbox, in a backup) is USED as an attacker would: accepted with a
 * password of the admin's choice, then signed in with, the person's Actor built from the database
 * as lib/auth builds it. Then every channel that the admin, their puppet admin and every identity
 * they obtained can reach (test/channels.ts: every read of lib/server, the routes, the calendar
 * feeds, the collaboration socket, the mail) must hold no marker of any pair.
 *
 * Each attempt is one small function below: when a door's signature changes, only it changes.
 * A new power is a new entry in ATTEMPTS.
 */

// The operator's sign-in configuration: one OpenID Connect issuer and Google, as README describes.
const ISSUER = "https://idp.example.test";
vi.stubEnv("AUTH_OIDC_ISSUER", ISSUER);
vi.stubEnv("AUTH_OIDC_ID", "between-us");
vi.stubEnv("AUTH_OIDC_SECRET", "idp-client-secret");
vi.stubEnv("AUTH_GOOGLE_ID", "google-client");
vi.stubEnv("AUTH_GOOGLE_SECRET", "google-client-secret");
resetEnvForTests();

const t = useTestDatabase();

type Fn = (...args: unknown[]) => Promise<unknown>;
const APP = path.resolve(import.meta.dirname, "../../app");
const action = async (file: string, name: string) => ((await import(path.join(APP, `${file}.ts`))) as Record<string, Fn>)[name];
const PEOPLE = "(app)/admin/people/actions";

/** Someone whose channels are read: the admin, a puppet, an account taken over, or a person whose access ended. */
type Identity = { label: string; actor: Actor; mayRead: (m: Marker) => boolean; ownsMailbox?: boolean };
type Finding = { attempt: string; identity: string; channel: string; marker: string };
/** What an attempt returned: every answer it got, identities it obtained, and readings made elsewhere (a restored database). */
type Step = { answers: unknown[]; identities: Identity[]; readingsElsewhere?: Reading[] };
type Attempt = { name: string; run: (w: World) => Promise<Step> };

type World = {
  admin: Actor;
  puppet: Actor | null;
  pairs: Record<"A" | "B" | "C" | "D", SeededPair>;
  people: Record<string, Actor>;
  /** The links the admin was shown when the seed's import created pair B and C's people (kept, as anyone would). */
  keptLinks: string[];
  markers: Map<string, Marker>;
  /** Each account as the seed left it, and the seed's invitations: put back after every attempt (restoreAccounts). */
  accounts: { id: string; name: string; passwordHash: string | null; orgRole: "admin" | "member" }[];
  invitationIds: string[];
  collabPort: number;
  tmp: string;
};

const nobodyElse = () => false;
/** What every attempt answered, which credentials it used and what leaked: printed after the run. */
const log: string[] = [];
const password = () => `Adversary-chose ${crypto.randomUUID()}`;
const answerOf = (value: unknown) =>
  Promise.resolve(value).then(
    (v) => v,
    (error: unknown) => (isRedirect(error) ? { redirect: error.url } : { threw: String(error), details: (error as { details?: unknown })?.details ?? null }),
  );

/** Calls a server action as `actor` with form fields; the answer as the browser would get it. */
async function as(actor: Actor, file: string, name: string, fields: Record<string, string>) {
  signInAs(actor);
  try {
    return await answerOf((await action(file, name))(null, form(fields)));
  } finally {
    signInAs(null);
  }
}

/** The person's Actor as lib/auth builds it for a session: read from the database (role, org, active, session version). */
async function sessionOf(userId: string): Promise<Actor | null> {
  const t = (globalThis as { __betweenUsDb?: Promise<{ db: import("@/db/client").Db }> }).__betweenUsDb!;
  const [row] = await (await t).db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row ? loadActor(userId, row.sv) : null;
}

/** Uses one credential: an invitation link is accepted with a password of the admin's choice, then signed in with. */
async function useCredential(link: string, label: string): Promise<{ identity: Identity | null; answers: unknown[] }> {
  const token = link.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) return { identity: null, answers: [{ unusedCredential: link }] };
  const invitation = await findInvitation(token);
  if (!invitation) return { identity: null, answers: [{ link, findInvitation: null }] };
  const chosen = password();
  signInAs(null);
  const accepted = await answerOf(
    (await action("(auth)/invite/[token]/actions", "acceptInvitationAction"))(null, form({ token, name: invitation.name, password: chosen, confirm: chosen })),
  );
  const signedIn = await authenticate(invitation.email, chosen, "203.0.113.9").catch((e: unknown) => ({ refused: String(e) }));
  const actor = signedIn && "id" in signedIn ? await sessionOf(signedIn.id) : null;
  return {
    identity: actor ? { label: `${invitation.email} (${label})`, actor, mayRead: nobodyElse } : null,
    answers: [{ link, invitation }, accepted, signedIn],
  };
}

// ---- Auth.js's own callbacks (lib/auth/config.ts), captured by the harness's next-auth double.
type AuthCallbacks = {
  signIn: (p: Record<string, unknown>) => Promise<unknown>;
  jwt: (p: Record<string, unknown>) => Promise<Record<string, unknown> | null>;
  session: (p: Record<string, unknown>) => unknown;
};
async function authCallbacks(): Promise<AuthCallbacks> {
  await vi.importActual("@/lib/auth/config");
  const config = (globalThis as { __nextAuthConfig?: { callbacks: AuthCallbacks } }).__nextAuthConfig;
  if (!config) throw new Error("the harness did not capture Auth.js's configuration");
  return config.callbacks;
}
type Profile = { provider: "oidc" | "google"; iss: string; sub: string; email: string; email_verified: boolean; name: string };
/** One OpenID Connect sign-in through Auth.js's callbacks, as after the provider's redirect: the session's Actor, or null. */
async function ssoSignIn(p: Profile): Promise<{ actor: Actor | null; answers: unknown[] }> {
  const callbacks = await authCallbacks();
  const user = { id: p.sub, email: p.email, name: p.name };
  const account = { provider: p.provider, type: "oidc", providerAccountId: p.sub, id_token: "header.payload.signature" };
  const profile = { iss: p.iss, sub: p.sub, aud: "between-us", email: p.email, email_verified: p.email_verified, name: p.name };
  const allowed = await answerOf(callbacks.signIn({ user, account, profile }));
  if (allowed !== true) return { actor: null, answers: [allowed] };
  const token = await answerOf(callbacks.jwt({ token: { sub: p.sub, email: p.email, name: p.name }, user, account, profile, trigger: "signIn" }));
  const uid = (token as { uid?: unknown } | null)?.uid;
  if (typeof uid !== "string") return { actor: null, answers: [allowed, token] };
  const session = (await callbacks.session({ session: { user: {}, expires: "" }, token })) as { user: { id: string }; sv?: number };
  return { actor: await loadActor(session.user.id, session.sv ?? 0), answers: [allowed, token] };
}

// ---- The operator's tools (scripts/backup.ts, restore.ts run these).
function sourceDatabase(): import("@/lib/backup").Database {
  const client = (t.db as unknown as { $client: PGlite | { options: { host: string[]; port: number[]; database: string } } }).$client;
  if (process.env.TEST_DB !== "postgres") return { kind: "pglite", pg: client as PGlite };
  const o = (client as { options: { host: string[]; port: number[]; database: string } }).options;
  const url = new URL(process.env.DATABASE_URL!);
  url.hostname = o.host[0]!;
  url.port = String(o.port[0]);
  url.pathname = `/${o.database}`;
  return { kind: "postgres", url: url.toString() };
}

/** A reporting line from `days` ago: the admin may date a line in the past. */
const lineFor = (admin: Actor, managerId: string, reportId: string, days: number) =>
  as(admin, PEOPLE, "createLineAction", { managerId, reportId, activeFrom: utcDay(-days) });

async function freshMember(w: World, label: string): Promise<Actor> {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@demo.test`;
  const [row] = await t.db
    .insert(users)
    .values({ orgId: w.admin.orgId, email, name: `Member ${label}` })
    .returning({ id: users.id });
  return (await sessionOf(row.id))!;
}

/**
 * Every attempt starts from the accounts as the seed left them: a password an earlier attempt set
 * by taking an account over, a role it gave, is put back, and the seed's invitations are pending
 * again. Otherwise the first attempt that takes an account would hide every later one.
 */
async function restoreAccounts(w: World) {
  for (const a of w.accounts) await t.db.update(users).set({ name: a.name, passwordHash: a.passwordHash, orgRole: a.orgRole }).where(eq(users.id, a.id));
  await t.db.update(invitations).set({ acceptedAt: null }).where(inArray(invitations.id, w.invitationIds));
}

/** Covering assignments an attempt made are withdrawn afterwards, so that the next attempt is judged on its own. */
async function dropCoveringsBy(ids: string[]) {
  for (const id of ids) await t.db.delete(coveringAssignments).where(eq(coveringAssignments.createdBy, id));
}

async function invite(w: World, by: Actor, email: string, name: string, orgRole = "member"): Promise<Step> {
  const answer = await as(by, PEOPLE, "inviteAction", { email, name, orgRole });
  return { answers: [answer], identities: [] };
}

const reinvite = (who: (w: World) => Actor) => async (w: World) => {
  const person = who(w);
  return invite(w, w.admin, person.email, person.name);
};

/** The puppet admin names `person` covering manager of pair A for 30 days from today. */
async function coverPairA(w: World, by: Actor, person: Actor) {
  return as(by, "(app)/series/[seriesId]/covering-actions", "assignCoveringAction", {
    seriesId: w.pairs.A.seriesId,
    coveringManagerId: person.id,
    startsOn: utcDay(0),
    endsOn: utcDay(30),
  });
}

async function importCsv(w: World, by: Actor, csv: string) {
  const preview = (await as(by, "(app)/admin/people/import-actions", "previewImportAction", { csv })) as {
    ok: boolean;
    data?: { text: string; planHash: string };
  };
  if (!preview.ok || !preview.data) return [preview];
  const confirmed = await as(by, "(app)/admin/people/import-actions", "confirmImportAction", { csv: preview.data.text, planHash: preview.data.planHash });
  return [preview, confirmed];
}

const lineOf = async (reportId: string) =>
  (
    await t.db
      .select({ id: reportingLines.id })
      .from(reportingLines)
      .where(sql`${reportingLines.reportId} = ${reportId} and ${reportingLines.activeTo} is null`)
  )[0]?.id;

// ---- The attempts, in the order an admin would try them. Destructive ones (ending lines, deactivating, erasing) come last.
const ATTEMPTS: Attempt[] = [
  {
    name: "invite a new member and accept the link shown in the answer",
    run: (w) => invite(w, w.admin, `newcomer-${crypto.randomUUID().slice(0, 6)}@demo.test`, "Nia Newcomer"),
  },
  {
    name: "invite a puppet admin, accept its link and act through it",
    run: async (w) => {
      const step = await invite(w, w.admin, `puppet-${crypto.randomUUID().slice(0, 6)}@demo.test`, "Pat Puppet", "admin");
      return step;
    },
  },
  { name: "re-invite pair A's report (has a password)", run: reinvite((w) => w.pairs.A.report) },
  { name: "re-invite pair B's report (signs in only through OpenID Connect)", run: reinvite((w) => w.pairs.B.report) },
  { name: "re-invite pair B's manager (signs in only through OpenID Connect)", run: reinvite((w) => w.pairs.B.manager) },
  { name: "re-invite pair C's report (imported, never signed in, part of a series)", run: reinvite((w) => w.pairs.C.report) },
  {
    name: "re-invite pair A's manager through the puppet admin",
    run: async (w) => (w.puppet ? invite(w, w.puppet, w.pairs.A.manager.email, "Priya") : { answers: ["no puppet"], identities: [] }),
  },
  {
    name: "use the invitation links kept from the import that created pair B and C's people",
    run: async (w) => ({ answers: w.keptLinks.map((link) => ({ kept: link })), identities: [] }),
  },
  {
    name: "import a CSV with a new admin and with pair A's report given the role admin",
    run: async (w) => ({
      answers: await importCsv(
        w,
        w.admin,
        `email,name,manager_email,role\nimported-admin-${crypto.randomUUID().slice(0, 6)}@demo.test,Imported Admin,,admin\n${w.pairs.A.report.email},${w.pairs.A.report.name},${w.pairs.A.manager.email},admin\n`,
      ),
      identities: [],
    }),
  },
  {
    name: "the admin names themselves covering manager of pair A (after a backdated line of their own)",
    run: async (w) => {
      const intern = await freshMember(w, "admins-intern");
      const answers = [await lineFor(w.admin, w.admin.id, intern.id, 60), await coverPairA(w, w.admin, w.admin)];
      return { answers, identities: [] };
    },
  },
  {
    name: "the puppet admin names the admin covering manager of pair A",
    run: async (w) => {
      if (!w.puppet) return { answers: ["no puppet"], identities: [] };
      return { answers: [await coverPairA(w, w.puppet, w.admin)], identities: [] };
    },
  },
  {
    name: "the admin names the puppet (given a backdated line of its own) covering manager of pair A",
    run: async (w) => {
      if (!w.puppet) return { answers: ["no puppet"], identities: [] };
      const intern = await freshMember(w, "puppets-intern");
      return { answers: [await lineFor(w.admin, w.puppet.id, intern.id, 60), await coverPairA(w, w.admin, w.puppet)], identities: [] };
    },
  },
  {
    name: "the admin makes themselves pair A's manager's manager, marks her on leave, then names the puppet to cover her series",
    run: async (w) => {
      const manager = w.pairs.A.manager;
      const answers: unknown[] = [await lineFor(w.admin, w.admin.id, manager.id, 60)];
      answers.push(
        await as(w.admin, "(app)/team/leave-actions", "markLeaveAction", {
          personId: manager.id,
          startsOn: utcDay(0),
          endsOn: utcDay(14),
          coveringManagerId: "",
          keepMeetings: "false",
          confirm: "true",
        }),
      );
      if (w.puppet) answers.push(await coverPairA(w, w.admin, w.puppet));
      return { answers, identities: [] };
    },
  },
  {
    name: "change the org's settings: themes threshold 3, note retention 1 day, support resources",
    run: async (w) => ({
      answers: [
        await as(w.admin, "(app)/privacy/actions", "setThemeThresholdAction", { threshold: "3" }),
        await as(w.admin, "(app)/admin/people/leaver-actions", "setNoteRetentionAction", { days: "1" }),
        await as(w.admin, PEOPLE, "setSupportResourcesAction", { supportText: "Call us.", supportUrl: "https://help.acme-people.dev/assistance" }),
      ],
      identities: [],
    }),
  },
  {
    name: "sign in through OpenID Connect with pair B's report's address, email not verified",
    run: (w) => sso(w, { provider: "oidc", iss: ISSUER, sub: "attacker-unverified", email: w.pairs.B.report.email, email_verified: false, name: "x" }),
  },
  {
    name: "sign in through another configured issuer (Google) with pair B's report's verified address",
    run: (w) =>
      sso(w, {
        provider: "google",
        iss: "https://accounts.google.com",
        sub: "attacker-google",
        email: w.pairs.B.report.email,
        email_verified: true,
        name: "x",
      }),
  },
  {
    name: "sign in through the configured issuer with pair B's manager's verified address and another subject",
    run: (w) => sso(w, { provider: "oidc", iss: ISSUER, sub: "attacker-subject", email: w.pairs.B.manager.email, email_verified: true, name: "x" }),
  },
  {
    name: "as the operator, take a backup and use every credential in it",
    run: async (w) => {
      const { backup, configuredBackupKey } = await import("@/lib/backup");
      const { readArchive } = await import("@/lib/backup/archive");
      const key = configuredBackupKey();
      const made = await answerOf(backup(sourceDatabase(), { file: path.join(w.tmp, "plain.tar.gz"), key }));
      if (!(made as { file?: string }).file) return { answers: [made], identities: [] };
      const { tables } = await readArchive((made as { file: string }).file, key);
      const dump = Object.values(tables)
        .map((t) => t.data.toString("utf8"))
        .join("\n");
      // The archive holds every row in clear (docs/SECURITY.md, known gaps): the operator holds the
      // database anyway. What counts here is what it hands over: working credentials.
      return { answers: credentialsIn(dump).map((link) => ({ inBackup: link })), identities: [] };
    },
  },
  {
    name: "as the operator, restore a tampered backup whose trigger copies new topics into the admin's inbox",
    run: (w) => tamperedRestore(w),
  },
  {
    name: "end pair D's reporting line and make the admin the report's manager",
    run: async (w) => {
      const report = w.pairs.D.report;
      const answers = [await as(w.admin, PEOPLE, "endLineAction", { lineId: (await lineOf(report.id)) ?? "", activeTo: utcDay(0) })];
      answers.push(await lineFor(w.admin, w.admin.id, report.id, 0));
      answers.push(await as(w.admin, "(app)/team/actions", "startSeriesAction", { ...seriesFields(), reportIds: report.id }));
      return { answers, identities: [] };
    },
  },
  {
    name: "import a CSV that gives pair C's report the admin as manager",
    run: async (w) => ({
      answers: await importCsv(w, w.admin, `email,name,manager_email\n${w.pairs.C.report.email},${w.pairs.C.report.name},${w.admin.email}\n`),
      identities: [],
    }),
  },
  {
    name: "deactivate pair A's manager, name the puppet covering manager of her series, reactivate her",
    run: async (w) => {
      const manager = w.pairs.A.manager;
      const answers = [await as(w.admin, PEOPLE, "setActiveAction", { userId: manager.id, active: "false" })];
      if (w.puppet) answers.push(await coverPairA(w, w.admin, w.puppet));
      answers.push(await as(w.admin, PEOPLE, "setActiveAction", { userId: manager.id, active: "true" }));
      return { answers, identities: [] };
    },
  },
  {
    name: "deactivate and reactivate pair B's manager",
    run: async (w) => ({
      answers: [
        await as(w.admin, PEOPLE, "setActiveAction", { userId: w.pairs.B.manager.id, active: "false" }),
        await as(w.admin, PEOPLE, "setActiveAction", { userId: w.pairs.B.manager.id, active: "true" }),
      ],
      identities: [],
    }),
  },
  {
    name: "erase pair D's report (dry run, then for real) and invite their address again",
    run: async (w) => {
      const report = w.pairs.D.report;
      const answers = [
        await as(w.admin, "(app)/admin/people/leaver-actions", "eraseAction", { userId: report.id, dryRun: "true" }),
        await as(w.admin, PEOPLE, "setActiveAction", { userId: report.id, active: "false" }),
        await as(w.admin, "(app)/admin/people/leaver-actions", "eraseAction", { userId: report.id, confirmEmail: report.email, dryRun: "false" }),
      ];
      answers.push(...(await invite(w, w.admin, report.email, "Lena Again")).answers);
      return { answers, identities: [] };
    },
  },
];

const seriesFields = () => ({
  cadence: "weekly",
  weekday: "2",
  startTime: "09:00",
  durationMinutes: "30",
  timeZone: "Europe/Berlin",
  format: "structured",
  startDate: utcDay(7),
  templateId: "",
});

async function sso(w: World, p: Profile): Promise<Step> {
  const { actor, answers } = await ssoSignIn(p);
  return { answers, identities: actor ? [{ label: `${actor.email} (OpenID Connect as ${p.sub})`, actor, mayRead: nobodyElse }] : [] };
}

/**
 * The tampered archive: the backup's tar with a dump.sql that adds a trigger copying every new
 * topic into the admin's inbox, its manifest listing it. Made twice: compressed again as any tool
 * would (the admin, who has no backup key), and sealed again with the key (an operator who holds
 * it). Restored as the operator would (a new PGlite folder, then the app opens it); then pair A's
 * report adds a topic, and the admin's channels are read on the restored database.
 */
async function tamperedRestore(w: World): Promise<Step> {
  const { backup, configuredBackupKey, restoreToPgliteDir } = await import("@/lib/backup");
  const { seal, unseal } = await import("@/lib/backup/archive");
  const { openDb } = await import("@/db/client");
  const zlib = await import("node:zlib");
  const tar = (await import("tar-stream")).default;
  const key = configuredBackupKey();
  const made = await backup(sourceDatabase(), { file: path.join(w.tmp, "to-tamper.tar.gz"), key });
  const trigger = `
CREATE FUNCTION public.copy_topic() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO public.outbox (org_id, kind, recipient_id, to_address, subject, body, transport)
  VALUES ('${w.admin.orgId}', 'topic_digest', '${w.admin.id}', '${w.admin.email}', 'New topic', NEW.text, 'inbox');
  RETURN NEW; END $$;
CREATE TRIGGER copy_topic AFTER INSERT ON public.topics FOR EACH ROW EXECUTE FUNCTION public.copy_topic();
`;
  const entries = new Map<string, Buffer>();
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => chunks.push(c as Buffer));
    stream.on("end", () => {
      entries.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  const extracted = new Promise<void>((resolve, reject) => extract.on("finish", () => resolve()).on("error", reject));
  extract.end(unseal(made.file, fs.readFileSync(made.file), key));
  await extracted;
  const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as Record<string, unknown>;
  entries.set("dump.sql", Buffer.from(trigger));
  entries.set("manifest.json", Buffer.from(JSON.stringify({ ...manifest, dump: { file: "dump.sql", bytes: Buffer.byteLength(trigger) } })));
  const pack = tar.pack();
  for (const [name, content] of entries) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const payload = Buffer.concat(chunks);
  const answers: unknown[] = [];
  for (const [name, bytes] of [
    ["tampered-without-key.tar.gz", zlib.gzipSync(payload)],
    ["tampered-with-key.tar.gz", seal(payload, key)],
  ] as const) {
    const file = path.join(w.tmp, name);
    fs.writeFileSync(file, bytes);
    const dir = path.join(w.tmp, `restored-${name}`);
    const restored = await answerOf(restoreToPgliteDir(file, dir, { key }));
    answers.push(restored);
    if ((restored as { threw?: string }).threw) continue;
    return afterRestore(w, dir, answers, openDb);
  }
  return { answers, identities: [] };
}

/** The restored database opened by the app: the pair goes on working, the admin opens their inbox. */
async function afterRestore(w: World, dir: string, answers: unknown[], openDb: (typeof import("@/db/client"))["openDb"]): Promise<Step> {
  const restored = answers.at(-1);
  const held = globalThis as { __betweenUsDb?: Promise<unknown> };
  const original = held.__betweenUsDb;
  const handle = await openDb({ pgliteDir: dir });
  held.__betweenUsDb = Promise.resolve(handle);
  try {
    const marker = markerOf("R", "topicafterrestore");
    w.markers.set(marker, { marker, pair: "R", field: "topicafterrestore", authorId: w.pairs.A.report.id });
    // The pair goes on working on the restored database; the admin then opens their inbox.
    const topic = await answerOf(
      addTopic(w.pairs.A.report, { seriesId: w.pairs.A.seriesId, text: `After the restore ${marker}`, kind: "strategic", category: "wellbeing" }),
    );
    log.push(`  the pair's topic on the restored database: ${(topic as { threw?: string }).threw ? "refused" : "added"}`);
    const readings = [{ channel: "inbox on the restored database", text: JSON.stringify(await listMyMail(w.admin)) }];
    return { answers: [restored], identities: [], readingsElsewhere: readings };
  } finally {
    held.__betweenUsDb = original;
    await handle.close();
  }
}

const searchWord = markerOf("x", "x").split("x")[0];
const places = (w: World): Place[] =>
  Object.values(w.pairs).map((p) => ({ key: p.key, seriesId: p.seriesId, meetingId: p.meetingId, goalId: p.goalId, templateId: p.templateId }));

describe("an admin who uses every power", () => {
  const w = {} as World;
  const findings: Finding[] = [];
  let collab: Awaited<ReturnType<typeof startCollabServer>>;

  /** The markers in `readings` that `identity` may not read, as findings of `attempt`. */
  function judge(attempt: string, identity: Identity, readings: Reading[]) {
    const out: Finding[] = [];
    for (const r of readings) {
      for (const marker of markersIn(r.text)) {
        const m = w.markers.get(marker);
        if (m && identity.mayRead(m)) continue;
        out.push({ attempt, identity: identity.label, channel: r.channel, marker: m ? `${m.pair}.${m.field}` : marker });
      }
    }
    return out;
  }

  /**
   * Reads every channel of each identity; uses every credential found there too. The admin and
   * the puppet (`holders`) skip the two whole-record exports here (slow; read after every attempt
   * instead); identities obtained now are read whole.
   */
  async function sweep(attempt: string, identities: Identity[], answers: unknown[], holders: Identity[] = []): Promise<Finding[]> {
    const out: Finding[] = [];
    const seen = new Set<string>();
    const queue = [...holders, ...identities];
    const quick = new Set(holders);
    const credentials = answers.flatMap((a) => credentialsIn(JSON.stringify(a ?? null)));
    for (const a of answers) {
      for (const marker of markersIn(JSON.stringify(a ?? null))) {
        const m = w.markers.get(marker);
        out.push({ attempt, identity: w.admin.email, channel: "the attempt's own answers", marker: m ? `${m.pair}.${m.field}` : marker });
      }
    }
    const use = async (links: string[]) => {
      for (const link of links.filter((l) => !seen.has(l))) {
        seen.add(link);
        const { identity, answers: used } = await useCredential(link, attempt);
        log.push(
          `  credential ${link.replace(/\/invite\/(.{6}).*/, "/invite/$1…")}: ${identity ? `signed in as ${identity.actor.email}` : `not usable (${JSON.stringify(used).slice(0, 160)})`}`,
        );
        if (identity) queue.push(identity);
      }
    };
    await use(credentials);
    while (queue.length) {
      const identity = queue.shift()!;
      const started = Date.now();
      // A taken-over account's mailbox stays its owner's; the admin holds their own, and those of addresses they made up.
      const mailbox = identity.ownsMailbox ?? !w.accounts.some((a) => a.id === identity.actor.id);
      const readings = await readEverything(identity.actor, {
        places: places(w),
        collabPort: w.collabPort,
        search: searchWord,
        exports: !quick.has(identity),
        mailbox,
      });
      out.push(...judge(attempt, identity, readings));
      log.push(`  read ${readings.length} channels of ${identity.label} in ${Date.now() - started} ms`);
      await use(readings.flatMap((r) => credentialsIn(r.text)));
      if (identity.actor.orgRole === "admin" && identity.actor.email.startsWith("puppet-") && !w.puppet) w.puppet = identity.actor;
    }
    return out;
  }

  beforeAll(async () => {
    const began = Date.now();
    const lap = (what: string) => log.push(`  setup: ${what} at ${Date.now() - began} ms`);
    w.tmp = fs.mkdtempSync(path.join(os.tmpdir(), "admin-adversary-"));
    collab = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000 });
    w.collabPort = collab.port;
    const people: Record<string, Actor> = {};
    for (const name of ["admin", "manager", "manager2", "report1", "report5", "report8", "report9"]) people[name] = await actorOf(t.db, `${name}@demo.test`);
    w.admin = people.admin;
    w.puppet = null;
    w.people = people;
    // Pair B signs in only through OpenID Connect, pair C's report never signed in: both were
    // created by the admin's import, which showed the admin their invitation links (kept here).
    lap("collaboration server started");
    const imported = await importCsv(
      w,
      w.admin,
      "email,name,manager_email\nsso-lead@demo.test,Sasha Lead,\nsso-member@demo.test,Sam Member,sso-lead@demo.test\nnewbie@demo.test,Nico Newbie,manager2@demo.test\n",
    );
    w.keptLinks = imported.flatMap((a) => credentialsIn(JSON.stringify(a)));
    expect(w.keptLinks, "the import showed its links").toHaveLength(3);
    for (const email of ["sso-lead@demo.test", "sso-member@demo.test"]) {
      const signedIn = await ssoSignIn({ provider: "oidc", iss: ISSUER, sub: `subject-of-${email}`, email, email_verified: true, name: email });
      expect(signedIn.actor?.email, `${email} signs in through OpenID Connect`).toBe(email);
    }
    const [ssoLead, ssoMember, newbie] = await Promise.all(["sso-lead", "sso-member", "newbie"].map((n) => actorOf(t.db, `${n}@demo.test`)));
    const recipient = people.report8;
    w.pairs = {
      A: await seedPairContent("A", people.manager, people.report1, recipient),
      B: await seedPairContent("B", ssoLead, ssoMember, recipient),
      C: await seedPairContent("C", people.manager2, newbie, recipient, { reportWrites: false }),
      D: await seedPairContent("D", people.manager2, people.report9, recipient),
    };
    lap("pairs seeded");
    w.markers = new Map(Object.values(w.pairs).flatMap((p) => p.markers.map((m) => [m.marker, m] as const)));
    w.accounts = await t.db.select({ id: users.id, name: users.name, passwordHash: users.passwordHash, orgRole: users.orgRole }).from(users);
    w.invitationIds = (await t.db.select({ id: invitations.id }).from(invitations)).map((r) => r.id);
    lap("before learning");
    await learnShapes([w.pairs.A.manager, w.pairs.A.report, w.admin], places(w), searchWord);
    lap("shapes learnt");
    // Report5 covered pair A until yesterday (they lead an intern of their own).
    const intern = await freshMember(w, "report5s-intern");
    await t.db.insert(reportingLines).values({ orgId: w.admin.orgId, managerId: people.report5.id, reportId: intern.id, activeFrom: utcDay(-60) });
    await t.db
      .insert(coveringAssignments)
      .values({ seriesId: w.pairs.A.seriesId, coveringManagerId: people.report5.id, startsOn: utcDay(-10), endsOn: utcDay(-1), createdBy: people.manager.id });
  }, 180_000);

  afterAll(async () => {
    await collab?.stop();
    fs.rmSync(w.tmp, { recursive: true, force: true });
    // Written whether the attempts hold or not: the evidence, attempt by attempt.
    console.log(
      [
        "admin-adversary:",
        ...log,
        `  time in sweeps (ms): ${JSON.stringify(timings)}`,
        `  slowest reads: ${JSON.stringify([...perRead].sort((a, b) => b[1] - a[1]).slice(0, 12))}`,
      ].join("\n"),
    );
  });

  it("reads the pair's markers where the pair may (the sweep is alive) and none as the admin before any attempt", async () => {
    const own = await readEverything(w.pairs.A.report, { places: places(w), collabPort: w.collabPort, search: searchWord });
    const seen = new Set(own.flatMap((r) => markersIn(r.text)));
    for (const field of ["topicbyreport", "topicbymanager", "agenda", "reportnote", "actionitem", "goaltitle", "checkin", "agreementgoals"]) {
      expect(seen, `pair A's report reads ${field}`).toContain(markerOf("A", field));
    }
    expect(seen, "the report never reads the manager's note").not.toContain(markerOf("A", "managernote"));
    const channels = new Set(own.filter((r) => markersIn(r.text).length).map((r) => r.channel.replace(/\(.*$/, "")));
    for (const channel of ["GET /api/export", "GET /api/export/archive", "GET markdown of A's meeting", "socket: agenda of A's meeting "]) {
      expect(
        [...channels].some((c) => c.startsWith(channel.trim())),
        `the sweep reads ${channel}`,
      ).toBe(true);
    }
    const before = await sweep("before any attempt", [{ label: w.admin.email, actor: w.admin, mayRead: nobodyElse, ownsMailbox: true }], []);
    expect(before).toEqual([]);
  }, 120_000);

  for (const attempt of ATTEMPTS) {
    it(`${attempt.name}: gives the admin nothing of any pair`, async () => {
      const step = await attempt.run(w);
      log.push(`${attempt.name}:`, ...step.answers.map((a) => `  answer ${JSON.stringify(a)?.slice(0, 220)}`));
      const holders: Identity[] = [{ label: w.admin.email, actor: w.admin, mayRead: nobodyElse, ownsMailbox: true }];
      if (w.puppet) holders.push({ label: `${w.puppet.email} (puppet admin)`, actor: w.puppet, mayRead: nobodyElse });
      const found = await sweep(attempt.name, step.identities, step.answers, holders);
      const elsewhere = step.readingsElsewhere;
      if (elsewhere) found.push(...judge(attempt.name, { label: `${w.admin.email} (restored database)`, actor: w.admin, mayRead: nobodyElse }, elsewhere));
      await dropCoveringsBy([w.admin.id, ...(w.puppet ? [w.puppet.id] : [])]);
      await restoreAccounts(w);
      findings.push(...found);
      for (const f of found) log.push(`  LEAK ${f.marker} to ${f.identity} through ${f.channel}`);
      expect(summary(found)).toEqual([]);
    }, 120_000);
  }

  it("after every attempt, gives the admin and the puppet admin nothing of any pair in any channel, their exports included", async () => {
    const holders: Identity[] = [{ label: w.admin.email, actor: (await sessionOf(w.admin.id))!, mayRead: nobodyElse, ownsMailbox: true }];
    const puppet = w.puppet && (await sessionOf(w.puppet.id));
    if (puppet) holders.push({ label: `${puppet.email} (puppet admin)`, actor: puppet, mayRead: nobodyElse });
    const found = await sweep("after every attempt", holders, []);
    for (const f of found) log.push(`  LEAK ${f.marker} to ${f.identity} through ${f.channel}`);
    expect(summary(found)).toEqual([]);
  }, 120_000);

  it("gives the people whose access ended (ended line, covering after its range, deactivated and reactivated) nothing of the pairs they left", async () => {
    // What they wrote themselves they may still hold; nothing else of any pair.
    const lost = (person: Actor, pairs: string[]): Identity => ({
      label: `${person.email} (access to pair ${pairs.join(", ")} ended)`,
      actor: person,
      mayRead: (m) => m.authorId === person.id,
    });
    const identities: Identity[] = [];
    for (const [person, pairs] of [
      [w.people.report5, ["A"]],
      [w.people.manager2, ["C", "D"]],
      [w.pairs.B.manager, ["B"]],
      [w.pairs.A.manager, ["A"]],
    ] as const) {
      const actor = await sessionOf(person.id);
      if (actor) identities.push(lost(actor, [...pairs]));
    }
    const found: Finding[] = [];
    for (const identity of identities) {
      found.push(
        ...judge(
          "after every attempt",
          identity,
          await readEverything(identity.actor, { places: places(w), collabPort: w.collabPort, search: searchWord, mailbox: true }),
        ),
      );
    }
    for (const f of found) log.push(`  LEAK ${f.marker} to ${f.identity} through ${f.channel}`);
    expect(summary(found)).toEqual([]);
  }, 120_000);
});

/** One line per identity and channel, the markers it reached: what a failure shows. */
function summary(found: Finding[]): string[] {
  const byPlace = new Map<string, Set<string>>();
  for (const f of found) {
    const key = `${f.identity} through ${f.channel.replace(/\(([A-D])\)$/, "")}`;
    byPlace.set(key, (byPlace.get(key) ?? new Set()).add(f.marker));
  }
  return [...byPlace].map(([k, v]) => `${k}: ${[...v].sort().join(", ")}`).sort();
}
