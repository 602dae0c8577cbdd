// The backup file: a plain .tar.gz (open it with `tar -xzf`) holding manifest.json first, then
// dump.sql. The manifest says what made it, when, the schema version, and each table's row count
// and checksum; it also carries the dump's size and SHA-256, so a truncated or altered file is
// refused before anything is written.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import tar from "tar-stream";
import { z } from "zod";
import { BackupError, type Kind } from "./database";
import type { Dump } from "./dump";

export const FORMAT = "between-us-backup";
export const FORMAT_VERSION = 1;

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  source: z.object({ kind: z.enum(["pglite", "postgres"]), serverVersion: z.string() }),
  schema: z.object({ migrations: z.number().int(), lastMigrationAt: z.number(), tag: z.string().nullable() }),
  pgBossVersion: z.number().nullable(),
  dump: z.object({ file: z.literal("dump.sql"), bytes: z.number().int(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  tables: z.record(z.string(), z.object({ rows: z.number().int().min(0), checksum: z.string() })),
});

export type Manifest = z.infer<typeof manifestSchema>;

function appVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function manifestFor(dump: Dump, kind: Kind, createdAt = new Date()): Manifest {
  const bytes = Buffer.byteLength(dump.sql, "utf8");
  return {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    createdAt: createdAt.toISOString(),
    app: { name: "between-us", version: appVersion() },
    source: { kind, serverVersion: dump.serverVersion },
    schema: dump.schema,
    pgBossVersion: dump.pgBossVersion,
    dump: { file: "dump.sql", bytes, sha256: crypto.createHash("sha256").update(dump.sql, "utf8").digest("hex") },
    tables: dump.stats,
  };
}

/** between-us-backup-20261201T213000Z.tar.gz: sorts by time, no characters a file system refuses. */
export function archiveName(createdAt: Date): string {
  return `between-us-backup-${createdAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.tar.gz`;
}

/**
 * Writes the archive to `file` through a temporary file beside it, flushed to disk and renamed
 * at the end: a backup killed half-way leaves a `.partial` file, never a short archive under the
 * final name.
 */
export async function writeArchive(file: string, manifest: Manifest, dumpSql: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  const pack = tar.pack();
  const mtime = new Date(manifest.createdAt);
  pack.entry({ name: "manifest.json", mtime, mode: 0o600 }, `${JSON.stringify(manifest, null, 2)}\n`);
  pack.entry({ name: "dump.sql", mtime, mode: 0o600 }, Buffer.from(dumpSql, "utf8"));
  pack.finalize();
  try {
    const out = fs.createWriteStream(partial, { mode: 0o600 });
    await pipeline(pack, zlib.createGzip({ level: 9 }), out);
    const fd = fs.openSync(partial, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

const damaged = (file: string, why: string) => new BackupError(`${file} is not a usable backup: ${why}. Nothing was written.`);

/** Reads and checks an archive: the manifest's format, then the dump against its size and SHA-256. */
export async function readArchive(file: string): Promise<{ manifest: Manifest; sql: string }> {
  let compressed: Buffer;
  try {
    compressed = fs.readFileSync(file);
  } catch (error) {
    throw new BackupError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  let raw: Buffer;
  try {
    raw = zlib.gunzipSync(compressed);
  } catch (error) {
    const message = (error as Error).message;
    throw damaged(
      file,
      /unexpected end/i.test(message) ? "the file is truncated (it ends before its compressed data does)" : `its compressed data is damaged (${message})`,
    );
  }
  const entries = new Map<string, Buffer>();
  try {
    const extract = tar.extract();
    const done = new Promise<void>((resolve, reject) => {
      extract.on("entry", (header, stream, next) => {
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
    extract.end(raw);
    await done;
  } catch (error) {
    throw damaged(file, `it is not a readable tar archive (${(error as Error).message})`);
  }
  const manifestText = entries.get("manifest.json");
  if (!manifestText) throw damaged(file, "it holds no manifest.json (is it a Between Us backup?)");
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText.toString("utf8"));
  } catch {
    throw damaged(file, "its manifest.json is not valid JSON");
  }
  const format = (parsed as { format?: unknown; formatVersion?: unknown } | null) ?? {};
  if (format.format !== FORMAT) throw damaged(file, "its manifest does not say it is a Between Us backup");
  if (typeof format.formatVersion === "number" && format.formatVersion > FORMAT_VERSION) {
    throw new BackupError(
      `${file} uses backup format ${format.formatVersion}, newer than this app reads (${FORMAT_VERSION}). Upgrade the app, then restore again. Nothing was written.`,
    );
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) throw damaged(file, `its manifest is incomplete (${result.error.issues.map((i) => i.path.join(".")).join(", ")})`);
  const manifest = result.data;
  const dump = entries.get(manifest.dump.file);
  if (!dump) throw damaged(file, "it holds no dump.sql");
  if (dump.length !== manifest.dump.bytes) throw damaged(file, `dump.sql has ${dump.length} bytes where the manifest says ${manifest.dump.bytes}`);
  const sha256 = crypto.createHash("sha256").update(dump).digest("hex");
  if (sha256 !== manifest.dump.sha256) throw damaged(file, "dump.sql does not match the checksum in its manifest (the file was changed after it was made)");
  return { manifest, sql: dump.toString("utf8") };
}
