import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the first test file that needs a database leaves the migrated, seeded PGlite snapshot. */
    testDbSnapshotDir: string;
    /** The PostgreSQL template database (TEST_DB=postgres) that each test file's database is copied from. */
    testDbTemplate: string;
  }
}

/**
 * One run's shared places for test/db.ts: a fresh PGlite costs seconds (initdb in WebAssembly,
 * then every migration and the demo seed) and nearly every test file wanted one of its own.
 * Nothing is built here, so a run with no database test pays nothing; the first file that needs
 * one builds it once (test/db.ts) and every file then starts from its own copy. Both names are
 * unique to this run, so runs at the same time on one machine or one server never share them.
 */
export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bu-vitest-"));
  const template = `bu_tpl_${crypto.randomBytes(6).toString("hex")}`;
  project.provide("testDbSnapshotDir", dir);
  project.provide("testDbTemplate", template);
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    const base = process.env.DATABASE_URL;
    if (process.env.TEST_DB !== "postgres" || !base) return;
    const { default: postgres } = await import("postgres");
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    try {
      // One template per day the run saw (test/db.ts), and any build left half-way (_building).
      const names = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}%`}`;
      for (const { datname } of names) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    } finally {
      await admin.end();
    }
  };
}
