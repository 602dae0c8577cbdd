// Rule kept here: nothing in a backup file is read before its authentication code is checked.
//
// The backup file is a .tar.gz (open it with `tar -xzf`) holding manifest.json first, then one
// file of rows per table (tables/<schema>.<table>.tsv, COPY's text format). The manifest says
// what made it, when, the schema version, and each table's columns, row count and checksum.
// The gzip header carries, in an extra field (RFC 1952 FEXTRA, subfield "BU", which gzip and tar
// skip), the backup key's id and an HMAC-SHA256 over the whole file (that field's code zeroed):
// a file that was changed, cut short or made with another key is refused before it is unpacked.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import tar from "tar-stream";
import { z } from "zod";
import { BackupError, type Kind } from "./database";
import type { Dump, TableData } from "./dump";
import type { BackupKey } from "./key";

export const FORMAT = "between-us-backup";
export const FORMAT_VERSION = 2;

const tableName = z.string().regex(/^(public|pgboss)\.[a-z_][a-z0-9_]*$/);

const manifestSchema = z.strictObject({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  createdAt: z.string(),
  app: z.strictObject({ name: z.string(), version: z.string() }),
  source: z.strictObject({ kind: z.enum(["pglite", "postgres"]), serverVersion: z.string() }),
  schema: z.strictObject({ migrations: z.number().int().min(1), lastMigrationAt: z.number(), tag: z.string().nullable() }),
  pgBossVersion: z.number().int().nullable(),
  tables: z.record(
    tableName,
    z.strictObject({
      file: z.string(),
      columns: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1),
      rows: z.number().int().min(0),
      checksum: z.string().regex(/^[0-9a-f]{32}$/),
    }),
  ),
  sequences: z.record(z.string(), z.strictObject({ lastValue: z.string().regex(/^-?\d{1,19}$/), isCalled: z.boolean() })),
});

export type Manifest = z.infer<typeof manifestSchema>;

const fileOf = (table: string) => `tables/${table}.tsv`;

function appVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function manifestFor(dump: Dump, kind: Kind, createdAt = new Date()): Manifest {
  return {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    createdAt: createdAt.toISOString(),
    app: { name: "between-us", version: appVersion() },
    source: { kind, serverVersion: dump.serverVersion },
    schema: dump.schema,
    pgBossVersion: dump.pgBossVersion,
    tables: Object.fromEntries(
      Object.entries(dump.tables).map(([name, t]) => [
        name,
        { file: fileOf(name), columns: t.columns, rows: dump.stats[name]!.rows, checksum: dump.stats[name]!.checksum },
      ]),
    ),
    sequences: dump.sequences,
  };
}

/** between-us-backup-20261201T213000Z.tar.gz: sorts by time, no characters a file system refuses. */
export function archiveName(createdAt: Date): string {
  return `between-us-backup-${createdAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.tar.gz`;
}

/** The archive's content, unauthenticated: the tar of manifest.json and the tables' files. */
export async function payloadOf(manifest: Manifest, dump: Dump): Promise<Buffer> {
  const pack = tar.pack();
  const mtime = new Date(manifest.createdAt);
  pack.entry({ name: "manifest.json", mtime, mode: 0o600 }, `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [name, t] of Object.entries(manifest.tables)) pack.entry({ name: t.file, mtime, mode: 0o600 }, dump.tables[name]!.data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// The gzip header: magic, deflate, FLG = FEXTRA only, MTIME 0, XFL 0, OS 255 (unknown); then
// XLEN and one subfield "BU" of LEN bytes: format byte, key id (8 bytes), HMAC-SHA256 (32 bytes).
const SUBFIELD_LEN = 1 + 8 + 32;
const HEADER_LEN = 10 + 2 + 4 + SUBFIELD_LEN;
const MAC_AT = HEADER_LEN - 32;
const MAC_FORMAT = 1;

function macOf(key: BackupKey, file: Buffer): Buffer {
  const zeroed = Buffer.from(file);
  zeroed.fill(0, MAC_AT, MAC_AT + 32);
  return crypto.createHmac("sha256", key.key).update(zeroed).digest();
}

/** The payload as the authenticated gzip file. */
export function seal(payload: Buffer, key: BackupKey): Buffer {
  const header = Buffer.alloc(HEADER_LEN);
  header.set([0x1f, 0x8b, 8, 0x04, 0, 0, 0, 0, 0, 255], 0);
  header.writeUInt16LE(4 + SUBFIELD_LEN, 10);
  header.write("BU", 12, "latin1");
  header.writeUInt16LE(SUBFIELD_LEN, 14);
  header.writeUInt8(MAC_FORMAT, 16);
  Buffer.from(key.id, "hex").copy(header, 17);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(payload), 0);
  trailer.writeUInt32LE(payload.length % 2 ** 32, 4);
  const file = Buffer.concat([header, zlib.deflateRawSync(payload, { level: 9 }), trailer]);
  macOf(key, file).copy(file, MAC_AT);
  return file;
}

const refused = (file: string, why: string) => new BackupError(`${file} was refused: ${why}. Nothing was written.`);

/** Checks the file's authentication code with `key` and returns its payload; reads nothing else first. */
export function unseal(file: string, bytes: Buffer, key: BackupKey): Buffer {
  const authenticated =
    bytes.length > HEADER_LEN + 8 &&
    bytes[0] === 0x1f &&
    bytes[1] === 0x8b &&
    bytes[3] === 0x04 &&
    bytes.readUInt16LE(10) === 4 + SUBFIELD_LEN &&
    bytes.toString("latin1", 12, 14) === "BU" &&
    bytes.readUInt16LE(14) === SUBFIELD_LEN &&
    bytes[16] === MAC_FORMAT;
  if (!authenticated) {
    throw refused(
      file,
      "it is not an authenticated Between Us backup (it carries no authentication code: a file made by a version before backup format 2, or not a backup at all). Only authenticated backups are restored",
    );
  }
  const madeWith = bytes.toString("hex", 17, 25);
  const expected = macOf(key, bytes);
  if (crypto.timingSafeEqual(expected, bytes.subarray(MAC_AT, MAC_AT + 32))) {
    try {
      return zlib.inflateRawSync(bytes.subarray(HEADER_LEN, bytes.length - 8));
    } catch (error) {
      throw refused(file, `its compressed data is damaged (${(error as Error).message})`);
    }
  }
  if (madeWith !== key.id) {
    throw refused(
      file,
      `it was made with backup key ${madeWith}, and this app's backup key is ${key.id} (from ${key.from}). ` +
        `Restore it with the key it was made with (BACKUP_KEY, or the NOTES_KEY or notes key file of the installation that made it); if you did not make this file, do not restore it`,
    );
  }
  throw refused(
    file,
    `its authentication code does not match its content (backup key ${key.id}, from ${key.from}): the file was changed after it was made, or it is cut short or damaged`,
  );
}

/** Writes `bytes` to `file` through a temporary file beside it, flushed and renamed: never a short archive under the final name. */
export function writeFileAtomically(file: string, bytes: Buffer): void {
  const partial = `${file}.partial-${process.pid}`;
  try {
    fs.writeFileSync(partial, bytes, { mode: 0o600, flag: "wx" });
    fs.chmodSync(partial, 0o600);
    const fd = fs.openSync(partial, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

export type Contents = { manifest: Manifest; tables: Record<string, TableData> };

/** The manifest and tables of an authenticated payload, checked: no file but the manifest's, each once. */
export async function readPayload(file: string, payload: Buffer): Promise<Contents> {
  const entries = new Map<string, Buffer>();
  try {
    const extract = tar.extract();
    const done = new Promise<void>((resolve, reject) => {
      extract.on("entry", (header, stream, next) => {
        if (header.type !== "file" || entries.has(header.name)) {
          reject(new Error(`an unexpected entry ${JSON.stringify(header.name)}`));
          stream.resume();
          return;
        }
        const chunks: Buffer[] = [];
        stream.on("data", (c: unknown) => chunks.push(c as Buffer));
        stream.on("end", () => {
          entries.set(header.name, Buffer.concat(chunks));
          next();
        });
        stream.on("error", reject);
      });
      extract.on("finish", resolve);
      extract.on("error", reject);
    });
    extract.end(payload);
    await done;
  } catch (error) {
    throw refused(file, `it is not a readable backup archive (${(error as Error).message})`);
  }
  const manifestText = entries.get("manifest.json");
  if (!manifestText) throw refused(file, "it holds no manifest.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText.toString("utf8"));
  } catch {
    throw refused(file, "its manifest.json is not valid JSON");
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    throw refused(
      file,
      `its manifest is not one this app reads (${result.error.issues.map((i) => `${i.path.join(".") || "manifest"}: ${i.message}`).join("; ")})`,
    );
  }
  const manifest = result.data;
  const tables: Record<string, TableData> = {};
  const expected = new Set(["manifest.json"]);
  for (const [name, t] of Object.entries(manifest.tables)) {
    if (t.file !== fileOf(name)) throw refused(file, `its manifest names ${t.file} for table ${name}`);
    const data = entries.get(t.file);
    if (!data) throw refused(file, `it holds no ${t.file}`);
    expected.add(t.file);
    tables[name] = { columns: t.columns, data };
  }
  const extra = [...entries.keys()].filter((name) => !expected.has(name));
  if (extra.length) throw refused(file, `it holds files its manifest does not list (${extra.join(", ")})`);
  return { manifest, tables };
}

/** Reads an archive: its authentication code first, then its manifest and tables. */
export async function readArchive(file: string, key: BackupKey): Promise<Contents> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new BackupError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return readPayload(file, unseal(file, bytes, key));
}
