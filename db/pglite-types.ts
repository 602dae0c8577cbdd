import type { PGliteOptions } from "@electric-sql/pglite";

// PGlite sends parameters and reads results as text. Its own bytea conversion goes byte by byte
// through a JavaScript string (`Array.from(bytes).map(b => b.toString(16).padStart(2, "0"))` out,
// `parseInt` of every two characters back), which on the collaboration documents' Yjs states was
// the largest single cost of writing one: 16 % of the CPU of the agenda's bad-input sweep, more than
// PostgreSQL's own work on the statement. Node's Buffer does the same hex in native code. Same
// text out, same bytes back (db/pglite-types.test.ts checks both against the library's).

/** A bytea parameter as PostgreSQL's hex input: `\x` and two lower-case digits a byte. */
export function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new Error("Invalid input for bytea type");
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
}

/** A bytea result in PostgreSQL's hex output, as a Uint8Array of its own (not a view of Node's shared Buffer pool). */
export function parseBytea(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.slice(2), "hex"));
}

/** PostgreSQL's type id of bytea (pg_type.oid, fixed): named here so this module does not load PGlite itself. */
export const BYTEA_OID = 17;

/** The options every PGlite this app opens is created with. */
export const PGLITE_TYPE_OPTIONS = {
  serializers: { [BYTEA_OID]: serializeBytea },
  parsers: { [BYTEA_OID]: parseBytea },
} satisfies Pick<PGliteOptions, "serializers" | "parsers">;
