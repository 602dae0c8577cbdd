import crypto from "node:crypto";
import { PGlite, types } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BYTEA_OID, parseBytea, PGLITE_TYPE_OPTIONS, serializeBytea } from "./pglite-types";

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
