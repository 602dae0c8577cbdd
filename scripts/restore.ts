// npm run restore -- FILE [--force]
// Restores an archive made by `npm run backup` into the database the app is configured for
// (DATABASE_URL, else the PGlite folder), or into --to postgres://... / --pglite DIR. The file must
// carry a valid authentication code for this installation's backup key (BACKUP_KEY, else the notes
// key's); its schema is made by this app's migrations and only its rows are loaded. The target
// must hold no data unless --force (then everything in it is replaced). Stop the app first.
import path from "node:path";
import { parseArgs } from "node:util";
import { pgliteDirFromEnv } from "../db/client";
import { BackupError, configuredBackupKey, restore, restoreToPgliteDir } from "../lib/backup";
import { env } from "../lib/env";
import { PrivateFilesError, privateUmask } from "../lib/private-files";

privateUmask();

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: "boolean" }, to: { type: "string" }, pglite: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help || positionals.length !== 1) {
  console.log("usage: npm run restore -- FILE [--force] [--to postgres://... | --pglite DIR]");
  process.exit(values.help ? 0 : 2);
}

try {
  const file = path.resolve(positionals[0]!);
  const url = values.to ?? (values.pglite ? undefined : env().DATABASE_URL);
  const key = configuredBackupKey();
  const options = { force: values.force ?? false, key };
  const result = url
    ? await restore(file, { kind: "postgres", url }, options)
    : await restoreToPgliteDir(file, path.resolve(values.pglite ?? pgliteDirFromEnv()), options);
  const rows = Object.values(result.manifest.tables).reduce((n, t) => n + t.rows, 0);
  console.log(
    `Restored ${path.basename(file)} (made ${result.manifest.createdAt} from ${result.manifest.source.kind}, ${rows} rows) into the ${url ? "PostgreSQL database" : "embedded database"}: ` +
      `its authentication code matches backup key ${key.id} (from ${key.from}), the schema was made by this app's migrations, and every table's row count and checksum match the backup.` +
      (result.migrated ? " Its schema was older: this app's later migrations have been applied." : ""),
  );
} catch (error) {
  console.error(error instanceof BackupError || error instanceof PrivateFilesError ? error.message : error);
  process.exit(1);
}
