// The raw SQL side of backup, restore and db:move: one small connection type over PGlite and
// postgres.js, and what both ends of a copy are compared by (row counts and a checksum per table).
//
// Not marked "server-only": the npm scripts (scripts/backup.ts, restore.ts, db-move.ts) run
// under plain Node (tsx), like db/client.ts.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Sql, TransactionSql } from "postgres";

/** What backup, restore and move are refused with: a message meant for the person at the terminal. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export type Kind = "pglite" | "postgres";

/** One session on a database: statements run one after another on the same connection. */
export type Conn = {
  kind: Kind;
  /** Runs one or more statements (no parameters), e.g. a whole dump. */
  exec: (text: string) => Promise<void>;
  query: <T>(text: string, params?: unknown[]) => Promise<T[]>;
};

export function pgliteConn(pg: PGlite): Conn {
  return {
    kind: "pglite",
    exec: async (text) => {
      await pg.exec(text);
    },
    query: async <T>(text: string, params?: unknown[]) => (await pg.query<T>(text, params)).rows,
  };
}

/** A session on a postgres.js client or reserved connection (max 1, or a transaction's). */
export function postgresConn(sql: Sql | TransactionSql): Conn {
  return {
    kind: "postgres",
    exec: async (text) => {
      await sql.unsafe(text);
    },
    query: async <T>(text: string, params?: unknown[]) => (await sql.unsafe(text, params as never[])) as unknown as T[],
  };
}

/** The schemas a Between Us database is made of: the app's tables, drizzle's migration log, pg-boss's queue. */
export const SCHEMAS = ["public", "drizzle", "pgboss"] as const;

export type TableStat = { rows: number; checksum: string };
export type TableStats = Record<string, TableStat>;

// A row's text depends on these settings; both ends of a comparison read rows the same way.
export const CANONICAL_SETTINGS =
  "set local timezone = 'UTC'; set local datestyle = 'ISO, MDY'; set local intervalstyle = 'postgres'; set local extra_float_digits = 1; set local bytea_output = 'hex'";

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The tables of SCHEMAS (a partitioned table once, as its parent), as "schema.table", sorted. */
export async function listTables(conn: Conn): Promise<string[]> {
  const rows = await conn.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname in (${SCHEMAS.map((s) => `'${s}'`).join(", ")})
      order by n.nspname collate "C", c.relname collate "C"`,
  );
  return rows.map((r) => r.name);
}

/**
 * Each table's row count and a checksum of its rows: md5 over the sorted md5s of every row's text,
 * so it does not depend on the order rows are stored in, nor on the server's collation.
 * Runs inside a transaction (it sets session-local output settings); the caller opens it.
 */
export async function tableStatsInTransaction(conn: Conn): Promise<TableStats> {
  await conn.exec(CANONICAL_SETTINGS);
  const stats: TableStats = {};
  for (const name of await listTables(conn)) {
    const [schema, table] = name.split(".") as [string, string];
    const [row] = await conn.query<{ rows: number; checksum: string }>(
      `select count(*)::int as rows, md5(coalesce(string_agg(h, '' order by h), '')) as checksum
         from (select md5(t::text) collate "C" as h from ${quoteIdent(schema)}.${quoteIdent(table)} t) s`,
    );
    stats[name] = { rows: Number(row!.rows), checksum: row!.checksum };
  }
  return stats;
}

/** tableStatsInTransaction in a read-only transaction of its own. */
export async function tableStats(conn: Conn): Promise<TableStats> {
  await conn.exec("begin isolation level repeatable read read only");
  try {
    return await tableStatsInTransaction(conn);
  } finally {
    await conn.exec("rollback");
  }
}

/** The tables whose count or checksum differ between two sides, one line each (empty when equal). */
export function compareStats(expected: TableStats, actual: TableStats): string[] {
  const differences: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const a = expected[name];
    const b = actual[name];
    if (!a) differences.push(`${name}: not in the source`);
    else if (!b) differences.push(`${name}: missing`);
    else if (a.rows !== b.rows) differences.push(`${name}: ${a.rows} rows expected, ${b.rows} found`);
    else if (a.checksum !== b.checksum) differences.push(`${name}: same ${a.rows} rows, different content`);
  }
  return differences;
}

/**
 * What a target database holds: nothing at all (a new database), the app's tables with no row in
 * any of them (an app started once on it, with no demo data), or data.
 */
export async function contentsOf(conn: Conn): Promise<"nothing" | "empty tables" | "data"> {
  const tables = await listTables(conn);
  if (tables.length === 0) return "nothing";
  for (const name of tables.filter((t) => t.startsWith("public.") || t === "pgboss.job")) {
    const [schema, table] = name.split(".") as [string, string];
    const rows = await conn.query(`select 1 from ${quoteIdent(schema)}.${quoteIdent(table)} limit 1`);
    if (rows.length) return "data";
  }
  return "empty tables";
}

type JournalEntry = { idx: number; when: number; tag: string };

/** The app's own migrations (db/migrations/meta/_journal.json), oldest first. */
export function appMigrations(migrationsFolder = path.join(process.cwd(), "db", "migrations")): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  return journal.entries;
}

/** A database's schema version: how many migrations drizzle applied, the last one's time (drizzle's `when`) and tag. */
export type SchemaVersion = { migrations: number; lastMigrationAt: number; tag: string | null };

export async function schemaVersionOf(conn: Conn): Promise<SchemaVersion> {
  const [exists] = await conn.query<{ ok: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!exists?.ok) throw new BackupError("This database has no Between Us schema (no drizzle.__drizzle_migrations table): nothing to back up.");
  const [row] = await conn.query<{ n: number; last: string | null }>(
    `select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  const last = Number(row?.last ?? 0);
  return { migrations: Number(row?.n ?? 0), lastMigrationAt: last, tag: appMigrations().find((m) => m.when === last)?.tag ?? null };
}

/**
 * Whether this app can take a database at `version`: the same schema, an older one (the app's
 * migrations bring it up to date after the restore) or a newer one (refused, with what to do).
 */
export function compareWithApp(version: SchemaVersion): "same" | "older" {
  const migrations = appMigrations();
  const latest = migrations.at(-1)!;
  if (version.lastMigrationAt > latest.when || version.migrations > migrations.length) {
    throw new BackupError(
      `This backup was made by a newer version of Between Us: its database schema is at migration ${version.tag ?? `#${version.migrations}`} (${new Date(version.lastMigrationAt).toISOString()}), ` +
        `newer than this app's latest, ${latest.tag}. Upgrade the app (git pull && npm install), then restore again. Nothing was written.`,
    );
  }
  if (!migrations.some((m) => m.when === version.lastMigrationAt)) {
    throw new BackupError(`This backup's database schema (last migration at ${version.lastMigrationAt}) is not one this app knows. Nothing was written.`);
  }
  return version.lastMigrationAt === latest.when ? "same" : "older";
}
