// npm run backup [-- --out DIR | --file FILE]
// Writes one archive (.tar.gz: manifest.json + one file of rows per table, authenticated with the
// backup key: BACKUP_KEY, else derived from the notes key) of the whole database the app is
// configured for: PostgreSQL when DATABASE_URL is set, else the embedded PGlite folder
// (PGLITE_DIR or .data/pglite). Both while the app runs: PGlite is single-process, so when the app
// has the folder open it reads the rows itself, asked over its socket (lib/backup/live.ts).
import path from "node:path";
import { parseArgs } from "node:util";
import { pgliteDirFromEnv } from "../db/client";
import { backup, BackupError, backupPgliteFolder, configuredBackupKey } from "../lib/backup";
import { env } from "../lib/env";
import { PrivateFilesError, privateUmask } from "../lib/private-files";

privateUmask();

const { values } = parseArgs({ options: { out: { type: "string" }, file: { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log("usage: npm run backup [-- --out DIR | --file FILE]   (default: backups/between-us-backup-<time>.tar.gz)");
  process.exit(0);
}

try {
  const url = env().DATABASE_URL;
  const key = configuredBackupKey();
  const out = { dir: values.out ? path.resolve(values.out) : undefined, file: values.file ? path.resolve(values.file) : undefined, key };
  const result = url ? { ...(await backup({ kind: "postgres", url }, out)), live: null } : await backupPgliteFolder(path.resolve(pgliteDirFromEnv()), out);
  const rows = Object.values(result.manifest.tables).reduce((n, t) => n + t.rows, 0);
  console.log(
    `Backed up the ${result.manifest.source.kind === "pglite" ? "embedded database" : "PostgreSQL database"}${result.live ? ` from the running app (process ${result.live})` : ""} (schema ${result.manifest.schema.tag}, ${Object.keys(result.manifest.tables).length} tables, ${rows} rows) to\n  ${result.file}`,
  );
  console.log(`It is authenticated with backup key ${key.id} (from ${key.from}): a restore needs that key, and refuses the file if anything in it changes.`);
  console.log("It holds every row in clear (see docs/SECURITY.md): keep it where only the people who run the app can read it (it is written 0600).");
} catch (error) {
  console.error(error instanceof BackupError || error instanceof PrivateFilesError ? error.message : error);
  process.exit(1);
}
