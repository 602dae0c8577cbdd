import path from "node:path";
import type { Db } from "./client";

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * Applies the committed drizzle-kit migrations. On PostgreSQL a session advisory lock on a
 * dedicated connection keeps several instances starting at once from racing.
 */
export async function runMigrations(db: Db, target: { kind: "pglite" } | { kind: "postgres"; url: string }) {
  if (target.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder });
    return;
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(727274)`;
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client`select pg_advisory_unlock(727274)`.catch(() => {});
    await client.end();
  }
}

/** The committed migrations as drizzle reads them (statements split at its breakpoints, each file's hash), oldest first. */
export async function migrationFiles(): Promise<{ sql: string[]; folderMillis: number; hash: string }[]> {
  const { readMigrationFiles } = await import("drizzle-orm/migrator");
  return readMigrationFiles({ migrationsFolder });
}

/** drizzle's migration log, as its migrator creates it (drizzle-orm pg-core dialect). */
export const MIGRATIONS_LOG_SQL = `create schema if not exists "drizzle"; create table if not exists "drizzle"."__drizzle_migrations" (id serial primary key, hash text not null, created_at bigint)`;

/**
 * Applies migrations [from, to) of the committed ones on a session that is inside a transaction the
 * caller holds (a restore: schema, rows and the log commit or roll back together), writing the same
 * log rows drizzle's migrator writes.
 */
export async function applyMigrationsInTransaction(
  session: { exec: (text: string) => Promise<void>; query: (text: string, params?: unknown[]) => Promise<unknown> },
  from: number,
  to: number,
): Promise<void> {
  await session.exec(MIGRATIONS_LOG_SQL);
  for (const migration of (await migrationFiles()).slice(from, to)) {
    for (const statement of migration.sql) await session.exec(statement);
    await session.query(`insert into "drizzle"."__drizzle_migrations" ("hash", "created_at") values ($1, $2)`, [migration.hash, migration.folderMillis]);
  }
}
