import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { eq, getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { openDb, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { users } from "@/db/schema";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { Actor } from "@/lib/policy";

type Handle = Awaited<ReturnType<typeof openDb>>;

// The demo seed writes today's date (reporting lines start today): a run that crosses midnight
// builds a new copy for the files that start after it, as if each had seeded its own.
const today = () => new Date().toISOString().slice(0, 10).replaceAll("-", "");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fresh in-memory PGlite, migrated and seeded. initdb, the migrations and the seed take seconds
 * per database, so the first file of the run builds one, leaves its data directory as a tarball
 * where test/global-setup.ts said, and every later file loads its own copy of it (about a fifth
 * of the time). Without the global setup (another config) each file builds its own, as before.
 */
async function openPglite(): Promise<Handle> {
  const dir = inject("testDbSnapshotDir");
  if (!dir) return openDb({ pgliteDir: "memory://", demoData: true });
  const snapshot = path.join(dir, `pglite-${today()}.tar`);
  const lock = `${snapshot}.lock`;
  for (;;) {
    if (fs.existsSync(snapshot)) {
      return openDb({ pgliteDir: "memory://", loadDataDir: new Blob([fs.readFileSync(snapshot)]) });
    }
    try {
      fs.closeSync(fs.openSync(lock, "wx"));
    } catch {
      // Another file is building it; a lock older than any build is one whose worker died.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lock, { force: true });
      await sleep(100);
      continue;
    }
    try {
      const handle = await openDb({ pgliteDir: "memory://", demoData: true });
      try {
        const client = (handle.db as unknown as { $client: PGlite }).$client;
        const tarball = Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer());
        fs.writeFileSync(`${snapshot}.tmp`, tarball);
        fs.renameSync(`${snapshot}.tmp`, snapshot);
      } catch (error) {
        await handle.close();
        throw error;
      }
      return handle; // the builder's own database is in the same state as every copy
    } finally {
      // On failure the next waiting file takes its turn to build.
      fs.rmSync(lock, { force: true });
    }
  }
}

/**
 * A new database on the DATABASE_URL server, copied from a template database that the first file
 * of the run migrates and seeds (create database ... template is a file copy, far faster).
 * An advisory lock keeps two files from building the template at once; it is built under another
 * name and renamed when complete, so a failed build never leaves a half template to copy.
 */
async function openPostgres(): Promise<Handle & { drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("TEST_DB=postgres needs DATABASE_URL");
  const { default: postgres } = await import("postgres");
  const urlOf = (database: string) => {
    const url = new URL(base);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const name = `bu_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    const run = inject("testDbTemplate");
    if (run) {
      const template = `${run}_${today()}`;
      await admin`select pg_advisory_lock(hashtext(${template}))`;
      try {
        const [built] = await admin`select 1 from pg_database where datname = ${template}`;
        if (!built) {
          const building = `${template}_building`;
          await admin.unsafe(`drop database if exists ${building} with (force)`);
          await admin.unsafe(`create database ${building}`);
          await (await openDb({ url: urlOf(building), demoData: true })).close();
          await admin.unsafe(`alter database ${building} rename to ${template}`);
        }
      } finally {
        await admin`select pg_advisory_unlock(hashtext(${template}))`;
      }
      await admin.unsafe(`create database ${name} template ${template}`);
    } else {
      await admin.unsafe(`create database ${name}`);
    }
  } catch (error) {
    await admin.end();
    throw error;
  }
  // The copy is seeded already; migrating it finds nothing to do, as when the app restarts.
  const handle = await openDb({ url: urlOf(name), demoData: !inject("testDbTemplate") }).catch(async (error: unknown) => {
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
    throw error;
  });
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Gives this test file a fresh database with the demo organization: an in-memory PGlite by
 * default, or, with TEST_DB=postgres, a new database on the DATABASE_URL server, dropped after.
 * It is installed where the app's getDb() looks, so lib/server runs exactly as in the app.
 */
export function useTestDatabase() {
  const state: { db: Db } = {} as { db: Db };
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    let handle: Handle;
    if (process.env.TEST_DB === "postgres") {
      const opened = await openPostgres();
      handle = opened;
      cleanup = opened.drop;
    } else {
      handle = await openPglite();
      cleanup = () => handle.close();
    }
    (globalThis as { __betweenUsDb?: Promise<typeof handle> }).__betweenUsDb = Promise.resolve(handle);
    state.db = handle.db;
  });
  afterAll(async () => {
    // A test that queued mail started pg-boss on this database: stop it before the database goes.
    await (await import("@/lib/jobs/queue")).stopQueue({ graceful: false });
    (globalThis as { __betweenUsDb?: unknown }).__betweenUsDb = undefined;
    await cleanup();
  });
  return state;
}

export async function actorOf(db: Db, email: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  return { id: u.id, orgId: u.orgId, orgRole: u.orgRole, name: u.name, email: u.email };
}

/** Every row of every table: small test databases make "nothing changed" exact. */
export async function dumpAll(db: Db) {
  const out: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(schema)) {
    if (is(table, PgTable))
      out[name] = await db
        .select()
        .from(table)
        .orderBy(sql`1`);
  }
  return out;
}

/**
 * A digest of every table's rows (md5 of the rows as text, in order), in one statement: what
 * "nothing changed" compares when the rows themselves are not needed. Far cheaper than dumpAll
 * (a statement per table, every row sent to JavaScript), which the access matrix did per call.
 */
export async function fingerprintAll(db: Db): Promise<Record<string, string>> {
  const parts = Object.values(schema)
    .filter((table) => is(table, PgTable))
    .map((table) => {
      const name = getTableName(table as PgTable);
      return `select '${name}' as t, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as h from "${name}" x`;
    });
  const result = (await db.execute(sql.raw(parts.join(" union all ")))) as unknown;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { t: string; h: string }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** The call is refused with an AppError of exactly this code and no row anywhere changed. */
export async function expectRefusedUnchanged(db: Db, run: () => Promise<unknown>, code: ErrorCode) {
  const before = await fingerprintAll(db);
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call should have been refused").toBeInstanceOf(AppError);
  expect((error as AppError).code, "the code the product answers").toBe(code);
  expect(await fingerprintAll(db), "no table changed").toEqual(before);
  return error as AppError;
}
