// The key backups are authenticated with: BACKUP_KEY when set, else one derived (HKDF-SHA256,
// "between-us backup") from the notes key, read where the app reads it (NOTES_KEY, or the key
// file beside the PGlite folder). A separate key: an archive's authentication code says nothing
// about the notes key, and BACKUP_KEY lets backups move between installations that keep their
// notes keys apart.
import crypto from "node:crypto";
import { defaultNotesKeyFile, readKeyFile } from "../crypto/notes-key";
import { KEY_TEXT_HINT, parseKeyText } from "../crypto/key-text";
import { env } from "../env";
import { BackupError } from "./database";

export type BackupKey = { key: Buffer; id: string; from: string };

const LABEL = "between-us backup";

/** The backup key for `material` (32 key bytes); `from` says where they came from, for messages. */
export function backupKeyFrom(material: Buffer, from: string): BackupKey {
  const key = Buffer.from(crypto.hkdfSync("sha256", material, Buffer.alloc(0), LABEL, 32));
  return { key, id: crypto.createHmac("sha256", key).update("between-us backup key id v1").digest("hex").slice(0, 16), from };
}

export function backupKeyFromText(text: string, from: string): BackupKey {
  const material = parseKeyText(text);
  if (!material) throw new BackupError(`${from} is not a key: it must be ${KEY_TEXT_HINT}.`);
  return backupKeyFrom(material, from);
}

/** The backup key of this installation, from the configuration, or a BackupError saying what to set. */
export function configuredBackupKey(): BackupKey {
  const config = env();
  if (config.BACKUP_KEY) return backupKeyFromText(config.BACKUP_KEY, "BACKUP_KEY");
  if (config.NOTES_KEY) return backupKeyFromText(config.NOTES_KEY, "NOTES_KEY");
  const file = defaultNotesKeyFile(config.PGLITE_DIR);
  const material = readKeyFile(file);
  if (!material) {
    throw new BackupError(
      `No backup key: backups are authenticated with BACKUP_KEY, else with a key derived from NOTES_KEY or the notes key file ${file}, and none of them is there. ` +
        `Run this where the app runs (with its configuration), or set BACKUP_KEY (${KEY_TEXT_HINT}). Nothing was written.`,
    );
  }
  return backupKeyFrom(material, `the notes key file ${file}`);
}
