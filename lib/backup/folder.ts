// Opening the embedded database's folder from a script. PGlite is one process's database: a second
// process opening a folder the app has open would replay its write-ahead log under the app's feet.
// The app names itself in the folder (db/client.ts, PGLITE_PID_FILE); a script refuses while that
// process lives, and names itself there while it works, so the app does not start on it meanwhile
// unnoticed (the app does not check it; the script's message says to stop the app). Only a backup
// goes ahead while the app runs: the app makes that dump itself (live.ts).
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLITE_PID_FILE } from "../../db/client";
import { PGLITE_TYPE_OPTIONS } from "../../db/pglite-types";
import { ensurePrivateDir, tightenTree } from "../private-files";
import { BackupError } from "./database";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process that has this PGlite folder open, if one is running (not this one). */
export function folderOwner(dir: string): number | null {
  const file = path.join(dir, PGLITE_PID_FILE);
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
}

/** Opens an existing PGlite folder for a script, refusing one the app has open. */
export async function openPgliteFolder(dir: string): Promise<{ pg: PGlite; close: () => Promise<void> }> {
  if (!fs.existsSync(path.join(dir, "PG_VERSION")))
    throw new BackupError(`There is no embedded database in ${dir} (set PGLITE_DIR, or DATABASE_URL for PostgreSQL).`);
  const owner = folderOwner(dir);
  if (owner) {
    throw new BackupError(
      `The app (process ${owner}) has the embedded database in ${dir} open. PGlite is a single-process database, so only \`npm run backup\` runs beside the app: stop the app (Ctrl-C on npm run dev / npm start), run this again, then start the app. (If no app is running, that process id is another program's: delete ${path.join(dir, PGLITE_PID_FILE)}.)`,
    );
  }
  ensurePrivateDir(dir, "The embedded database folder", { recursive: true });
  const file = path.join(dir, PGLITE_PID_FILE);
  fs.writeFileSync(file, String(process.pid), { mode: 0o600 });
  const { PGlite } = await import("@electric-sql/pglite");
  const pg = await PGlite.create(dir, PGLITE_TYPE_OPTIONS);
  return {
    pg,
    close: async () => {
      await pg.close();
      tightenTree(dir);
      fs.rmSync(file, { force: true });
    },
  };
}
