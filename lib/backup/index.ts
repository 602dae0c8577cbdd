// Backup, restore and the move from the embedded database to PostgreSQL: what the npm
// scripts run (scripts/backup.ts, restore.ts, db-move.ts), and what the tests call in-process.
//
// Every load into a target runs as ONE transaction that also checks the result (each table's row
// count and checksum against the source's) before it commits: a restore or move killed at any point,
// or one that finds a difference, leaves the target as it was. The source is only ever read.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLITE_TYPE_OPTIONS } from "../../db/pglite-types";
import { ensurePrivateDir, tightenTree } from "../private-files";
import { archiveName, manifestFor, payloadOf, readArchive, readPayload, seal, writeFileAtomically, type Contents, type Manifest } from "./archive";
import { BackupError, compareStats, contentsOf, pgliteConn, postgresConn, tableStats, type Conn, type TableStats } from "./database";
import { dumpPglite, dumpPostgres, type Dump } from "./dump";
import { folderOwner, openPgliteFolder } from "./folder";
import type { BackupKey } from "./key";
import { requestLiveDump } from "./live";
import { loadRows, refuseData, type Rows } from "./load";

export { openPgliteFolder } from "./folder";
export { configuredBackupKey, backupKeyFromText, type BackupKey } from "./key";

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
 * Where a backup goes: a folder (named by its time, backups/ by default; made 0700, refused when
 * others can use it) or exactly this file. `key` authenticates it.
 */
export type BackupTarget = { dir?: string; file?: string; key: BackupKey };

/** Backs `source` up into one archive. Returns the archive's path and manifest. */
export async function backup(source: Database, out: BackupTarget): Promise<{ file: string; manifest: Manifest }> {
  const dump = await dumpOf(source);
  const manifest = manifestFor(dump, source.kind);
  return writeBackup(manifest, await payloadOf(manifest, dump), out);
}

function writeBackup(manifest: Manifest, payload: Buffer, out: BackupTarget): { file: string; manifest: Manifest } {
  let file: string;
  if (out.file) {
    file = out.file;
    if (!fs.existsSync(path.dirname(file))) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } else {
    const dir = out.dir ?? path.join(process.cwd(), "backups");
    ensurePrivateDir(dir, "The backup folder");
    file = path.join(dir, archiveName(new Date(manifest.createdAt)));
  }
  writeFileAtomically(file, seal(payload, out.key));
  return { file, manifest };
}

/**
 * Backs up the PGlite folder `dir`. When the app has it open, the app reads the rows (over its
 * socket, lib/backup/live.ts) and keeps running; otherwise the folder is opened here. Either way
 * the archive is authenticated and written here. `live` is the app's process id when it made the dump.
 */
export async function backupPgliteFolder(dir: string, out: BackupTarget): Promise<{ file: string; manifest: Manifest; live: number | null }> {
  const owner = folderOwner(dir);
  if (owner) {
    const payload = await requestLiveDump(dir, owner);
    const { manifest } = await readPayload(`The app's answer on ${dir}`, payload);
    return { ...writeBackup(manifest, payload, out), live: owner };
  }
  const folder = await openPgliteFolder(dir);
  try {
    return { ...(await backup({ kind: "pglite", pg: folder.pg }, out)), live: null };
  } finally {
    await folder.close();
  }
}

export type LoadOptions = { force?: boolean; key: BackupKey };

const rowsOf = ({ manifest, tables }: Contents): Rows => ({
  schema: manifest.schema,
  pgBossVersion: manifest.pgBossVersion,
  stats: Object.fromEntries(Object.entries(manifest.tables).map(([name, t]) => [name, { rows: t.rows, checksum: t.checksum }])),
  tables,
  sequences: manifest.sequences,
});

export type RestoreResult = { manifest: Manifest; migrated: boolean };

const targetName = (target: Database) => (target.kind === "pglite" ? "The embedded database" : "The target database");

async function restoreContents(contents: Contents, target: Database, force: boolean): Promise<RestoreResult> {
  const { migrated } = await withConn(target, (conn) => loadRows(conn, rowsOf(contents), { force, what: targetName(target) }));
  return { manifest: contents.manifest, migrated };
}

/**
 * Restores an archive into `target`, which must hold no data unless `force`. A file whose
 * authentication code does not match `key` (changed, cut short, made with another key), or one
 * from a newer app, is refused before the target is touched; one from an older app is restored
 * and migrated in the same transaction.
 */
export async function restore(file: string, target: Database, options: LoadOptions): Promise<RestoreResult> {
  return restoreContents(await readArchive(file, options.key), target, options.force ?? false);
}

/**
 * Restores an archive into a PGlite folder. A folder that does not exist yet is built beside it
 * (`<dir>.partial`, 0700) and renamed into place once complete, so a killed restore never leaves a
 * half-built database under the app's folder name; an existing one is restored in place, in one
 * transaction.
 */
export async function restoreToPgliteDir(file: string, dir: string, options: LoadOptions): Promise<RestoreResult> {
  const contents = await readArchive(file, options.key); // refuse a bad file before creating anything
  const fresh = !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
  const where = fresh ? `${dir}.partial` : dir;
  let opened: { pg: PGlite; close: () => Promise<void> };
  if (fresh) {
    fs.rmSync(where, { recursive: true, force: true }); // an earlier run's leftovers: start over
    ensurePrivateDir(where, "The embedded database folder");
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = await PGlite.create(where, PGLITE_TYPE_OPTIONS);
    opened = { pg, close: () => pg.close() };
  } else {
    opened = await openPgliteFolder(dir);
  }
  let result: RestoreResult;
  try {
    result = await restoreContents(contents, { kind: "pglite", pg: opened.pg }, options.force ?? false);
  } finally {
    await opened.close();
  }
  tightenTree(where);
  if (fresh) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(where, dir);
  }
  return result;
}

export type MoveResult = { tables: TableStats; migrated: boolean };

/**
 * Copies every row of the embedded database to an empty PostgreSQL database, the way a restore
 * loads a backup (load.ts): the schema from this app's migrations, the rows by COPY into known
 * tables and columns, nothing else of the source (no function, trigger or other object it may
 * hold). Counts and checksums are compared inside the copying transaction and again, after it
 * committed, on a new connection. A target that holds data is refused.
 */
export async function move(source: { pg: PGlite }, to: { url: string }): Promise<MoveResult> {
  const target: Database = { kind: "postgres", url: to.url };
  const contents = await withConn(target, contentsOf);
  if (contents === "data") throw refuseData("The target database");
  const dump = await dumpPglite(source.pg);
  const { migrated } = await withConn(target, (conn) => loadRows(conn, dump, { what: "The target database" }));
  const after = await withConn(target, (conn) => tableStats(conn, Object.keys(dump.tables)));
  const differences = migrated ? [] : compareStats(dump.stats, after);
  if (differences.length) throw new BackupError(`The target does not match the source after the move: ${differences.join("; ")}`);
  return { tables: after, migrated };
}
