// Rule kept here: a restore or move never runs SQL it was given. The schema is made by this app's
// own migrations (and pg-boss's own construction, from the installed package) at the source's
// schema version; rows are loaded with COPY ... FROM STDIN into the tables those made, naming
// only the columns they made; a table, column or sequence they did not make is refused. All of it,
// the check of every table's rows against the source's counts and checksums, and the migrations
// that bring an older schema up to date, run in ONE transaction: a refusal, a failure or a kill at
// any point leaves the target as it was.
import PgBoss from "pg-boss";
import { applyMigrationsInTransaction } from "../../db/migrate";
import {
  appMigrations,
  BackupError,
  CANONICAL_SETTINGS,
  columnsOf,
  compareStats,
  contentsOf,
  listTables,
  MIGRATIONS_TABLE,
  quoteIdent,
  quoteTable,
  referencesFirst,
  SCHEMAS,
  tableStatsInTransaction,
  type Conn,
  type SchemaVersion,
  type Sequences,
  type TableStats,
} from "./database";
import type { TableData } from "./dump";

/** What a load needs: the source's schema version, its rows and what they must come to. */
export type Rows = { schema: SchemaVersion; pgBossVersion: number | null; stats: TableStats; tables: Record<string, TableData>; sequences: Sequences };

export const refuseData = (what: string) =>
  new BackupError(
    `${what} already holds data. Restore only into an empty database, or pass --force to replace everything in it (its tables, rows and queued jobs are dropped in the same transaction). Nothing was written.`,
  );

const refuse = (why: string) => new BackupError(`${why}: refused, and nothing was written.`);

/**
 * Which of this app's migrations the source is at (their count), or a refusal: a schema this build
 * does not know (newer, or not one of its migrations) is never loaded.
 */
export function migrationsAt(version: SchemaVersion): { count: number; older: boolean } {
  const migrations = appMigrations();
  const latest = migrations.at(-1)!;
  if (version.lastMigrationAt > latest.when || version.migrations > migrations.length) {
    throw new BackupError(
      `This backup was made by a newer version of Between Us: its database schema is at migration ${version.tag ?? `#${version.migrations}`} (${new Date(version.lastMigrationAt).toISOString()}), ` +
        `newer than this app's latest, ${latest.tag}. Upgrade the app (git pull && npm install), then restore again. Nothing was written.`,
    );
  }
  const at = migrations.findIndex((m) => m.when === version.lastMigrationAt);
  if (at === -1 || at + 1 !== version.migrations) {
    throw new BackupError(
      `This backup's database schema (${version.migrations} migrations, the last at ${version.lastMigrationAt}) is not one this app knows. Nothing was written.`,
    );
  }
  return { count: at + 1, older: at + 1 < migrations.length };
}

/** pg-boss's schema as the installed pg-boss makes it, inside the caller's transaction (its own BEGIN/COMMIT taken off). */
function pgBossSchemaSql(): string {
  const text = (PgBoss as unknown as { getConstructionPlans: (schema: string) => string }).getConstructionPlans("pgboss").trim();
  if (!text.startsWith("BEGIN;") || !text.endsWith("COMMIT;"))
    throw new BackupError("The installed pg-boss makes its schema in a way this restore does not know.");
  return `${text.slice("BEGIN;".length, -"COMMIT;".length)}; set local idle_in_transaction_session_timeout = 0; set local lock_timeout = 0`;
}

/** Queues are made by pg-boss's own create_queue (it makes each queue's job partition), then given the source's settings and times. */
async function loadQueues(conn: Conn, data: TableData): Promise<void> {
  await conn.exec(`create temporary table backup_queue (like pgboss.queue) on commit drop`);
  await conn.copyIn(`COPY backup_queue (${data.columns.map(quoteIdent).join(", ")}) FROM STDIN`, data.data);
  await conn.query(
    `select pgboss.create_queue(name, json_build_object('policy', policy, 'retryLimit', retry_limit, 'retryDelay', retry_delay, 'retryBackoff', retry_backoff,
       'expireInSeconds', expire_seconds, 'retentionMinutes', retention_minutes, 'deadLetter', dead_letter)) from backup_queue`,
  );
  // partition_name is create_queue's to choose: a backup that says otherwise fails the checksum below.
  const set = data.columns.filter((c) => c !== "name" && c !== "partition_name").map((c) => `${quoteIdent(c)} = b.${quoteIdent(c)}`);
  if (set.length) await conn.exec(`update pgboss.queue q set ${set.join(", ")} from backup_queue b where q.name = b.name`);
}

async function setSequences(conn: Conn, sequences: Sequences, known: Record<string, string[]>): Promise<void> {
  const serial = await conn.query<{ name: string; seq: string }>(
    `select n.nspname || '.' || c.relname || '.' || a.attname as name, pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) as seq
       from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
      where a.attnum > 0 and not a.attisdropped and n.nspname || '.' || c.relname = any($1::text[])
        and pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) is not null`,
    [Object.keys(known)],
  );
  const byName = new Map(serial.map((s) => [s.name, s.seq]));
  for (const [name, state] of Object.entries(sequences)) {
    const seq = byName.get(name);
    if (!seq) throw refuse(`The backup sets a sequence for ${name}, a column this app's schema gives none`);
    await conn.query(`select setval($1::regclass, $2::bigint, $3::boolean)`, [seq, state.lastValue, state.isCalled]);
  }
}

/**
 * Loads `rows` into the database on `conn` as one transaction (see the file's rule). `force`
 * replaces a target that holds data; without it such a target is refused. Returns whether the
 * source's schema was older (and was brought up to this app's).
 */
export async function loadRows(conn: Conn, rows: Rows, options: { force?: boolean; what: string }): Promise<{ migrated: boolean }> {
  const at = migrationsAt(rows.schema);
  const contents = await contentsOf(conn);
  if (contents === "data" && !options.force) throw refuseData(options.what);
  await conn.exec("begin");
  try {
    if (contents !== "nothing") {
      // Tables the app's first start created (no rows), or with --force everything: replaced in this transaction.
      await conn.exec(`${SCHEMAS.map((s) => `drop schema if exists ${s} cascade;`).join(" ")} create schema public;`);
    }
    await applyMigrationsInTransaction(conn, 0, at.count);
    if (rows.pgBossVersion !== null) {
      await conn.exec(pgBossSchemaSql());
      const [made] = await conn.query<{ version: number }>(`select version from pgboss.version`);
      if (Number(made?.version) !== rows.pgBossVersion) {
        throw refuse(`The backup's job queue is at pg-boss schema ${rows.pgBossVersion}, this app's pg-boss makes schema ${made?.version}`);
      }
    }
    await conn.exec(CANONICAL_SETTINGS);
    const names = (await listTables(conn)).filter((name) => name !== MIGRATIONS_TABLE);
    const known = await columnsOf(conn, names);
    for (const name of Object.keys(rows.tables)) {
      if (!known[name]) throw refuse(`The backup holds table ${name}, which this app's schema (migration ${rows.schema.tag}) does not have`);
      const columns = rows.tables[name]!.columns;
      const unknown = columns.filter((c) => !known[name]!.includes(c));
      if (unknown.length) throw refuse(`The backup's table ${name} has column ${unknown.join(", ")}, which this app's schema does not have`);
      const missing = known[name]!.filter((c) => !columns.includes(c));
      if (missing.length || new Set(columns).size !== columns.length)
        throw refuse(`The backup's table ${name} does not carry exactly its columns (missing: ${missing.join(", ") || "none"})`);
    }
    const absent = names.filter((name) => !rows.tables[name]);
    if (absent.length) throw refuse(`The backup holds no rows for ${absent.join(", ")}, which this app's schema has`);

    if (rows.tables["pgboss.version"]) await conn.exec(`delete from pgboss.version`);
    // Queues first: a queue's jobs go into the partition its create_queue makes (a deferred foreign key the order cannot see).
    const order = (await referencesFirst(conn, names)).sort((a, b) => Number(b === "pgboss.queue") - Number(a === "pgboss.queue"));
    for (const name of order) {
      const data = rows.tables[name]!;
      try {
        if (name === "pgboss.queue") await loadQueues(conn, data);
        else await conn.copyIn(`COPY ${quoteTable(name)} (${data.columns.map(quoteIdent).join(", ")}) FROM STDIN`, data.data);
      } catch (error) {
        if (error instanceof BackupError) throw error;
        throw refuse(`The rows of ${name} did not load (${(error as Error).message})`);
      }
    }
    if (rows.pgBossVersion !== null) {
      const versions = await conn.query<{ version: number }>(`select version from pgboss.version`);
      if (versions.length !== 1 || Number(versions[0]!.version) !== rows.pgBossVersion)
        throw refuse("The backup's pg-boss version row does not match its manifest");
    }
    await setSequences(conn, rows.sequences, known);

    const differences = compareStats(rows.stats, await tableStatsInTransaction(conn, names));
    if (differences.length) {
      throw new BackupError(`The copy does not match its source, so it was rolled back and nothing was written: ${differences.join("; ")}`);
    }
    if (at.older) await applyMigrationsInTransaction(conn, at.count, appMigrations().length);
    await conn.exec("commit");
    return { migrated: at.older };
  } catch (error) {
    await conn.exec("rollback").catch(() => {});
    throw error;
  } finally {
    await conn.exec("reset all").catch(() => {});
  }
}
