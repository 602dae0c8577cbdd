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
  /** Runs `COPY (...) TO STDOUT` and returns what it wrote (COPY's text format). */
  copyOut: (statement: string) => Promise<Buffer>;
  /** Runs `COPY ... FROM STDIN` with `data` as its input. */
  copyIn: (statement: string, data: Buffer) => Promise<void>;
};

/** A PGlite session, or a transaction on one (the live backup holds PGlite's lock through its `tx`). */
export function pgliteConn(pg: Pick<PGlite, "exec" | "query">): Conn {
  return {
    kind: "pglite",
    exec: async (text) => {
      await pg.exec(text);
    },
    query: async <T>(text: string, params?: unknown[]) => (await pg.query<T>(text, params)).rows,
    // PGlite has no client stream: COPY reads and writes its /dev/blob.
    copyOut: async (statement) => {
      const result = await pg.query(statement.replace(/ TO STDOUT$/, " TO '/dev/blob'"));
      return result.blob ? Buffer.from(await result.blob.arrayBuffer()) : Buffer.alloc(0);
    },
    copyIn: async (statement, data) => {
      await pg.query(statement.replace(/ FROM STDIN$/, " FROM '/dev/blob'"), [], { blob: new Blob([new Uint8Array(data)]) });
    },
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
    copyOut: async (statement) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await sql.unsafe(statement).readable()) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    copyIn: async (statement, data) => {
      const stream = await sql.unsafe(statement).writable();
      await new Promise<void>((resolve, reject) => {
        stream.on("error", reject);
        stream.end(data, () => resolve());
      });
    },
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

/** "schema.table" quoted for SQL. */
export const quoteTable = (name: string) =>
  name
    .split(".")
    .map((part) => quoteIdent(part))
    .join(".");

/** drizzle's migration log: made by the migrations a restore applies, never copied. */
export const MIGRATIONS_TABLE = "drizzle.__drizzle_migrations";

/** The columns of each table a copy carries (every stored column, in order; not generated ones). */
export async function columnsOf(conn: Conn, tables: string[]): Promise<Record<string, string[]>> {
  const rows = await conn.query<{ name: string; columns: string[] }>(
    `select n.nspname || '.' || c.relname as name, array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
      where a.attnum > 0 and not a.attisdropped and a.attgenerated = '' and n.nspname || '.' || c.relname = any($1::text[])
      group by 1`,
    [tables],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.columns]));
}

/** `tables` ordered so that a table comes after every table its foreign keys point to (its own rows aside). */
export async function referencesFirst(conn: Conn, tables: string[]): Promise<string[]> {
  const edges = await conn.query<{ from: string; to: string }>(
    `select fn.nspname || '.' || f.relname as from, tn.nspname || '.' || t.relname as to
       from pg_constraint k join pg_class f on f.oid = k.conrelid join pg_namespace fn on fn.oid = f.relnamespace
       join pg_class t on t.oid = k.confrelid join pg_namespace tn on tn.oid = t.relnamespace
      where k.contype = 'f' and not k.condeferrable and k.conrelid <> k.confrelid and k.conparentid = 0`,
  );
  const needs = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (needs.has(e.from) && needs.has(e.to)) needs.get(e.from)!.add(e.to);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.filter((t) => !placed.has(t) && [...needs.get(t)!].every((d) => placed.has(d)));
    if (next.length === 0) throw new BackupError(`The schema's foreign keys form a cycle between ${tables.filter((t) => !placed.has(t)).join(", ")}.`);
    for (const t of next) {
      placed.add(t);
      ordered.push(t);
    }
  }
  return ordered;
}

/** Each identity or serial column's sequence as "schema.table.column" -> its state. */
export type Sequences = Record<string, { lastValue: string; isCalled: boolean }>;

export async function sequencesOf(conn: Conn, tables: string[]): Promise<Sequences> {
  const columns = await conn.query<{ name: string; seq: string }>(
    `select n.nspname || '.' || c.relname || '.' || a.attname as name, pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) as seq
       from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
      where a.attnum > 0 and not a.attisdropped and n.nspname || '.' || c.relname = any($1::text[])
        and pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) is not null
      order by 1`,
    [tables],
  );
  const out: Sequences = {};
  for (const { name, seq } of columns) {
    const [state] = await conn.query<{ last: string; called: boolean }>(`select last_value::text as last, is_called as called from ${seq}`);
    out[name] = { lastValue: state!.last, isCalled: state!.called };
  }
  return out;
}

/**
 * Tables the app makes at run time, outside its migrations, for counters that expire within a day:
 * the failed sign-in limits (lib/server/sign-in-limits.ts, made by rate-limiter-flexible), keyed
 * by HMACs under AUTH_SECRET, so useless on another installation. They are neither backed up nor
 * moved; the app makes them again at start.
 */
export const RUNTIME_TABLES = ["public.sign_in_limits"];

/** The tables of SCHEMAS (a partitioned table once, as its parent), as "schema.table", sorted; not RUNTIME_TABLES. */
export async function listTables(conn: Conn): Promise<string[]> {
  const rows = await conn.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname in (${SCHEMAS.map((s) => `'${s}'`).join(", ")})
      order by n.nspname collate "C", c.relname collate "C"`,
  );
  return rows.map((r) => r.name).filter((name) => !RUNTIME_TABLES.includes(name));
}

/**
 * Each table's row count and a checksum of its rows: md5 over the sorted md5s of every row's text,
 * so it does not depend on the order rows are stored in, nor on the server's collation.
 * Runs inside a transaction (it sets session-local output settings); the caller opens it.
 */
export async function tableStatsInTransaction(conn: Conn, tables?: string[]): Promise<TableStats> {
  await conn.exec(CANONICAL_SETTINGS);
  const stats: TableStats = {};
  for (const name of tables ?? (await listTables(conn))) {
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
export async function tableStats(conn: Conn, tables?: string[]): Promise<TableStats> {
  await conn.exec("begin isolation level repeatable read read only");
  try {
    return await tableStatsInTransaction(conn, tables);
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
