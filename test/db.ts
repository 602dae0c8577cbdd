import crypto from "node:crypto";
import { eq, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, expect } from "vitest";
import { openDb, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";

/**
 * Gives this test file a fresh database with the demo organization: an in-memory PGlite by
 * default, or, with TEST_DB=postgres, a new database on the DATABASE_URL server, dropped after.
 * It is installed where the app's getDb() looks, so lib/server runs exactly as in the app.
 */
export function useTestDatabase() {
  const state: { db: Db } = {} as { db: Db };
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    let handle: Awaited<ReturnType<typeof openDb>>;
    if (process.env.TEST_DB === "postgres") {
      const base = process.env.DATABASE_URL;
      if (!base) throw new Error("TEST_DB=postgres needs DATABASE_URL");
      const { default: postgres } = await import("postgres");
      const name = `bu_test_${crypto.randomBytes(6).toString("hex")}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      handle = await openDb({ url: url.toString(), demoData: true });
      cleanup = async () => {
        await handle.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    } else {
      handle = await openDb({ pgliteDir: "memory://", demoData: true });
      cleanup = () => handle.close();
    }
    (globalThis as { __betweenUsDb?: Promise<typeof handle> }).__betweenUsDb = Promise.resolve(handle);
    state.db = handle.db;
  });
  afterAll(async () => {
    // A test that queued mail started pg-boss on this database: stop it before the database goes.
    await (await import("@/lib/jobs/queue")).stopQueue({ graceful: false });
    (globalThis as { __betweenUsDb?: unknown }).__betweenUsDb = undefined;
    await cleanup();
  });
  return state;
}

export async function actorOf(db: Db, email: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  return { id: u.id, orgId: u.orgId, orgRole: u.orgRole, name: u.name, email: u.email };
}

/** Every row of every table: small test databases make "nothing changed" exact. */
export async function dumpAll(db: Db) {
  const out: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(schema)) {
    if (is(table, PgTable)) out[name] = await db.select().from(table).orderBy(sql`1`);
  }
  return out;
}

/** The call is refused with an AppError (optionally of one code) and no row anywhere changed. */
export async function expectRefusedUnchanged(db: Db, run: () => Promise<unknown>, codes: string[] = ["forbidden", "not_found", "unauthenticated"]) {
  const before = await dumpAll(db);
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call should have been refused").toBeInstanceOf(AppError);
  expect(codes).toContain((error as AppError).code);
  expect(await dumpAll(db)).toEqual(before);
  return error as AppError;
}
