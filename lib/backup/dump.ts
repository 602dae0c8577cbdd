// A whole database as one SQL script, made by the tools built for it: PGlite's own pg_dump
// (@electric-sql/pglite-tools, pg_dump compiled to WebAssembly, on the same connection) or the
// machine's pg_dump for PostgreSQL. Both write plain SQL with multi-row INSERTs (no COPY, no psql
// needed), so a dump of either kind restores into either kind by running it as one transaction.
import { spawn } from "node:child_process";
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import { env } from "../env";
import { BackupError, postgresConn, schemaVersionOf, tableStatsInTransaction, type Conn, type SchemaVersion, type TableStats } from "./database";

/** pg_dump options both ends share: no owners or grants (the target's own user owns everything), INSERTs that name their columns. */
const DUMP_ARGS = ["--no-owner", "--no-privileges", "--column-inserts", "--rows-per-insert=500"];

export type Dump = { sql: string; stats: TableStats; schema: SchemaVersion; serverVersion: string; pgBossVersion: number | null };

/**
 * Makes a dump portable between PostgreSQL versions and drivers. Only the script's header and
 * trailer are touched (never the data in between): psql's \restrict / \unrestrict lines (a
 * driver cannot run psql commands) and settings an older server does not know (PGlite is
 * PostgreSQL 18; `transaction_timeout` arrived in 17).
 */
export function portableDump(text: string): string {
  const firstStatementEnd = text.indexOf("SET default_table_access_method");
  const cut = firstStatementEnd === -1 ? Math.min(text.length, 4000) : firstStatementEnd;
  const header = text
    .slice(0, cut)
    .replace(/^\\(?:un)?restrict\b.*$/gm, "")
    .replace(/^SET transaction_timeout = 0;$/gm, "");
  const trailerAt = text.lastIndexOf("-- PostgreSQL database dump complete");
  const body = trailerAt > cut ? text.slice(cut, trailerAt) : text.slice(cut);
  const trailer = trailerAt > cut ? text.slice(trailerAt).replace(/^\\(?:un)?restrict\b.*$/gm, "") : "";
  return header + body + trailer;
}

async function pgBossVersion(query: <T>(text: string) => Promise<T[]>): Promise<number | null> {
  const [exists] = await query<{ ok: boolean }>(`select to_regclass('pgboss.version') is not null as ok`);
  if (!exists?.ok) return null;
  const [row] = await query<{ version: number }>(`select version from pgboss.version limit 1`);
  return row ? Number(row.version) : null;
}

/**
 * Dumps an open PGlite, also one the app is using meanwhile (the live backup, lib/backup/live.ts).
 * PGlite is one session shared by everything in its process; this holds PGlite's own transaction
 * lock from the counts to the end of pg_dump, so no query or transaction of the app runs in
 * between: the counts and the dump describe one state, and none of the app's statements lands in
 * the dump's read-only transaction. The app's queries wait meanwhile and then run as usual.
 */
export async function dumpPglite(pg: PGlite): Promise<Dump> {
  const { pgDump } = await import("@electric-sql/pglite-tools/pg_dump");
  // transaction() is PGlite's public way to hold that lock; its queries (tx) run inside it. The
  // BEGIN it sends is ended at once: pg_dump opens its own repeatable-read transaction.
  return pg.transaction(async (tx) => {
    const conn: Conn = {
      kind: "pglite",
      exec: async (text) => {
        await tx.exec(text);
      },
      query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
    };
    await conn.exec("rollback");
    const schema = await schemaVersionOf(conn);
    await conn.exec("begin isolation level repeatable read read only");
    let stats: TableStats;
    try {
      stats = await tableStatsInTransaction(conn);
    } finally {
      await conn.exec("rollback");
    }
    const [{ path: searchPath } = { path: "" }] = await conn.query<{ path: string }>(`select current_setting('search_path') as path`);
    const [version] = await conn.query<{ v: string }>(`select current_setting('server_version') as v`);
    const boss = await pgBossVersion(conn.query);
    // pgDump's own statements (query, exec) go through the lock held here, or they would wait for it forever;
    // pg_dump itself talks to PGlite through execProtocolRawStream, which takes no lock.
    const locked = new Proxy(pg, {
      get(target, name) {
        if (name === "query") return tx.query;
        if (name === "exec") return tx.exec;
        if (name === "sql") return tx.sql;
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const file = await pgDump({ pg: locked, args: DUMP_ARGS });
    // pg_dump ran on this very session and leaves without ending its read-only transaction (a real
    // server ends it when the connection closes): end it, and put back the search_path it emptied.
    await conn.exec("rollback");
    await conn.query(`select set_config('search_path', $1, false)`, [searchPath]);
    // A transaction again, for the COMMIT that transaction() ends with.
    await conn.exec("begin");
    return { sql: portableDump(await file.text()), stats, schema, serverVersion: version!.v, pgBossVersion: boss };
  });
}

/** Where pg_dump is, or a clear error saying how to get it. */
function pgDumpCommand(): string {
  return env().PG_DUMP ?? "pg_dump";
}

function runPgDump(url: string, snapshot: string): Promise<string> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = ""; // passed through the environment, not the command line others can read
  return new Promise((resolve, reject) => {
    const child = spawn(pgDumpCommand(), [...DUMP_ARGS, `--snapshot=${snapshot}`, `--dbname=${target.toString()}`], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new BackupError(
              "pg_dump was not found. Install PostgreSQL's client tools, of the server's major version or newer (Debian/Ubuntu: apt-get install postgresql-client), or set PG_DUMP to its path.",
            )
          : error,
      ),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new BackupError(`pg_dump failed (exit ${code}): ${Buffer.concat(err).toString("utf8").trim()}`));
    });
  });
}

/**
 * Dumps a PostgreSQL database while the app keeps running: the counts and checksums are read in
 * a repeatable-read transaction whose snapshot pg_dump then shares (--snapshot), so the manifest
 * describes exactly the rows in the dump, whatever the app writes meanwhile.
 */
export async function dumpPostgres(url: string): Promise<Dump> {
  const { default: postgres } = await import("postgres");
  const sql: Sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const conn = postgresConn(sql);
    const schema = await schemaVersionOf(conn);
    const [version] = await conn.query<{ v: string }>(`select current_setting('server_version') as v`);
    const boss = await pgBossVersion(conn.query);
    let result: { sql: string; stats: TableStats } | undefined;
    await sql.begin("isolation level repeatable read read only", async (tx) => {
      const inTx = postgresConn(tx);
      const [snap] = await inTx.query<{ id: string }>(`select pg_export_snapshot() as id`);
      const stats = await tableStatsInTransaction(inTx);
      const text = await runPgDump(url, snap!.id);
      result = { sql: portableDump(text), stats };
    });
    return { ...result!, schema, serverVersion: version!.v, pgBossVersion: boss };
  } finally {
    await sql.end();
  }
}
