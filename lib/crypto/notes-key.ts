// Rule kept here: the notes data key is stored only wrapped by a key-encryption key (KEK) that
// never reaches the database (NOTES_KEY, or a key file beside the PGlite folder), and a KEK that
// does not unwrap it stops the start with a message that says so. Nothing starts on a guess.
//
// Not "server-only": db/client.ts and scripts/notes-rotate-key.ts run under plain Node too.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { encryptionKeys, type EncryptionKey } from "../../db/schema/keys";
import { assertPrivateFile } from "../private-files";
import { KEY_TEXT_HINT, parseKeyText } from "./key-text";
import { NotesCipher, SealedDataError } from "./notes-cipher";

const PURPOSE = "notes";
const CHECK = Buffer.from("between-us notes key check", "utf8");
const CHECK_CONTEXT = "check";

/** Where the KEK comes from: `key` (NOTES_KEY's text) when set, else the key file. */
export type NotesKeySource = { key?: string; file: string };

/** The start stops on this: the KEK is missing or wrong, or the stored key is damaged. */
export class NotesKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotesKeyError";
  }
}

/** The key file's place: beside the PGlite folder (`.data/notes-key` by default), never inside it. */
export function defaultNotesKeyFile(pgliteDir: string | undefined): string {
  const dir = pgliteDir && !pgliteDir.startsWith("memory://") ? pgliteDir : path.join(process.cwd(), ".data", "pglite");
  return path.join(path.dirname(path.resolve(dir)), "notes-key");
}

/** A KEK's fingerprint, stored beside the wrapped key so a wrong KEK is named as such. */
export function kekIdOf(kek: Buffer): string {
  return crypto.createHmac("sha256", kek).update("between-us notes kek id v1").digest("hex").slice(0, 16);
}

export function newKeyText(): string {
  return crypto.randomBytes(32).toString("base64");
}

function wrap(kek: Buffer, dataKey: Buffer, version: number): Uint8Array {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", kek, iv);
  cipher.setAAD(Buffer.from(`between-us notes data key v${version}`));
  return Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

function unwrap(kek: Buffer, row: EncryptionKey): Buffer | null {
  const all = Buffer.from(row.wrappedKey);
  const decipher = crypto.createDecipheriv("aes-256-gcm", kek, all.subarray(0, 12));
  decipher.setAAD(Buffer.from(`between-us notes data key v${row.version}`));
  decipher.setAuthTag(all.subarray(all.length - 16));
  try {
    return Buffer.concat([decipher.update(all.subarray(12, all.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

function parseOrThrow(text: string, where: string): Buffer {
  const kek = parseKeyText(text);
  if (!kek) throw new NotesKeyError(`${where} is not a notes key: it must be ${KEY_TEXT_HINT}.`);
  return kek;
}

/** The key in `file`, or null when there is none; a key file other users can read or write is refused. */
export const readKeyFile = (file: string): Buffer | null => {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
  assertPrivateFile(file, "The notes key file");
  return parseOrThrow(text, `The notes key file ${file}`);
};

/** Writes a key file that did not exist (mode 0600); if another process wrote one first, that one wins. */
function createKeyFile(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${newKeyText()}\n`, { flag: "wx", mode: 0o600 });
    fs.chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readKeyFile(file)!;
}

const describeSource = (source: NotesKeySource) => (source.key ? "NOTES_KEY" : `The notes key file ${source.file}`);

/**
 * The KEK for a database whose notes key already exists. With a key file: a rotation that wrote
 * `<file>.new` and committed but stopped before renaming it is finished here.
 */
function kekFor(source: NotesKeySource, row: EncryptionKey): Buffer {
  if (source.key) return parseOrThrow(source.key, "NOTES_KEY");
  const current = readKeyFile(source.file);
  if (current && kekIdOf(current) === row.kekId) return current;
  const next = readKeyFile(`${source.file}.new`);
  if (next && kekIdOf(next) === row.kekId) {
    fs.renameSync(`${source.file}.new`, source.file);
    return next;
  }
  if (!current) {
    throw new NotesKeyError(
      `The notes key file ${source.file} is missing, and this database's private notes are locked with key ${row.kekId}. ` +
        `Put that key file back (or set NOTES_KEY to that key); a new key cannot open them.`,
    );
  }
  return current;
}

/** The data key, unwrapped and proven by its check value; `label` names where the KEK came from. */
function open(row: EncryptionKey, kek: Buffer, label: string): { cipher: NotesCipher; dataKey: Buffer } {
  const given = kekIdOf(kek);
  if (given !== row.kekId) {
    throw new NotesKeyError(
      `${label} holds key ${given}, but this database's private notes are locked with key ${row.kekId}. ` +
        `Start with the right key (after a rotation, the new one); the notes cannot be read without it.`,
    );
  }
  const dataKey = unwrap(kek, row);
  if (!dataKey) throw new NotesKeyError(`${label} does not unwrap this database's notes key: the stored key was changed or damaged.`);
  const cipher = new NotesCipher(row.version, dataKey);
  let check: Buffer;
  try {
    check = Buffer.from(cipher.open(row.checkValue, CHECK_CONTEXT));
  } catch (error) {
    if (!(error instanceof SealedDataError)) throw error;
    check = Buffer.alloc(0);
  }
  if (!check.equals(CHECK)) throw new NotesKeyError("The notes data key does not open its check value: the stored key was changed or damaged.");
  return { cipher, dataKey };
}

const readRow = async (db: Db) => (await db.select().from(encryptionKeys).where(eq(encryptionKeys.purpose, PURPOSE)))[0];

/**
 * The cipher for this database's private notes, at start: the wrapped data key is read and
 * unwrapped with the KEK and proven with its check value, or this throws a NotesKeyError. On the
 * first start a data key is made (and, without NOTES_KEY, the key file); instances starting at
 * once agree on one through the primary key.
 */
export async function unlockNotes(db: Db, source: NotesKeySource): Promise<NotesCipher> {
  const existing = await readRow(db);
  if (existing) return open(existing, kekFor(source, existing), describeSource(source)).cipher;
  const kek = source.key ? parseOrThrow(source.key, "NOTES_KEY") : (readKeyFile(source.file) ?? createKeyFile(source.file));
  const dataKey = crypto.randomBytes(32);
  const version = 1;
  const checkValue = new NotesCipher(version, dataKey).seal(CHECK, CHECK_CONTEXT);
  await db
    .insert(encryptionKeys)
    .values({ purpose: PURPOSE, version, kekId: kekIdOf(kek), wrappedKey: wrap(kek, dataKey, version), checkValue })
    .onConflictDoNothing();
  const row = await readRow(db);
  return open(row, kekFor(source, row), describeSource(source)).cipher;
}

/**
 * Wraps the same data key under a new KEK, in one transaction: nothing is re-encrypted, running
 * instances keep the data key they hold, and from the commit on only the new KEK unwraps it.
 */
export async function rewrapNotesKey(db: Db, oldKek: Buffer, newKek: Buffer): Promise<{ from: string; to: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(encryptionKeys).where(eq(encryptionKeys.purpose, PURPOSE)).for("update");
    if (!row) throw new NotesKeyError("This database has no notes key yet: start the app once before rotating.");
    const { dataKey } = open(row, oldKek, "The current key");
    const to = kekIdOf(newKek);
    await tx
      .update(encryptionKeys)
      .set({ kekId: to, wrappedKey: wrap(newKek, dataKey, row.version), rotatedAt: new Date() })
      .where(eq(encryptionKeys.purpose, PURPOSE));
    return { from: row.kekId, to };
  });
}

/**
 * Rotation of the KEK as the script does it. With NOTES_KEY: `newKey` is required, and the
 * operator then gives each instance the new NOTES_KEY as it restarts. With the key file: the new
 * key (given or made) is written to `<file>.new` first, the data key re-wrapped, then the file
 * replaced; a stop between the two steps is finished at the next start (kekFor).
 */
export async function rotateNotesKey(db: Db, source: NotesKeySource, newKey?: string): Promise<{ from: string; to: string; wroteFile?: string }> {
  const row = await readRow(db);
  if (!row) throw new NotesKeyError("This database has no notes key yet: start the app once before rotating.");
  const oldKek = kekFor(source, row);
  if (source.key) {
    if (!newKey) throw new NotesKeyError("NOTES_KEY is set: give the new key as NEW_NOTES_KEY (it is never written anywhere by this script).");
    return rewrapNotesKey(db, oldKek, parseOrThrow(newKey, "NEW_NOTES_KEY"));
  }
  const text = newKey ?? newKeyText();
  const newKek = parseOrThrow(text, "NEW_NOTES_KEY");
  fs.writeFileSync(`${source.file}.new`, `${text.trim()}\n`, { mode: 0o600 });
  fs.chmodSync(`${source.file}.new`, 0o600);
  const result = await rewrapNotesKey(db, oldKek, newKek);
  fs.renameSync(`${source.file}.new`, source.file);
  return { ...result, wroteFile: source.file };
}
