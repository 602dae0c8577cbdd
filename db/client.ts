import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { LiveBackupServer } from "../lib/backup/live";
import { env } from "../lib/env";
import type { NotesCipher } from "../lib/crypto/notes-cipher";
import { defaultNotesKeyFile, unlockNotes } from "../lib/crypto/notes-key";
import { sealPlaintextNotes } from "../lib/crypto/notes-migrate";
import { ensurePrivateDir, tightenTree } from "../lib/private-files";
import * as schema from "./schema";
import { runMigrations } from "./migrate";
import { PGLITE_TYPE_OPTIONS, parseDrizzleTypesOnce } from "./pglite-types";
import { seedDemoData } from "./seed";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; lib/server functions accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Handle = { db: Db; kind: "pglite" | "postgres"; close: () => Promise<void>; notes: NotesCipher };
/**
 * poolSize: postgres.js connections (DATABASE_POOL_SIZE by default).
 * loadDataDir: a PGlite data directory tarball (dumpDataDir) to start from, as the tests' snapshot.
 * notesKey / notesKeyFile: the key that wraps the notes data key (NOTES_KEY, else the key file
 * beside the PGlite folder); see lib/crypto/notes-key.ts.
 */
export type DbOptions = {
  url?: string;
  pgliteDir?: string;
  demoData?: boolean;
  poolSize?: number;
  loadDataDir?: Blob;
  notesKey?: string;
  notesKeyFile?: string;
};

/** The file in a PGlite folder that names the process that has it open (the app). */
export const PGLITE_PID_FILE = "between-us.pid";

const globalStore = globalThis as unknown as { __betweenUsDb?: Promise<Handle> };

/** The embedded database's folder: PGLITE_DIR, or .data/pglite in the app's folder. */
export function pgliteDirFromEnv(): string {
  return env().PGLITE_DIR ?? path.join(process.cwd(), ".data", "pglite");
}

/** The app's database options from the configuration (the scripts open the same database). */
export function optionsFromEnv(): DbOptions {
  const config = env();
  return {
    url: config.DATABASE_URL,
    pgliteDir: pgliteDirFromEnv(),
    demoData: config.DEMO_DATA === "on",
    poolSize: config.DATABASE_POOL_SIZE,
    notesKey: config.NOTES_KEY,
    notesKeyFile: defaultNotesKeyFile(config.PGLITE_DIR),
  };
}

/**
 * Opens a database, applies migrations, unlocks the notes data key (a wrong or missing key
 * throws here, so nothing starts on it), seals any note row still in the clear, and
 * (optionally) loads the demo data once.
 */
export async function openDb(options: DbOptions): Promise<Handle> {
  let handle: Omit<Handle, "notes">;
  let startLiveBackups: (() => Promise<void>) | undefined;
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, { max: options.poolSize ?? env().DATABASE_POOL_SIZE, onnotice: () => {} });
    handle = { db: drizzle(client, { schema }), kind: "postgres", close: () => client.end() };
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const dir = options.pgliteDir ?? "memory://";
    // Every row is in these files in the clear: a folder others can enter is refused, with the chmod that fixes it.
    if (!dir.startsWith("memory://")) ensurePrivateDir(dir, "The embedded database folder", { recursive: true });
    const client = await PGlite.create(dir, { ...PGLITE_TYPE_OPTIONS, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
    // PGlite writes its files 0666 whatever the umask; the 0700 folder is what keeps them private, this keeps them tidy.
    if (!dir.startsWith("memory://")) tightenTree(dir);
    const { keepStatementsPrepared } = await import("./pglite-prepared");
    keepStatementsPrepared(client);
    parseDrizzleTypesOnce(client as unknown as Parameters<typeof parseDrizzleTypesOnce>[0]);
    const { drizzle } = await import("drizzle-orm/pglite");
    // Both drivers speak the same drizzle query API; one type keeps lib/server driver-agnostic.
    const db = drizzle(client, { schema }) as unknown as Db;
    // PGlite takes no lock of its own: `npm run backup` / `db:move` / `restore` read this to see that the app has the folder open.
    const pidFile = dir.startsWith("memory://") ? null : path.join(dir, PGLITE_PID_FILE);
    if (pidFile) fs.writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
    let liveBackups: LiveBackupServer | null = null;
    handle = {
      db,
      kind: "pglite",
      close: async () => {
        await liveBackups?.close();
        await client.close();
        if (!dir.startsWith("memory://")) tightenTree(dir);
        if (pidFile && fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8") === String(process.pid)) fs.rmSync(pidFile, { force: true });
      },
    };
    // So that `npm run backup` works while the app runs: it asks this process for the dump (lib/backup/live.ts).
    if (pidFile)
      startLiveBackups = async () => {
        const { serveLiveBackups } = await import("../lib/backup/live");
        liveBackups = await serveLiveBackups(client, dir);
      };
  }
  try {
    await runMigrations(handle.db, options.url ? { kind: "postgres", url: options.url } : { kind: "pglite" });
    const notes = await unlockNotes(handle.db, {
      key: "notesKey" in options ? options.notesKey : env().NOTES_KEY,
      file: options.notesKeyFile ?? defaultNotesKeyFile(options.pgliteDir),
    });
    await sealPlaintextNotes(handle.db, notes);
    if (options.demoData) await seedDemoData(handle.db);
    await startLiveBackups?.();
    return { ...handle, notes };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/** The app's database, opened lazily on first use and shared across hot reloads. */
export function getDb(): Promise<Db> {
  globalStore.__betweenUsDb ??= openDb(optionsFromEnv()).catch((error: unknown) => {
    globalStore.__betweenUsDb = undefined;
    throw error;
  });
  return globalStore.__betweenUsDb.then((h) => h.db);
}

/** The cipher of the app's private notes (lib/crypto/notes-cipher.ts), unlocked when the database opened. */
export async function notesCipher(): Promise<NotesCipher> {
  await getDb();
  return (await globalStore.__betweenUsDb!).notes;
}

export async function databaseHealth(): Promise<{ ok: boolean; kind: string; error?: string }> {
  try {
    const handle = await (getDb(), globalStore.__betweenUsDb!);
    await handle.db.execute(sql`select 1`);
    return { ok: true, kind: handle.kind };
  } catch {
    return { ok: false, kind: env().DATABASE_URL ? "postgres" : "pglite", error: "database unavailable" };
  }
}
