import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";
import { runMigrations } from "./migrate";
import { seedDemoData } from "./seed";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; lib/server functions accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Handle = { db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> };
export type DbOptions = { url?: string; pgliteDir?: string; demoData?: boolean };

const globalStore = globalThis as unknown as { __betweenUsDb?: Promise<Handle> };

function optionsFromEnv(): DbOptions {
  const url = process.env.DATABASE_URL || undefined;
  const demo = process.env.DEMO_DATA ?? (url ? "off" : "on");
  return {
    url,
    pgliteDir: process.env.PGLITE_DIR || path.join(process.cwd(), ".data", "pglite"),
    demoData: demo === "on",
  };
}

/** Opens a database, applies migrations and (optionally) loads the demo data once. */
export async function openDb(options: DbOptions): Promise<Handle> {
  let handle: Handle;
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
    handle = { db: drizzle(client, { schema }), kind: "postgres", close: () => client.end() };
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const dir = options.pgliteDir ?? "memory://";
    if (!dir.startsWith("memory://")) fs.mkdirSync(dir, { recursive: true });
    const client = await PGlite.create(dir);
    const { drizzle } = await import("drizzle-orm/pglite");
    // Both drivers speak the same drizzle query API; one type keeps lib/server driver-agnostic.
    const db = drizzle(client, { schema }) as unknown as Db;
    handle = { db, kind: "pglite", close: () => client.close() };
  }
  await runMigrations(handle.db, options.url ? { kind: "postgres", url: options.url } : { kind: "pglite" });
  if (options.demoData) await seedDemoData(handle.db);
  if (process.env.E2E_FIXTURES === "on") {
    const { seedE2EFixtures } = await import("./seed-e2e");
    await seedE2EFixtures(handle.db);
  }
  return handle;
}

/** The app's database, opened lazily on first use and shared across hot reloads. */
export function getDb(): Promise<Db> {
  globalStore.__betweenUsDb ??= openDb(optionsFromEnv()).catch((error: unknown) => {
    globalStore.__betweenUsDb = undefined;
    throw error;
  });
  return globalStore.__betweenUsDb.then((h) => h.db);
}

export async function databaseHealth(): Promise<{ ok: boolean; kind: string; error?: string }> {
  try {
    const handle = await (getDb(), globalStore.__betweenUsDb!);
    await handle.db.execute(sql`select 1`);
    return { ok: true, kind: handle.kind };
  } catch {
    return { ok: false, kind: process.env.DATABASE_URL ? "postgres" : "pglite", error: "database unavailable" };
  }
}
