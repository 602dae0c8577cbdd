import crypto from "node:crypto";
import { PGlite, types } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { date, integer, interval, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { BYTEA_OID, DRIZZLE_TEXT_TYPES, parseBytea, parseDrizzleTypesOnce, PGLITE_TYPE_OPTIONS, serializeBytea } from "./pglite-types";

// The app's bytea conversion for PGlite against the library's own: the same text to PostgreSQL,
// the same bytes back, and the same bytes stored and read through a real PGlite.
const library = { serialize: types.serializers[types.BYTEA]!, parse: types.parsers[types.BYTEA]! };

const samples: Uint8Array[] = [
  new Uint8Array(),
  Uint8Array.from({ length: 256 }, (_, i) => i),
  Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256),
  // A view into a larger buffer: only the viewed bytes are sent.
  new Uint8Array(Uint8Array.from({ length: 64 }, (_, i) => i).buffer, 10, 20),
];

describe("PGlite's bytea, converted by Node's Buffer", () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create(PGLITE_TYPE_OPTIONS);
    await pg.exec("create table blobs (id int primary key, data bytea)");
  });
  afterAll(async () => {
    await pg.close();
  });

  it("is bytea's type id", () => expect(BYTEA_OID).toBe(types.BYTEA));

  it("sends the same text as the library and reads back the same bytes", () => {
    for (const bytes of samples) {
      const text = serializeBytea(bytes);
      expect(text).toBe(library.serialize(bytes));
      const back = parseBytea(text);
      expect(back).toEqual(library.parse(text, BYTEA_OID));
      expect(back.constructor).toBe(Uint8Array);
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(bytes.length);
    }
  });

  it("refuses what is not bytes, as the library does", () => {
    for (const value of ["\\x00", [1, 2], null]) expect(() => serializeBytea(value)).toThrow("Invalid input for bytea type");
  });

  it("stores every sample and reads it back byte for byte through PGlite, and PostgreSQL sees the same bytes", async () => {
    for (const [id, bytes] of samples.entries()) {
      await pg.query("insert into blobs (id, data) values ($1, $2)", [id, bytes]);
      const { rows } = await pg.query<{ data: Uint8Array; length: number; md5: string }>(
        "select data, length(data) as length, md5(data) as md5 from blobs where id = $1",
        [id],
      );
      expect(rows[0]!.data).toEqual(new Uint8Array(bytes));
      expect(rows[0]!.length).toBe(bytes.length);
      expect(rows[0]!.md5).toBe(crypto.createHash("md5").update(bytes).digest("hex"));
    }
  });
});

// drizzle's answers from a PGlite that reads drizzle's text types itself (no per-query parsers)
// against those from one left as the library makes it: every value of every type, the same.
const typed = pgTable("typed", {
  id: integer("id").primaryKey(),
  at: timestamp("at", { withTimezone: true }),
  naive: timestamp("naive"),
  day: date("day"),
  span: interval("span"),
  amount: numeric("amount"),
  amounts: numeric("amounts").array(),
  days: date("days").array(),
  ats: timestamp("ats", { withTimezone: true }).array(),
  names: text("names").array(),
});
const everyType = sql`select now()::timestamp(0) as naive, '2026-12-02 10:11:12.345+01'::timestamptz as at, '2026-02-28'::date as day,
  '1 day 02:03:04'::interval as span, array[1.5, 2]::numeric[] as amounts, array['2026-01-01'::timestamp] as naives,
  array['2026-01-01 00:00+00'::timestamptz] as ats, array['1 hour'::interval] as spans, array['2026-01-01'::date] as days,
  '{"a": [1, 2]}'::jsonb as doc, 42::int4 as n, 9007199254740993::int8 as big, true as yes, array['x', 'y'] as names,
  array[gen_random_uuid()]::uuid[] is not null as uuids`;

describe("drizzle on a PGlite that reads drizzle's text types itself", () => {
  const open = async (lean: boolean) => {
    const pg = await PGlite.create(PGLITE_TYPE_OPTIONS);
    if (lean) parseDrizzleTypesOnce(pg as unknown as Parameters<typeof parseDrizzleTypesOnce>[0]);
    await pg.exec(`create table typed (id int primary key, at timestamptz, naive timestamp, day date, span interval, amount numeric,
      amounts numeric[], days date[], ats timestamptz[], names text[])`);
    await pg.exec(`insert into typed values (1, '2026-12-02 10:11:12.345+01', '2026-12-02 10:11:12', '2026-02-28', '3 days', 12.50,
      '{1.5,2}', '{2026-01-01,2026-01-02}', '{"2026-01-01 00:00+00"}', '{a,"b c"}'), (2, null, null, null, null, null, null, null, null, null)`);
    return { pg, db: drizzle(pg) };
  };
  let library: Awaited<ReturnType<typeof open>>;
  let lean: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    [library, lean] = await Promise.all([open(false), open(true)]);
  });
  afterAll(async () => {
    await Promise.all([library.pg.close(), lean.pg.close()]);
  });

  it("reads drizzle's text types as text", () => {
    for (const type of DRIZZLE_TEXT_TYPES) expect(lean.pg.parsers[type]?.("2026-01-01", type)).toBe("2026-01-01");
  });

  it("answers drizzle's selects, raw statements and transactions as the library does", async () => {
    const read = async ({ db }: typeof lean) => ({
      rows: await db.select().from(typed).orderBy(typed.id),
      raw: (await db.execute(sql`select * from typed order by id`)).rows,
      every: (await db.execute(everyType)).rows.map((r) => ({ ...r, naive: typeof r.naive })),
      inTransaction: await db.transaction(async (tx) => ({
        rows: await tx.select().from(typed).orderBy(typed.id),
        every: (await tx.execute(everyType)).rows.map((r) => ({ ...r, naive: typeof r.naive })),
      })),
    });
    const [expected, actual] = [await read(library), await read(lean)];
    expect(actual).toEqual(expected);
    // What the values are, so that a change in both (drizzle's or PGlite's) shows too.
    expect(actual.rows[0]).toMatchObject({ at: new Date("2026-12-02T09:11:12.345Z"), day: "2026-02-28", span: "3 days", amount: "12.50" });
    expect(actual.every[0]).toMatchObject({
      at: "2026-12-02 09:11:12.345+00",
      doc: { a: [1, 2] },
      n: 42,
      big: 9007199254740993n,
      yes: true,
      names: ["x", "y"],
    });
  });

  it("keeps a statement's own parsers when they ask for anything else", async () => {
    const { rows } = await lean.pg.query<{ n: unknown }>("select 42::int4 as n", [], { parsers: { 23: (v: string) => `int ${v}` } });
    expect(rows[0]!.n).toBe("int 42");
    const dated = await lean.pg.query<{ d: unknown }>("select '2026-01-01'::date as d", [], { parsers: { 1082: (v: string) => `day ${v}`, 23: Number } });
    expect(dated.rows[0]!.d).toBe("day 2026-01-01");
  });
});
