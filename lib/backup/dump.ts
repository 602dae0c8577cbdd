// A whole database as rows: every table of the app and of pg-boss's queue, each as COPY's text
// format with its column list, read in one read-only transaction together with each table's row
// count and checksum and each sequence's state. No SQL is written: a restore makes the schema with
// the app's own migrations and loads these rows into the tables it knows (load.ts).
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import {
  CANONICAL_SETTINGS,
  columnsOf,
  listTables,
  MIGRATIONS_TABLE,
  pgliteConn,
  postgresConn,
  quoteIdent,
  quoteTable,
  schemaVersionOf,
  sequencesOf,
  tableStatsInTransaction,
  type Conn,
  type SchemaVersion,
  type Sequences,
  type TableStats,
} from "./database";

/** One table's rows: its columns, in the order of `data` (COPY text format, one line a row). */
export type TableData = { columns: string[]; data: Buffer };

export type Dump = {
  schema: SchemaVersion;
  serverVersion: string;
  pgBossVersion: number | null;
  /** Row count and checksum of each table in `tables`. */
  stats: TableStats;
  tables: Record<string, TableData>;
  sequences: Sequences;
};

async function pgBossVersion(conn: Conn): Promise<number | null> {
  const [exists] = await conn.query<{ ok: boolean }>(`select to_regclass('pgboss.version') is not null as ok`);
  if (!exists?.ok) return null;
  const [row] = await conn.query<{ version: number }>(`select version from pgboss.version limit 1`);
  return row ? Number(row.version) : null;
}

/** Reads everything on `conn`, which is inside a transaction that sees one state (the caller's). */
async function dumpInTransaction(conn: Conn): Promise<Dump> {
  const schema = await schemaVersionOf(conn);
  const [version] = await conn.query<{ v: string }>(`select current_setting('server_version') as v`);
  const boss = await pgBossVersion(conn);
  const names = (await listTables(conn)).filter((name) => name !== MIGRATIONS_TABLE);
  const stats = await tableStatsInTransaction(conn, names); // sets the canonical output settings too
  const columns = await columnsOf(conn, names);
  const tables: Record<string, TableData> = {};
  for (const name of names) {
    const list = columns[name]!;
    // The query form: pg-boss's job table is partitioned, and COPY reads a partitioned table only so.
    const data = await conn.copyOut(`COPY (SELECT ${list.map(quoteIdent).join(", ")} FROM ${quoteTable(name)}) TO STDOUT`);
    tables[name] = { columns: list, data };
  }
  return { schema, serverVersion: version!.v, pgBossVersion: boss, stats, tables, sequences: await sequencesOf(conn, names) };
}

/**
 * Dumps an open PGlite, also one the app is using meanwhile (the live backup, lib/backup/live.ts).
 * PGlite is one session shared by everything in its process; this holds PGlite's own transaction
 * lock throughout, so no query or transaction of the app runs in between: the counts and the rows
 * describe one state. The app's queries wait meanwhile and then run as usual.
 */
export async function dumpPglite(pg: PGlite): Promise<Dump> {
  return pg.transaction(async (tx) => {
    const conn = pgliteConn(tx);
    const dump = await dumpInTransaction(conn);
    // Nothing was written; the settings above were local to this transaction.
    await tx.rollback();
    return dump;
  });
}

/**
 * Dumps a PostgreSQL database while the app keeps running: one repeatable-read, read-only
 * transaction reads the counts, the rows and the sequences, so they describe one snapshot whatever
 * the app writes meanwhile.
 */
export async function dumpPostgres(url: string): Promise<Dump> {
  const { default: postgres } = await import("postgres");
  const sql: Sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    let dump: Dump | undefined;
    await sql.begin("isolation level repeatable read read only", async (tx) => {
      const conn = postgresConn(tx);
      await conn.exec(CANONICAL_SETTINGS);
      dump = await dumpInTransaction(conn);
    });
    return dump!;
  } finally {
    await sql.end();
  }
}
