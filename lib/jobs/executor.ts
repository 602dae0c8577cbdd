import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";

/** What pg-boss accepts as its `db` option: it runs every command through this. */
export type Executor = { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number }> };

type PgliteLike = {
  query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>;
  exec: (text: string) => Promise<{ rows: unknown[]; affectedRows?: number }[]>;
};
type PostgresRows = unknown[] & { count?: number };
type PostgresLike = {
  unsafe: (text: string, values?: unknown[]) => Promise<PostgresRows>;
  reserve: () => Promise<{ unsafe: (text: string) => Promise<PostgresRows>; release: () => void }>;
};

// pg (pg-boss's own driver) sends undefined as NULL and plain objects as JSON; postgres.js and
// PGlite need both spelled out.
const jsonObjects = (values: unknown[]) =>
  values.map((v) => (v === undefined ? null : v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) ? JSON.stringify(v) : v));

/**
 * pg-boss on the app's own connection: PGlite (single process, no wire protocol) or the
 * postgres.js pool. Commands without values may hold several statements (its migrations).
 */
export function executorFor(db: Db): Executor {
  const client = (db as unknown as { $client: PgliteLike | PostgresLike }).$client;
  if ("exec" in client) {
    return {
      async executeSql(text, values) {
        if (values?.length) {
          const r = await client.query(text, jsonObjects(values));
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        }
        const last = (await client.exec(text)).at(-1);
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
      },
    };
  }
  return {
    async executeSql(text, values) {
      let rows: PostgresRows;
      if (values?.length) rows = await client.unsafe(text, jsonObjects(values));
      else {
        // Migrations run BEGIN ... COMMIT in one command: that needs a connection of its own.
        const connection = await client.reserve();
        try {
          rows = await connection.unsafe(text);
        } finally {
          connection.release();
        }
      }
      const list = Array.isArray(rows) ? Array.from(rows) : [];
      return { rows: list, rowCount: rows.count ?? list.length };
    },
  };
}

/** One pg-boss command inside the caller's drizzle transaction (single statements only). */
export function transactionExecutor(tx: Tx): Executor {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const params = jsonObjects(values);
      const chunks: SQL[] = parts.map((part, i) => (i % 2 ? sql`${sql.param(params[Number(part) - 1])}` : sql.raw(part)));
      // postgres.js answers with an array of rows, PGlite with { rows }.
      const result = (await tx.execute(sql.join(chunks))) as unknown;
      const rows = Array.isArray(result) ? Array.from(result as unknown[]) : ((result as { rows?: unknown[] }).rows ?? []);
      return { rows, rowCount: rows.length };
    },
  };
}
