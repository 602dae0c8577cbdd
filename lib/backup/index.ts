// Backup, restore and the move from the embedded database to PostgreSQL: what the npm
// scripts run (scripts/backup.ts, restore.ts, db-move.ts), and what the tests call in-process.
//
// Every load into a target runs as ONE transaction that also checks the result (each table's row
// count and checksum against the source's) before it commits: a restore or move killed at any point,
// or one that finds a difference, leaves the target as it was. The source is only ever read.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { runMigrations } from "../../db/migrate";
import type { Db } from "../../db/client";
import { PGLITE_TYPE_OPTIONS } from "../../db/pglite-types";
import { archiveName, manifestFor, readArchive, writeArchive, type Manifest } from "./archive";
import {
  BackupError,
  compareStats,
  compareWithApp,
  contentsOf,
  pgliteConn,
  postgresConn,
  SCHEMAS,
  tableStats,
  tableStatsInTransaction,
  type Conn,
  type TableStats,
} from "./database";
import { dumpPglite, dumpPostgres, type Dump } from "./dump";
import { folderOwner, openPgliteFolder } from "./folder";
import { requestLiveDump } from "./live";

export { openPgliteFolder } from "./folder";

export { BackupError } from "./database";
export type { Manifest } from "./archive";

/** A database to read or write: an open PGlite (its folder opened by the caller) or a PostgreSQL URL. */
export type Database = { kind: "pglite"; pg: PGlite } | { kind: "postgres"; url: string };

async function dumpOf(source: Database): Promise<Dump> {
  return source.kind === "pglite" ? dumpPglite(source.pg) : dumpPostgres(source.url);
}

/** Runs `work` on one session of `target` (a PostgreSQL URL gets a one-connection client, closed after). */
async function withConn<T>(target: Database, work: (conn: Conn) => Promise<T>): Promise<T> {
  if (target.kind === "pglite") return work(pgliteConn(target.pg));
  const { default: postgres } = await import("postgres");
  const sql = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    return await work(postgresConn(sql));
  } finally {
    await sql.end();
  }
}

/**
 * Backs `source` up into one archive in `dir` (or exactly `file`), named by its time. Returns the
 * archive's path and manifest.
 */
export async function backup(source: Database, out: BackupTarget = {}): Promise<{ file: string; manifest: Manifest }> {
  return writeBackup(await dumpOf(source), source.kind, out);
}

/** Where a backup goes: a folder (named by its time, backups/ by default) or exactly this file. */
export type BackupTarget = { dir?: string; file?: string };

async function writeBackup(dump: Dump, kind: Database["kind"], out: BackupTarget): Promise<{ file: string; manifest: Manifest }> {
  const manifest = manifestFor(dump, kind);
  const file = out.file ?? path.join(out.dir ?? path.join(process.cwd(), "backups"), archiveName(new Date(manifest.createdAt)));
  await writeArchive(file, manifest, dump.sql);
  return { file, manifest };
}

/**
 * Backs up the PGlite folder `dir`. When the app has it open, the app makes the dump (over its
 * socket, lib/backup/live.ts) and keeps running; otherwise the folder is opened here. Either way
 * the archive is written here, the same way. `live` is the app's process id when it made the dump.
 */
export async function backupPgliteFolder(dir: string, out: BackupTarget = {}): Promise<{ file: string; manifest: Manifest; live: number | null }> {
  const owner = folderOwner(dir);
  if (owner) return { ...(await writeBackup(await requestLiveDump(dir, owner), "pglite", out)), live: owner };
  const folder = await openPgliteFolder(dir);
  try {
    return { ...(await backup({ kind: "pglite", pg: folder.pg }, out)), live: null };
  } finally {
    await folder.close();
  }
}

export type LoadOptions = { force?: boolean };

const refuseData = (what: string) =>
  new BackupError(
    `${what} already holds data. Restore only into an empty database, or pass --force to replace everything in it (its tables, rows and queued jobs are dropped in the same transaction). Nothing was written.`,
  );

/**
 * Loads a dump into `target` as one transaction: clears leftover empty tables (or, with force,
 * everything), runs the dump, compares every table with `expected`, and commits only if all match.
 */
async function load(target: Database, dumpSql: string, expected: TableStats, options: LoadOptions & { what: string }): Promise<void> {
  await withConn(target, async (conn) => {
    const contents = await contentsOf(conn);
    if (contents === "data" && !options.force) throw refuseData(options.what);
    await conn.exec("begin");
    try {
      if (contents !== "nothing") {
        // Tables the app's first start created (no rows), or with --force everything: replaced in this transaction.
        await conn.exec(`${SCHEMAS.map((s) => `drop schema if exists ${s} cascade;`).join(" ")} create schema public;`);
      }
      await conn.exec(dumpSql);
      const differences = compareStats(expected, await tableStatsInTransaction(conn));
      if (differences.length) {
        throw new BackupError(`The copy does not match its source, so it was rolled back and nothing was written: ${differences.join("; ")}`);
      }
      await conn.exec("commit");
    } catch (error) {
      await conn.exec("rollback").catch(() => {});
      throw error;
    } finally {
      // The dump sets its own session settings (an empty search_path among them).
      await conn.exec("reset all").catch(() => {});
    }
  });
}

/** Brings a restored older schema up to this app's migrations, as the app's own start would. */
async function migrate(target: Database): Promise<void> {
  if (target.kind === "postgres") {
    await runMigrations(null as unknown as Db, { kind: "postgres", url: target.url });
    return;
  }
  const { drizzle } = await import("drizzle-orm/pglite");
  await runMigrations(drizzle(target.pg) as unknown as Db, { kind: "pglite" });
}

export type RestoreResult = { manifest: Manifest; migrated: boolean };

/**
 * Restores an archive into `target`, which must hold no data unless `force`. A truncated or altered
 * file, or one from a newer app, is refused before the target is touched; one from an older app
 * is restored and then migrated.
 */
export async function restore(file: string, target: Database, options: LoadOptions = {}): Promise<RestoreResult> {
  const { manifest, sql } = await readArchive(file);
  const schema = compareWithApp(manifest.schema);
  await load(target, sql, manifest.tables, { ...options, what: target.kind === "pglite" ? "The embedded database" : "The target database" });
  if (schema === "older") await migrate(target);
  return { manifest, migrated: schema === "older" };
}

/**
 * Restores an archive into a PGlite folder. A folder that does not exist yet is built beside it
 * (`<dir>.partial`) and renamed into place once complete, so a killed restore never leaves a
 * half-built database under the app's folder name; an existing one is restored in place, in one
 * transaction.
 */
export async function restoreToPgliteDir(file: string, dir: string, options: LoadOptions = {}): Promise<RestoreResult> {
  const fresh = !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
  const where = fresh ? `${dir}.partial` : dir;
  let opened: { pg: PGlite; close: () => Promise<void> };
  if (fresh) {
    await readArchive(file); // refuse a bad file before creating anything
    fs.rmSync(where, { recursive: true, force: true }); // an earlier run's leftovers: start over
    fs.mkdirSync(where, { recursive: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = await PGlite.create(where, PGLITE_TYPE_OPTIONS);
    opened = { pg, close: () => pg.close() };
  } else {
    opened = await openPgliteFolder(dir);
  }
  let result: RestoreResult;
  try {
    result = await restore(file, { kind: "pglite", pg: opened.pg }, options);
  } finally {
    await opened.close();
  }
  if (fresh) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(where, dir);
  }
  return result;
}

export type MoveResult = { tables: TableStats; migrated: boolean };

/**
 * Copies everything in the embedded database to an empty PostgreSQL database: schema and its
 * version, every row, collaboration documents and update logs, pg-boss's queue. Counts and
 * checksums are compared inside the copying transaction and again, after it committed, on a new
 * connection. A target that holds data is refused.
 */
export async function move(source: { pg: PGlite }, to: { url: string }): Promise<MoveResult> {
  const target: Database = { kind: "postgres", url: to.url };
  const contents = await withConn(target, contentsOf);
  if (contents === "data") throw refuseData("The target database");
  const dump = await dumpPglite(source.pg);
  const schema = compareWithApp(dump.schema);
  await load(target, dump.sql, dump.stats, { what: "The target database" });
  const after = await withConn(target, tableStats);
  const differences = compareStats(dump.stats, after);
  if (differences.length) throw new BackupError(`The target does not match the source after the move: ${differences.join("; ")}`);
  if (schema === "older") await migrate(target);
  return { tables: after, migrated: schema === "older" };
}
