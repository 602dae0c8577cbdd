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
