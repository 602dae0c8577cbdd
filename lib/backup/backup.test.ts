// Backup, restore and db:move. The source is this file's test database (PGlite, or with
// TEST_DB=postgres a PostgreSQL database) holding the demo organization, the browser tests'
// fixtures and a row in every other table, including collaboration updates not yet compacted and
// a pending job. Each backup is restored into the OTHER kind of database: a new database on the
// DATABASE_URL server (created and dropped here, under a unique name) or an empty in-memory PGlite.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seedE2EFixtures } from "@/db/seed-e2e";
import { getQueue, QUEUES, stopQueue } from "@/lib/jobs/queue";
import { useTestDatabase } from "@/test/db";
import { newKeyText } from "@/lib/crypto/notes-key";
import { FORMAT_VERSION, payloadOf, readArchive, seal, type Manifest } from "./archive";
import { appMigrations, CANONICAL_SETTINGS, contentsOf, listTables, pgliteConn, postgresConn, quoteIdent, tableStats, type Conn } from "./database";
import { backup, backupKeyFromText, move, openPgliteFolder, restore, restoreToPgliteDir, type Database } from "./index";

const t = useTestDatabase();
// The key the npm scripts below get as BACKUP_KEY, and the in-process calls as KEY.
const KEY_TEXT = newKeyText();
const KEY = backupKeyFromText(KEY_TEXT, "BACKUP_KEY");
const PG = process.env.DATABASE_URL;
const sourceKind = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";

let tmp: string;
let empty: PGlite | undefined;
const createdDatabases: string[] = [];

/** The test database as a backup source: its PGlite, or its PostgreSQL database's URL. */
function source(): Database {
  const client = (t.db as unknown as { $client: PGlite | { options: { host: string[]; port: number[]; database: string; user: string; pass: string | null } } })
    .$client;
  if (sourceKind === "pglite") return { kind: "pglite", pg: client as PGlite };
  const o = (client as { options: { host: string[]; port: number[]; database: string; user: string; pass: string | null } }).options;
  const url = new URL(PG!);
  url.hostname = o.host[0]!;
  url.port = String(o.port[0]);
  url.pathname = `/${o.database}`;
  return { kind: "postgres", url: url.toString() };
}

function urlOf(database: string): string {
  const url = new URL(PG!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (conn: Conn) => Promise<T>): Promise<T> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(PG!, { max: 1, onnotice: () => {} });
  try {
    return await work(postgresConn(sql));
  } finally {
    await sql.end();
  }
}

/** A new, empty PostgreSQL database on the DATABASE_URL server, dropped after the file. */
async function freshPostgres(): Promise<Database> {
  const name = `bu_backup_${crypto.randomBytes(6).toString("hex")}`;
  await admin((conn) => conn.exec(`create database ${name}`));
  createdDatabases.push(name);
  return { kind: "postgres", url: urlOf(name) };
}

/** The one in-memory PGlite of this file, emptied (initdb costs seconds; emptying it does not). */
async function emptyPglite(): Promise<Database> {
  empty ??= await PGlite.create();
  await empty.exec(`drop schema if exists public cascade; drop schema if exists drizzle cascade; drop schema if exists pgboss cascade; create schema public;`);
  return { kind: "pglite", pg: empty };
}

/** A database of the other kind than the source (PGlite when there is no PostgreSQL server to use). */
const otherKind = () => (sourceKind === "pglite" && PG ? freshPostgres() : emptyPglite());

async function session<T>(db: Database, work: (conn: Conn) => Promise<T>): Promise<T> {
  if (db.kind === "pglite") return work(pgliteConn(db.pg));
  const { default: postgres } = await import("postgres");
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    return await work(postgresConn(sql));
  } finally {
    await sql.end();
  }
}

/** Every row of every table as PostgreSQL's text for it, sorted: two databases compared row by row. */
async function everyRow(db: Database): Promise<Record<string, string[]>> {
  return session(db, async (conn) => {
    await conn.exec("begin");
    try {
      await conn.exec(CANONICAL_SETTINGS);
      const out: Record<string, string[]> = {};
      for (const name of await listTables(conn)) {
        const [schema, table] = name.split(".") as [string, string];
        const rows = await conn.query<{ r: string }>(`select t::text as r from ${quoteIdent(schema)}.${quoteIdent(table)} t order by t::text collate "C"`);
        out[name] = rows.map((row) => row.r);
      }
      return out;
    } finally {
      await conn.exec("rollback");
    }
  });
}

const contents_ = (db: Database) => session(db, contentsOf);

// One row in each table the demo organization and the browser fixtures leave empty, with text
// that is hard to carry (quotes, backslashes, line breaks, tabs, non-Latin scripts, emoji).
const HARD_TEXT = `It''s "quoted" \\ back\\slash
second line	tab — ünïcødé 日本語 🙂 '' ;-- not sql`;
const EXTRA_ROWS = `
insert into collab_documents (name, state) values ('note:' || (select id from meetings order by id limit 1), '\\x0102ff00'::bytea);
insert into collab_updates (name, update) select 'note:' || (select id from meetings order by id limit 1), decode(md5(g::text), 'hex') from generate_series(1, 5) g;
insert into templates (owner_id, kind, name, content) select id, 'weekly_check_in', '${HARD_TEXT}', '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a \\"b\\" ü"}]}]}'::jsonb from users order by id limit 1;
insert into outbox (org_id, to_address, subject, body, transport, kind) select org_id, email, 'Subject', '${HARD_TEXT}', 'log', 'invitation' from users order by id limit 1;
insert into invitations (org_id, email, name, token_hash, invited_by, expires_at) select org_id, 'new.person@example.com', 'New Person', md5('t'), id, now() + interval '7 days' from users order by id limit 1;
insert into access_log (org_id, report_id, actor_id, action, subject, kind, day, times) select org_id, id, id, 'read', 'series', 'read', current_date, 3 from users order by id limit 1;
insert into notification_opt_outs (user_id, kind) select id, 'topic_digest' from users order by id limit 1;
insert into meeting_views (meeting_id, user_id) select m.id, s.created_by from meetings m join series s on s.id = m.series_id order by m.id limit 1;
insert into handoff_grants (meeting_id, grantee_id, granted_by) select m.id, s.created_by, s.created_by from meetings m join series s on s.id = m.series_id order by m.id limit 1;
insert into safety_escalations (series_id, report_id, recorded_by, reason) select s.id, s.created_by, s.created_by, '${HARD_TEXT}' from series s order by s.id limit 1;
insert into share_requests (series_id, requested_by, report_id, recipient_id, source, excerpt, reason) select s.id, s.created_by, s.created_by, s.created_by, 'topic', 'excerpt', 'reason' from series s order by s.id limit 1;
insert into terms_versions (series_id, version, body, created_by) select s.id, 1, '${HARD_TEXT}', s.created_by from series s order by s.id limit 1;
insert into terms_acknowledgements (terms_version_id, user_id) select id, created_by from terms_versions order by id limit 1;
insert into working_agreements (series_id, goals_and_expectations, updated_by) select s.id, '${HARD_TEXT}', s.created_by from series s order by s.id limit 1;
insert into goal_versions (goal_id, version, previous, changed_by) select id, 1, '{"title":"before","n":1.5,"nested":[1,null,"x"]}'::jsonb, created_by from goals order by id limit 1;
insert into goal_reviews (goal_id, user_id) select id, created_by from goals order by id limit 1;
insert into schedule_changes (org_id, kind, actor_id, person_id, starts_on, ends_on, undo) select org_id, 'leave', id, id, current_date, current_date + 7, '{"meetings":[{"id":"x","status":"scheduled"}]}'::jsonb from users order by id limit 1;
create table if not exists sign_in_limits (key varchar(255) primary key, points integer not null default 0, expire bigint);
insert into sign_in_limits (key, points, expire) values ('pair:0123abcd', 3, 4102444800000);
insert into identities (user_id, issuer, subject) select id, 'https://sso.example.test', '${HARD_TEXT}' from users order by id limit 1;
insert into account_recoveries (user_id, via, token_hash, expires_at) select id, 'operator', md5('r'), now() + interval '1 day' from users order by id limit 1;
insert into theme_weeks (org_id, week_start) select org_id, date_trunc('week', current_date - 14)::date from users order by id limit 1;
insert into theme_week_counts (org_id, week_start, line_id, manager_id, report_id, line_from, line_created_at, category, topics) select l.org_id, date_trunc('week', current_date - 14)::date, l.id, l.manager_id, l.report_id, l.active_from, l.created_at, 'wellbeing', 3 from reporting_lines l order by l.id limit 1;
`;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bu-backup-"));
  empty = await PGlite.create();
  await seedE2EFixtures(t.db);
  await session(source(), (conn) => conn.exec(EXTRA_ROWS));
  // A reminder queued for later: pg-boss's pending jobs travel with the database.
  const boss = await getQueue();
  await boss.send(QUEUES.reminder, { meetingId: "00000000-0000-4000-8000-000000000000" }, { startAfter: 3600, singletonKey: "backup-test" });
  await stopQueue({ graceful: false });
}, 240_000);

afterAll(async () => {
  await empty?.close();
  if (PG) await admin(async (conn) => Promise.all(createdDatabases.map((name) => conn.exec(`drop database if exists ${name} with (force)`))));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// A machine shared with other work can be slow: each test restores several databases.
const SLOW = { timeout: 180_000 };

describe("backup and restore", () => {
  test("the source holds a row in every table, uncompacted collaboration updates and a pending job", SLOW, async () => {
    const stats = await session(source(), tableStats);
    const emptyTables = Object.entries(stats)
      .filter(([name, s]) => s.rows === 0 && (name.startsWith("public.") || name === "pgboss.job"))
      .map(([name]) => name);
    expect(emptyTables).toEqual([]);
    expect(stats["public.collab_updates"]!.rows).toBe(5);
    const [pending] = await session(source(), (conn) =>
      conn.query<{ n: number }>(`select count(*)::int as n from pgboss.job where state = 'created' and singleton_key = 'backup-test'`),
    );
    expect(pending!.n).toBe(1);
  });

  test("a backup restored into the other kind of database holds every row of every table, and back again", SLOW, async () => {
    const { file, manifest } = await backup(source(), { dir: tmp, key: KEY });
    expect(path.basename(file)).toMatch(/^between-us-backup-\d{8}T\d{6}Z\.tar\.gz$/);
    expect(fs.readdirSync(tmp).filter((f) => f.includes(".partial"))).toEqual([]);
    expect(manifest.formatVersion).toBe(FORMAT_VERSION);
    expect(manifest.source.kind).toBe(sourceKind);
    expect(manifest.schema.tag).toBe(appMigrations().at(-1)!.tag);
    expect(manifest.tables["public.users"]!.rows).toBeGreaterThan(10);
    expect(manifest.tables["pgboss.job"]!.rows).toBeGreaterThan(0);
    // The sign-in limits' table is made by the app at run time: never backed up, so never refused on restore.
    expect(manifest.tables["public.sign_in_limits"]).toBeUndefined();

    const expected = await everyRow(source());
    const target = await otherKind();
    expect(await contents_(target)).toBe("nothing");
    const restored = await restore(file, target, { key: KEY });
    expect(restored.migrated).toBe(false);
    expect(await everyRow(target)).toEqual(expected);
    // Sequences come along: the next logged collaboration update gets a new id.
    const [ids] = await session(target, (conn) =>
      conn.query<{ next: string; max: string }>(
        `select nextval(pg_get_serial_sequence('public.collab_updates', 'id'))::text as next, max(id)::text as max from public.collab_updates`,
      ),
    );
    expect(BigInt(ids!.next)).toBeGreaterThan(BigInt(ids!.max));

    // And from that kind back to the source's kind.
    if (target.kind !== sourceKind) {
      const again = await backup(target, { dir: path.join(tmp, "again"), key: KEY });
      expect(again.manifest.source.kind).toBe(target.kind);
      const back = sourceKind === "pglite" ? await emptyPglite() : await freshPostgres();
      await restore(again.file, back, { key: KEY });
      expect(await everyRow(back)).toEqual(expected);
    }
  });

  test("a truncated, altered or unauthenticated archive is refused with a clear message, and nothing is written", SLOW, async () => {
    const { file } = await backup(source(), { dir: path.join(tmp, "bad"), key: KEY });
    const bytes = fs.readFileSync(file);
    const target = await otherKind();

    const truncated = path.join(tmp, "truncated.tar.gz");
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(restore(truncated, target, { key: KEY })).rejects.toThrow(/authentication code does not match.*cut short.*Nothing was written/);

    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const damaged = path.join(tmp, "damaged.tar.gz");
    fs.writeFileSync(damaged, flipped);
    await expect(restore(damaged, target, { key: KEY })).rejects.toThrow(/authentication code does not match its content/);

    // A well-formed archive whose rows were edited after it was made, sealed again without the key.
    const contents = await readArchive(file, KEY);
    const data = contents.tables["public.invitations"]!.data;
    const edited = path.join(tmp, "edited.tar.gz");
    fs.writeFileSync(
      edited,
      seal(
        await payloadOf(contents.manifest, {
          tables: {
            ...contents.tables,
            "public.invitations": { ...contents.tables["public.invitations"]!, data: Buffer.from(data.toString().replace("New Person", "Old Person")) },
          },
        } as never),
        backupKeyFromText(newKeyText(), "a guess"),
      ),
    );
    await expect(restore(edited, target, { key: KEY })).rejects.toThrow(
      /was made with backup key \w{16}, and this app's backup key is \w{16} \(from BACKUP_KEY\)/,
    );

    const notABackup = path.join(tmp, "not-a-backup.tar.gz");
    fs.writeFileSync(notABackup, zlib.gzipSync("hello"));
    await expect(restore(notABackup, target, { key: KEY })).rejects.toThrow(/not an authenticated Between Us backup/);

    expect(await contents_(target)).toBe("nothing");
  });

  test("a load whose result differs from the manifest is rolled back whole", SLOW, async () => {
    const { file } = await backup(source(), { dir: path.join(tmp, "mismatch"), key: KEY });
    const contents = await readArchive(file, KEY);
    contents.manifest.tables["public.users"]!.rows += 1; // as if a row had been lost on the way
    const lying = path.join(tmp, "lying.tar.gz");
    await resealed(lying, contents.manifest, contents.tables);
    const target = await otherKind();
    await expect(restore(lying, target, { key: KEY })).rejects.toThrow(/rolled back and nothing was written: public\.users: \d+ rows expected, \d+ found/);
    expect(await contents_(target)).toBe("nothing");
  });

  test(
    "an archive with a table, a column or a file this app's schema does not have is refused, even under the right key, and nothing is written",
    SLOW,
    async () => {
      const { file } = await backup(source(), { dir: path.join(tmp, "unknown"), key: KEY });
      const { manifest, tables } = await readArchive(file, KEY);
      const target = await otherKind();
      const tries: [string, Manifest, typeof tables, RegExp][] = [];
      {
        const m = structuredClone(manifest);
        m.tables["public.evil"] = { file: "tables/public.evil.tsv", columns: ["x"], rows: 1, checksum: "0".repeat(32) };
        tries.push([
          "table",
          m,
          { ...tables, "public.evil": { columns: ["x"], data: Buffer.from("1\n") } },
          /The backup holds table public\.evil, which this app's schema .* does not have: refused, and nothing was written/,
        ]);
      }
      {
        const m = structuredClone(manifest);
        m.tables["public.outbox"]!.columns = [...m.tables["public.outbox"]!.columns, "evil"];
        tries.push(["column", m, tables, /The backup's table public\.outbox has column evil, which this app's schema does not have/]);
      }
      {
        const m = structuredClone(manifest);
        m.sequences["public.users.id"] = { lastValue: "1", isCalled: true };
        tries.push(["sequence", m, tables, /sets a sequence for public\.users\.id/]);
      }
      for (const [what, m, t, message] of tries) {
        const bad = path.join(tmp, `unknown-${what}.tar.gz`);
        await resealed(bad, m, t);
        await expect(restore(bad, target, { key: KEY }), what).rejects.toThrow(message);
      }
      // A file the manifest does not list (dump.sql, say), sealed with the right key.
      const extra = path.join(tmp, "unknown-file.tar.gz");
      await resealed(extra, manifest, tables, { "dump.sql": "select 1;" });
      await expect(restore(extra, target, { key: KEY })).rejects.toThrow(/holds files its manifest does not list \(dump\.sql\)/);
      expect(await contents_(target)).toBe("nothing");
    },
  );

  test("a backup is written 0600 into a folder made 0700, and a backup folder others can read is refused with the chmod that fixes it", SLOW, async () => {
    const dir = path.join(tmp, "private", "backups");
    const { file } = await backup(source(), { dir, key: KEY });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.chmodSync(dir, 0o755);
    await expect(backup(source(), { dir, key: KEY })).rejects.toThrow(
      `The backup folder ${dir} can be read or written by other users of this machine (${dir} has mode 0755). Make it the app's user's only, then try again: chmod -R go-rwx ${dir}`,
    );
    expect(fs.readdirSync(dir)).toEqual([path.basename(file)]);
  });

  test("a database that holds data is refused unless forced", SLOW, async () => {
    const { file } = await backup(source(), { dir: path.join(tmp, "nonempty"), key: KEY });
    const before = await everyRow(source());
    await expect(restore(file, source(), { key: KEY })).rejects.toThrow(/already holds data.*--force.*Nothing was written/);
    expect(await everyRow(source())).toEqual(before);

    const target = await otherKind();
    await restore(file, target, { key: KEY });
    await session(target, (conn) => conn.exec(`update public.organizations set name = 'Changed since'`));
    await expect(restore(file, target, { key: KEY })).rejects.toThrow(/already holds data/);
    await restore(file, target, { force: true, key: KEY });
    expect(await everyRow(target)).toEqual(before);
  });

  test("a backup from a newer schema is refused; one from an older schema is restored and migrated", SLOW, async () => {
    // Newer: the source database has a migration this app does not know.
    const newer = await emptyPglite();
    const { file } = await backup(source(), { dir: path.join(tmp, "newer-src"), key: KEY });
    await restore(file, newer, { key: KEY });
    const latest = appMigrations().at(-1)!;
    await session(newer, (conn) => conn.exec(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', ${latest.when + 86_400_000})`));
    const fromNewer = await backup(newer, { dir: path.join(tmp, "newer"), key: KEY });
    const target = sourceKind === "pglite" && PG ? await freshPostgres() : await emptyPglite();
    await expect(restore(fromNewer.file, target, { key: KEY })).rejects.toThrow(/newer version of Between Us.*Upgrade the app/);
    expect(await contents_(target)).toBe("nothing");

    // Older: a database migrated to all but the last migration.
    const older = await emptyPglite();
    const folder = path.join(tmp, "migrations-older");
    fs.cpSync(path.join(process.cwd(), "db", "migrations"), folder, { recursive: true });
    const journalFile = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: unknown[] };
    journal.entries.pop();
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(drizzle((older as { pg: PGlite }).pg), { migrationsFolder: folder });
    const fromOlder = await backup(older, { dir: path.join(tmp, "older"), key: KEY });
    expect(fromOlder.manifest.schema.migrations).toBe(appMigrations().length - 1);
    const target2 = PG ? await freshPostgres() : await emptyPglite();
    const result = await restore(fromOlder.file, target2, { key: KEY });
    expect(result.migrated).toBe(true);
    const [applied] = await session(target2, (conn) => conn.query<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`));
    expect(applied!.n).toBe(appMigrations().length);
  });
});

if (PG) {
  describe("db:move", () => {
    test("copies everything from the embedded database to an empty PostgreSQL database, verified, and refuses one that holds data", SLOW, async () => {
      // The move's source is always PGlite: the test database itself, or a PGlite restored from it.
      let from: PGlite;
      if (sourceKind === "pglite") from = (source() as { pg: PGlite }).pg;
      else {
        const { file } = await backup(source(), { dir: path.join(tmp, "move-src"), key: KEY });
        const lite = await emptyPglite();
        await restore(file, lite, { key: KEY });
        from = (lite as { pg: PGlite }).pg;
      }
      const expected = await everyRow({ kind: "pglite", pg: from });
      const target = (await freshPostgres()) as { kind: "postgres"; url: string };
      const result = await move({ pg: from }, target);
      expect(result.migrated).toBe(false);
      expect(result.tables["public.collab_updates"]!.rows).toBe(5);
      expect(await everyRow(target)).toEqual(expected);

      // Again into the same database: refused before anything is read or written.
      const before = await session(target, tableStats);
      await expect(move({ pg: from }, target)).rejects.toThrow(/already holds data/);
      expect(await session(target, tableStats)).toEqual(before);
      expect(await everyRow({ kind: "pglite", pg: from })).toEqual(expected);
    });
  });
}

describe("killed half-way", () => {
  /**
   * Runs one of the npm scripts (scripts/*.ts) as the CLI does, on the embedded folder `dir`, in a
   * process group of its own: tsx runs the script in a child process, so a SIGKILL must reach the
   * group (kill below) or the script itself goes on, orphaned, racing the next run on the folder.
   */
  function script(name: string, args: string[], dir: string) {
    const child = spawn(path.join(process.cwd(), "node_modules", ".bin", "tsx"), [path.join("scripts", name), ...args], {
      env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "", TEST_DB: "", BACKUP_KEY: KEY_TEXT },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.on("close", () => closed.add(child));
    return child;
  }
  /**
   * SIGKILL to the script and everything it started, as when the machine kills the command; done
   * once no process of the group is left (the script's own process is reaped by init, not by us,
   * and until then it still counts as the folder's owner).
   */
  const kill = async (child: ReturnType<typeof spawn>) => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch (error) {
      // The whole group has ended already (the script finished first): nothing left to kill.
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
    await exited(child);
    for (let i = 0; i < 400; i++) {
      try {
        process.kill(-child.pid!, 0);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`process group ${child.pid} still has a process 10 s after SIGKILL`);
  };
  let folder: string | undefined;
  /** An embedded database folder on disk holding the source's data (restored into a new folder: built beside it, renamed). */
  async function embeddedFolder(): Promise<string> {
    if (folder) return folder;
    const { file } = await backup(source(), { dir: path.join(tmp, "folder-src"), key: KEY });
    const dir = path.join(tmp, "embedded");
    await restoreToPgliteDir(file, dir, { key: KEY });
    expect(fs.existsSync(`${dir}.partial`)).toBe(false);
    folder = dir;
    return dir;
  }
  /** The child's exit code, once it and its output have closed (at once if that happened already). */
  const exited = (child: ReturnType<typeof spawn>) =>
    new Promise<number | null>((resolve) => {
      if (closed.has(child)) resolve(child.exitCode);
      else child.on("close", (code) => resolve(code));
    });
  const closed = new WeakSet<ReturnType<typeof spawn>>();

  test("a killed backup leaves no archive or a complete one; the npm scripts back up and restore an embedded folder", SLOW, async () => {
    const dir = await embeddedFolder();
    const out = path.join(tmp, "kill-out");

    const killed = script("backup.ts", ["--out", out], dir);
    await new Promise((resolve) => setTimeout(resolve, 3000 + Math.random() * 3000));
    await kill(killed);
    for (const name of fs.existsSync(out) ? fs.readdirSync(out) : []) {
      if (name.endsWith(".tar.gz"))
        await readArchive(path.join(out, name), KEY); // complete, or it would not have its name
      else expect(name).toMatch(/\.tar\.gz\.partial-\d+$/);
    }

    const whole = script("backup.ts", ["--out", out], dir);
    const output: Buffer[] = [];
    whole.stdout!.on("data", (c: Buffer) => output.push(c));
    whole.stderr!.on("data", (c: Buffer) => output.push(c));
    expect(await exited(whole), Buffer.concat(output).toString()).toBe(0);
    const archives = fs.readdirSync(out).filter((name) => name.endsWith(".tar.gz"));
    expect(archives.length).toBeGreaterThan(0);
    const restored = await emptyPglite();
    await restore(path.join(out, archives.at(-1)!), restored, { key: KEY });
    expect(await everyRow(restored)).toEqual(await everyRow(source()));
  });

  if (PG) {
    test("a move killed while it copies leaves PostgreSQL empty and the embedded folder as it was; the next run completes", SLOW, async () => {
      const dir = await embeddedFolder();
      const target = (await freshPostgres()) as { kind: "postgres"; url: string };
      const database = new URL(target.url).pathname.slice(1);

      const child = script("db-move.ts", ["--to", target.url], dir);
      // Kill it once its copying transaction has written on PostgreSQL (it holds a transaction id).
      const deadline = Date.now() + 120_000;
      for (;;) {
        const [busy] = await admin((conn) =>
          conn.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1 and backend_xid is not null`, [database]),
        );
        if (busy!.n > 0 || Date.now() > deadline || child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await kill(child);
      // The server ends the dead client's transaction when it sees the connection drop.
      await admin(async (conn) => {
        for (let i = 0; i < 200; i++) {
          const [left] = await conn.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1`, [database]);
          if (left!.n === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
      const state = await contents_(target);
      // Killed before it committed: nothing there. (On a fast machine it may have finished: then all of it.)
      if (state !== "nothing") expect(compareRows(await everyRow(target), await everyRow(source()))).toEqual([]);

      const folder = await openPgliteFolder(dir); // the dead process's name in the folder does not lock it out
      try {
        expect(await everyRow({ kind: "pglite", pg: folder.pg })).toEqual(await everyRow(source()));
        if (state === "nothing") {
          await move({ pg: folder.pg }, target);
          expect(await everyRow(target)).toEqual(await everyRow(source()));
        }
      } finally {
        await folder.close();
      }
    });
  }
});

/** The tables whose rows differ (for a readable failure). */
function compareRows(a: Record<string, string[]>, b: Record<string, string[]>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
}

/** Writes an archive with this manifest, these tables and `extra` files, authenticated with KEY: as the key's holder (or a bug) might. */
async function resealed(file: string, manifest: Manifest, tables: Record<string, { columns: string[]; data: Buffer }>, extra: Record<string, string> = {}) {
  const pack = tar.pack();
  pack.entry({ name: "manifest.json" }, JSON.stringify(manifest));
  for (const [name, t] of Object.entries(manifest.tables)) pack.entry({ name: t.file }, tables[name]!.data);
  for (const [name, text] of Object.entries(extra)) pack.entry({ name }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  fs.writeFileSync(file, seal(Buffer.concat(chunks), KEY));
}
