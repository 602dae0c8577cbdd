// Issue 25, item 4: a backup file is something an operator (or whoever can write where backups
// are kept) can rewrite. Rewritten here as such a person would: SQL added to the archive, the
// manifest's checksums computed again to match, compressed again behind the original's header.
// Before, a restore ran that SQL (a shell on the database server through COPY ... TO PROGRAM, a
// trigger that copied every new topic into the admin's mail) and said the checksums matched; and
// db:move carried a trigger added to the embedded database into PostgreSQL.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newKeyText } from "@/lib/crypto/notes-key";
import { useTestDatabase } from "@/test/db";
import { CANONICAL_SETTINGS, contentsOf, listTables, pgliteConn, postgresConn, quoteIdent, type Conn } from "./database";
import { backup, move, restore, type Database } from "./index";
import { backupKeyFromText } from "./key";

const t = useTestDatabase();
const PG = process.env.DATABASE_URL;
const KEY = backupKeyFromText(newKeyText(), "BACKUP_KEY");
const SLOW = { timeout: 180_000 };

let tmp: string;
let lite: PGlite | undefined;
const createdDatabases: string[] = [];

/** The test database as a backup source. */
function source(): Database {
  const client = (t.db as unknown as { $client: PGlite | { options: { host: string[]; port: number[]; database: string } } }).$client;
  if (process.env.TEST_DB !== "postgres") return { kind: "pglite", pg: client as PGlite };
  const o = (client as { options: { host: string[]; port: number[]; database: string } }).options;
  const url = new URL(PG!);
  url.hostname = o.host[0]!;
  url.port = String(o.port[0]);
  url.pathname = `/${o.database}`;
  return { kind: "postgres", url: url.toString() };
}

async function session<T>(db: Database | string, work: (conn: Conn) => Promise<T>): Promise<T> {
  if (typeof db !== "string" && db.kind === "pglite") return work(pgliteConn(db.pg));
  const { default: postgres } = await import("postgres");
  const sql = postgres(typeof db === "string" ? db : db.url, { max: 1, onnotice: () => {} });
  try {
    return await work(postgresConn(sql));
  } finally {
    await sql.end();
  }
}

async function freshPostgres(): Promise<{ kind: "postgres"; url: string }> {
  const name = `bu_tamper_${crypto.randomBytes(6).toString("hex")}`;
  await session(PG!, (conn) => conn.exec(`create database ${name}`));
  createdDatabases.push(name);
  const url = new URL(PG!);
  url.pathname = `/${name}`;
  return { kind: "postgres", url: url.toString() };
}

async function emptyPglite(): Promise<{ kind: "pglite"; pg: PGlite }> {
  lite ??= await PGlite.create();
  await lite.exec(`drop schema if exists public cascade; drop schema if exists drizzle cascade; drop schema if exists pgboss cascade; create schema public;`);
  return { kind: "pglite", pg: lite };
}

/** Every row of every table as text, sorted. */
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

// The admin's trigger: every topic written from then on is copied into a mail to an admin.
const TRIGGER = `
create function public.bu_copy_topic() returns trigger language plpgsql as $$
begin
  insert into public.outbox (org_id, to_address, subject, body, transport, kind)
    select u.org_id, u.email, 'copy', new.text, 'log', 'invitation' from public.users u order by u.email limit 1;
  return new;
end $$;
create trigger bu_copy_topic after insert on public.topics for each row execute function public.bu_copy_topic();`;

/** What the admin's SQL left in `db`: the trigger and its function. */
const leftovers = (db: Database) =>
  session(db, async (conn) => {
    const [row] = await conn.query<{ triggers: number; functions: number }>(
      `select (select count(*)::int from pg_trigger where tgname = 'bu_copy_topic') as triggers, (select count(*)::int from pg_proc where proname = 'bu_copy_topic') as functions`,
    );
    return row;
  });

async function untar(raw: Buffer): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        entries.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  extract.end(raw);
  await done;
  return entries;
}

/**
 * The rewritten archive: `sql` appended to its dump.sql (one added where there is none), the
 * manifest's size and SHA-256 of it computed again. `keepHeader`: compressed again behind the
 * original file's gzip header, so any authentication code in it stays as it was; otherwise a plain
 * gzip, as any tool writes.
 */
async function tampered(file: string, sql: string, keepHeader: boolean): Promise<string> {
  const bytes = fs.readFileSync(file);
  const entries = await untar(zlib.gunzipSync(bytes));
  const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as Record<string, unknown>;
  const dump = Buffer.concat([entries.get("dump.sql") ?? Buffer.alloc(0), Buffer.from(`\n${sql}\n`)]);
  entries.set("dump.sql", dump);
  manifest.dump = { file: "dump.sql", bytes: dump.length, sha256: crypto.createHash("sha256").update(dump).digest("hex") };
  entries.set("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2)));
  const pack = tar.pack();
  for (const [name, content] of entries) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const payload = Buffer.concat(chunks);
  let out: Buffer;
  if (keepHeader) {
    const headerLength = 10 + (bytes[3]! & 0x04 ? 2 + bytes.readUInt16LE(10) : 0);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(zlib.crc32(payload), 0);
    trailer.writeUInt32LE(payload.length % 2 ** 32, 4);
    out = Buffer.concat([bytes.subarray(0, headerLength), zlib.deflateRawSync(payload), trailer]);
  } else {
    out = zlib.gzipSync(payload);
  }
  const name = path.join(tmp, `tampered-${crypto.randomBytes(4).toString("hex")}.tar.gz`);
  fs.writeFileSync(name, out);
  return name;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bu-tamper-"));
});

afterAll(async () => {
  await lite?.close();
  if (PG) await session(PG, async (conn) => Promise.all(createdDatabases.map((name) => conn.exec(`drop database if exists ${name} with (force)`))));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("a backup rewritten by someone without the backup key", () => {
  test("with a trigger that copies every new topic to an admin, is refused on the embedded database and changes nothing", SLOW, async () => {
    const { file } = await backup(source(), { dir: path.join(tmp, "trigger"), key: KEY });
    const target = await emptyPglite();
    for (const keepHeader of [true, false]) {
      const bad = await tampered(file, TRIGGER, keepHeader);
      await expect(restore(bad, target, { key: KEY }), `header kept: ${keepHeader}`).rejects.toThrow(/was refused: .*Nothing was written/);
      expect(await session(target, contentsOf)).toBe("nothing");
      expect(await leftovers(target)).toEqual({ triggers: 0, functions: 0 });
    }
    // The file as it was made restores, and brings no trigger.
    await restore(file, target, { key: KEY });
    expect(await leftovers(target)).toEqual({ triggers: 0, functions: 0 });
  });

  if (PG) {
    test("with COPY ... TO PROGRAM and the trigger, is refused on PostgreSQL: no program runs, nothing changes", SLOW, async () => {
      const { file } = await backup(source(), { dir: path.join(tmp, "program"), key: KEY });
      const target = await freshPostgres();
      // The database server runs on this machine in the tests: the program would leave this file.
      const mark = `/tmp/bu-program-${crypto.randomBytes(6).toString("hex")}`;
      for (const keepHeader of [true, false]) {
        const bad = await tampered(file, `COPY (SELECT 1) TO PROGRAM 'touch ${mark}';\n${TRIGGER}`, keepHeader);
        await expect(restore(bad, target, { key: KEY }), `header kept: ${keepHeader}`).rejects.toThrow(/was refused: .*Nothing was written/);
        expect(fs.existsSync(mark)).toBe(false);
        expect(await session(target, contentsOf)).toBe("nothing");
        expect(await leftovers(target)).toEqual({ triggers: 0, functions: 0 });
      }
      fs.rmSync(mark, { force: true });
    });
  }

  test("a backup made with another key is refused, saying which key it expects, and nothing is written", SLOW, async () => {
    const other = backupKeyFromText(newKeyText(), "the other installation's BACKUP_KEY");
    const { file } = await backup(source(), { dir: path.join(tmp, "foreign"), key: other });
    const target = await emptyPglite();
    await expect(restore(file, target, { key: KEY })).rejects.toThrow(
      new RegExp(`made with backup key ${other.id}, and this app's backup key is ${KEY.id} \\(from BACKUP_KEY\\).*Nothing was written`),
    );
    expect(await session(target, contentsOf)).toBe("nothing");
  });
});

if (PG) {
  describe("db:move", () => {
    test("does not carry a trigger or function added to the embedded database; every row arrives", SLOW, async () => {
      const { file } = await backup(source(), { dir: path.join(tmp, "move"), key: KEY });
      const from = await emptyPglite();
      await restore(file, from, { key: KEY });
      await from.pg.exec(TRIGGER);
      expect(await leftovers(from)).toEqual({ triggers: 1, functions: 1 });
      const target = await freshPostgres();
      await move({ pg: from.pg }, target);
      expect(await leftovers(target)).toEqual({ triggers: 0, functions: 0 });
      expect(await everyRow(target)).toEqual(await everyRow(from));
    });
  });
}
