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

/**
 * The types drizzle's PGlite driver reads as PostgreSQL's text, not as JavaScript values: dates,
 * timestamps, intervals and their arrays, and numeric[] (its per-query `parsers`, in
 * drizzle-orm/pglite/session.js). drizzle's postgres-js driver sets the same on the client itself.
 */
export const DRIZZLE_TEXT_TYPES = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182] as const;

type ParserMap = Record<number, (value: string, type: number) => unknown>;
type QueryOptions = { parsers?: ParserMap } & Record<string, unknown>;
type Query = (text: string, params?: unknown[], options?: QueryOptions) => Promise<unknown>;
type PgliteClient = { parsers: ParserMap; query: Query; transaction: <T>(run: (tx: { query: Query }) => Promise<T>) => Promise<T> };

const passthrough = (value: string) => value;
const drizzleTextTypes = new Set<number>(DRIZZLE_TEXT_TYPES);

/**
 * Gives drizzle's statements the same answers without their per-query parsers. PGlite merges a
 * query's `parsers` into a copy of all of its own for every statement (`{...this.parsers,
 * ...options.parsers}`), and its own are some 370 (one array parser for every type of the
 * database, tables' row types included): about 0.1 ms a statement, on every statement drizzle
 * sends, more than PostgreSQL takes to run most of them. Here the client reads drizzle's text
 * types as text itself (as drizzle's postgres-js driver makes postgres.js do), so the per-query
 * parsers say nothing new and are left out. A query whose parsers ask anything else keeps them.
 */
export function parseDrizzleTypesOnce(client: PgliteClient): void {
  for (const type of DRIZZLE_TEXT_TYPES) client.parsers[type] = passthrough;
  const lean =
    (query: Query): Query =>
    (text, params, options) => {
      const parsers = options?.parsers;
      if (parsers && Object.keys(parsers).every((type) => drizzleTextTypes.has(Number(type)))) {
        const rest = { ...options };
        delete rest.parsers;
        return query(text, params, rest);
      }
      return query(text, params, options);
    };
  client.query = lean(client.query.bind(client));
  const transaction = client.transaction.bind(client);
  client.transaction = (run) =>
    transaction((tx) => {
      tx.query = lean(tx.query);
      return run(tx);
    });
}
