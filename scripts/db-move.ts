// npm run db:move -- --to postgres://user:pass@host:5432/db [--from DIR]
// Copies everything in the embedded database (PGLITE_DIR or .data/pglite) to an empty PostgreSQL
// database, in one transaction, and checks every table's row count and checksum on both sides.
// Only rows travel: PostgreSQL's schema is made by this app's migrations, so nothing else the
// embedded database may hold (a function, a trigger) is carried over.
// The embedded database is only read. Stop the app first; then start it with DATABASE_URL set.
import path from "node:path";
import { parseArgs } from "node:util";
import { pgliteDirFromEnv } from "../db/client";
import { BackupError, move, openPgliteFolder } from "../lib/backup";
import { PrivateFilesError, privateUmask } from "../lib/private-files";

privateUmask();

const { values } = parseArgs({ options: { to: { type: "string" }, from: { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help || !values.to) {
  console.log("usage: npm run db:move -- --to postgres://user:pass@host:5432/db [--from PGLITE_DIR]");
  process.exit(values.help ? 0 : 2);
}
if (!/^postgres(ql)?:\/\//.test(values.to) || !URL.canParse(values.to)) {
  console.error("--to must be a PostgreSQL URL such as postgres://user:pass@host:5432/db");
  process.exit(2);
}

try {
  const dir = path.resolve(values.from ?? pgliteDirFromEnv());
  const folder = await openPgliteFolder(dir);
  try {
    const result = await move({ pg: folder.pg }, { url: values.to });
    const tables = Object.entries(result.tables);
    console.log(
      `Moved ${tables.reduce((n, [, t]) => n + t.rows, 0)} rows in ${tables.length} tables from ${dir} to PostgreSQL; schema made by this app's migrations, row counts and checksums match on both sides:`,
    );
    for (const [name, t] of tables) console.log(`  ${name.padEnd(40)} ${String(t.rows).padStart(8)}  ${t.checksum}`);
    if (result.migrated) console.log("The embedded database's schema was older: this app's migrations have been applied to PostgreSQL.");
    console.log(
      "\nNext: set DATABASE_URL to that URL (in .env or the environment) and start the app. The embedded folder is untouched; keep it until you are satisfied.",
    );
  } finally {
    await folder.close();
  }
} catch (error) {
  console.error(error instanceof BackupError || error instanceof PrivateFilesError ? error.message : error);
  process.exit(1);
}
