// npm run notes:rotate-key: wraps the private notes' data key under a new key-encryption key.
// Nothing is re-encrypted and running instances keep working (they hold the data key already);
// from the commit on only the new key opens the database. See docs/SECURITY.md, "Notes at rest".
//
//   With NOTES_KEY:  NOTES_KEY=<current> NEW_NOTES_KEY=<new> npm run notes:rotate-key
//                    then give every instance NOTES_KEY=<new> as it restarts.
//   With the key file beside the PGlite folder (no NOTES_KEY): npm run notes:rotate-key
//                    writes a new key into that file (NEW_NOTES_KEY, if set, is used instead of
//                    a random one). PGlite admits one process: stop the app first.
import { openDb, optionsFromEnv } from "../db/client";
import { rotateNotesKey } from "../lib/crypto/notes-key";
import { privateUmask } from "../lib/private-files";

// Key files and the data folder this may write are the app's OS user's only.
privateUmask();

async function main() {
  const options = { ...optionsFromEnv(), demoData: false, poolSize: 1 };
  const handle = await openDb(options);
  try {
    const source = { key: options.notesKey, file: options.notesKeyFile! };
    const result = await rotateNotesKey(handle.db, source, process.env.NEW_NOTES_KEY || undefined);
    console.log(`Notes key re-wrapped: key ${result.from} no longer opens this database; key ${result.to} does.`);
    if (result.wroteFile) console.log(`The new key is in ${result.wroteFile}. Back it up apart from the database's backups.`);
    else console.log("Now set NOTES_KEY to the new key on every instance as it restarts; running instances keep working meanwhile.");
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
