import { PGlite, protocol } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { keepStatementsPrepared } from "./pglite-prepared";
import { parseDrizzleTypesOnce, PGLITE_TYPE_OPTIONS } from "./pglite-types";

// A PGlite that keeps its statements prepared against one left as the library makes it: the same
// script of statements, answers and errors compared one by one.

const SCHEMA = `create table people (id int primary key, name text not null unique, born date, tags text[], doc jsonb, photo bytea, at timestamptz);
  insert into people values (1, 'Ada', '1815-12-10', '{a,b}', '{"k": [1]}', '\\x0001ff', '2026-12-03 10:00+00'), (2, 'Grace', null, null, null, null, null)`;

type Outcome =
  { ok: true; rows: unknown[]; fields: unknown[]; affectedRows?: number } | { ok: false; code?: string; message: string; query?: string; params?: unknown };

async function outcome(run: () => Promise<{ rows: unknown[]; fields: unknown[]; affectedRows?: number }>): Promise<Outcome> {
  try {
    const { rows, fields, affectedRows } = await run();
    return { ok: true, rows, fields, affectedRows };
  } catch (error) {
    const e = error as { code?: string; message: string; query?: string; params?: unknown };
    return { ok: false, code: e.code, message: e.message, query: e.query, params: e.params };
  }
}

async function open(prepared: boolean, kept?: number) {
  const pg = await PGlite.create(PGLITE_TYPE_OPTIONS);
  if (prepared) keepStatementsPrepared(pg, kept);
  await pg.exec(SCHEMA);
  return pg;
}

const preparedNames = async (pg: PGlite) =>
  (await pg.query<{ name: string }>("select name from pg_prepared_statements where name like 'between_us_%' order by name")).rows.map((r) => r.name);

/** The same steps on both databases; every answer (or error) the same. */
async function compare(library: PGlite, prepared: PGlite, steps: ((pg: PGlite) => Promise<{ rows: unknown[]; fields: unknown[]; affectedRows?: number }>)[]) {
  for (const [i, step] of steps.entries()) {
    const [expected, actual] = [await outcome(() => step(library)), await outcome(() => step(prepared))];
    expect({ step: i, ...actual }).toEqual({ step: i, ...expected });
  }
}

describe("PGlite with its statements kept prepared", () => {
  let library: PGlite;
  let prepared: PGlite;
  beforeAll(async () => {
    [library, prepared] = await Promise.all([open(false), open(true)]);
  });
  afterAll(async () => {
    await Promise.all([library.close(), prepared.close()]);
  });

  it("answers every type, every parameter and both row modes as the library does, run after run", async () => {
    const select =
      "select id, name, born, tags, doc, photo, at, $1::int8 as big, $2::jsonb as given, $3::bytea as bytes from people where id >= $4 order by id";
    const params = (n: number) => [9007199254740993n + BigInt(n), { n, list: [n, null] }, new Uint8Array([n, 255]), 1];
    // More than five runs: PostgreSQL moves a prepared statement to its generic plan after five.
    const steps = Array.from({ length: 8 }, (_, n) => (pg: PGlite) => pg.query(select, params(n)));
    steps.push((pg) => pg.query(select, params(9), { rowMode: "array" }));
    steps.push((pg) =>
      pg.query("select $1::text as a, $2::int as b, $3::bool as c, $4::timestamptz as d", [null, undefined, true, new Date("2026-01-01T00:00:00Z")]),
    );
    steps.push((pg) => pg.query("select 1 as one"));
    await compare(library, prepared, steps);
    expect((await prepared.query<{ big: bigint }>(select, params(0))).rows[0]!.big).toBe(9007199254740993n);
  });

  it("writes, counts and returns as the library does", async () => {
    await compare(library, prepared, [
      (pg) => pg.query("insert into people (id, name) values ($1, $2), ($3, $4) returning id, name", [10, "Linus", 11, "Barbara"]),
      (pg) => pg.query("update people set tags = $1 where id > $2", [["x", "y z"], 9]),
      (pg) => pg.query("update people set tags = $1 where id > $2", [null, 99]),
      (pg) => pg.query("delete from people where id = $1", [11]),
      (pg) => pg.query("select id, tags from people where id >= $1 order by id", [10]),
    ]);
  });

  it("refuses as the library does, with the statement on the error, and goes on afterwards", async () => {
    await compare(library, prepared, [
      // A constraint broken at execution, twice: the statement stays prepared and fails again the same way.
      (pg) => pg.query("insert into people (id, name) values ($1, $2)", [20, "Ada"]),
      (pg) => pg.query("insert into people (id, name) values ($1, $2)", [21, "Ada"]),
      // A statement PostgreSQL cannot parse, and a parameter it cannot read.
      (pg) => pg.query("selec id from people where id = $1", [1]),
      (pg) => pg.query("select id from people where id = $1", ["one"]),
      (pg) => pg.query("select id, name from people where id = $1", [1]),
    ]);
    // What PostgreSQL could not parse is not kept.
    const kept = await prepared.query("select name from pg_prepared_statements where statement like $1", ["selec %"]);
    expect(kept.rows).toEqual([]);
    const failed = await outcome(() => prepared.query("insert into people (id, name) values ($1, $2)", [22, "Ada"]));
    expect(failed).toMatchObject({ ok: false, code: "23505", query: "insert into people (id, name) values ($1, $2)", params: [22, "Ada"] });
  });

  it("commits, rolls back and refuses inside transactions as the library does", async () => {
    const inTransaction = (fail: boolean) => async (pg: PGlite) =>
      pg.transaction(async (tx) => {
        await tx.query("insert into people (id, name) values ($1, $2)", [30, "Edsger"]);
        if (fail) await tx.query("insert into people (id, name) values ($1, $2)", [31, "Edsger"]);
        return tx.query("select count(*)::int as n from people where id >= $1", [30]);
      });
    const rolledBack = async (pg: PGlite) =>
      pg.transaction(async (tx) => {
        await tx.query("insert into people (id, name) values ($1, $2)", [40, "Alan"]);
        await tx.rollback();
        return { rows: [], fields: [] };
      });
    await compare(library, prepared, [
      inTransaction(true),
      (pg) => pg.query("select id from people where id >= $1 order by id", [30]),
      inTransaction(false),
      rolledBack,
      (pg) => pg.query("select id from people where id >= $1 order by id", [30]),
    ]);
  });

  it("refuses a statement on a closed transaction", async () => {
    let kept: { query: PGlite["query"] } | null = null;
    await prepared.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.query("select 1 as one", [])).rejects.toThrow("Transaction is closed");
  });

  it("answers statements sent all at once in the order each was sent", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => (i % 2) + 1);
    const read = (pg: PGlite) =>
      Promise.all(ids.map((id) => pg.query<{ name: string }>("select name from people where id = $1", [id]).then((r) => r.rows[0]!.name)));
    expect(await read(prepared)).toEqual(await read(library));
  });

  it("drizzle's selects, writes and transactions give the same answers", async () => {
    const people = pgTable("people", { id: integer("id").primaryKey(), name: text("name").notNull() });
    const steps = async (pg: PGlite) => {
      const db = drizzle(pg);
      return {
        before: await db.select().from(people).where(eq(people.id, 1)),
        inserted: await db.insert(people).values({ id: 50, name: "Frances" }).returning(),
        inTransaction: await db.transaction(async (tx) => {
          await tx.update(people).set({ name: "Frances A." }).where(eq(people.id, 50));
          return tx
            .select({ name: people.name, n: sql<number>`${people.id} * 2` })
            .from(people)
            .where(eq(people.id, 50));
        }),
        refused: await db
          .insert(people)
          .values({ id: 51, name: "Frances A." })
          .then(
            () => "inserted",
            (error: { cause?: { code?: string } }) => error.cause?.code,
          ),
      };
    };
    parseDrizzleTypesOnce(prepared as unknown as Parameters<typeof parseDrizzleTypesOnce>[0]);
    expect(await steps(prepared)).toEqual(await steps(library));
  });
});

describe("how many statements stay prepared", () => {
  it("prepares a statement once, however often it runs", async () => {
    const pg = await open(true);
    try {
      for (let i = 0; i < 5; i++) await pg.query("select name from people where id = $1", [1]);
      expect(await preparedNames(pg)).toHaveLength(2); // that one and the listing itself
    } finally {
      await pg.close();
    }
  });

  it("closes the least recently used statement when the limit is reached, and answers right throughout", async () => {
    const [pg, library] = await Promise.all([open(true, 3), open(false)]);
    try {
      const texts = Array.from({ length: 7 }, (_, i) => `select name, ${i} as k from people where id = $1`);
      const steps = [...texts, ...texts.slice().reverse(), texts[0]!, texts[0]!].map((text) => (db: PGlite) => db.query(text, [1]));
      await compare(library, pg, steps);
      const names = (await pg.query<{ name: string }>("select name from pg_prepared_statements")).rows;
      expect(names.length).toBeLessThanOrEqual(3);
    } finally {
      await Promise.all([pg.close(), library.close()]);
    }
  });

  it("prepares again when PostgreSQL has dropped its statements or a table's shape changed", async () => {
    const [pg, library] = await Promise.all([open(true), open(false)]);
    try {
      await compare(library, pg, [
        (db) => db.query("select * from people where id = $1", [2]),
        async (db) => (await db.exec("deallocate all"))[0]!,
        (db) => db.query("select * from people where id = $1", [2]),
        async (db) => (await db.exec("alter table people add column nickname text default 'n'"))[0]!,
        (db) => db.query("select * from people where id = $1", [2]),
      ]);
      const { rows } = await pg.query<{ nickname: string }>("select * from people where id = $1", [2]);
      expect(rows[0]!.nickname).toBe("n");
    } finally {
      await Promise.all([pg.close(), library.close()]);
    }
  });

  it("lets its statements go after someone spoke to the backend directly, as pg_dump does, inside a transaction too", async () => {
    const pg = await open(true);
    try {
      const read = (db: { query: PGlite["query"] }) => db.query<{ name: string }>("select name from people where id = $1", [1]).then((r) => r.rows[0]!.name);
      expect(await read(pg)).toBe("Ada");
      const raw = protocol.serialize.query("deallocate all");
      const names = await pg.transaction(async (tx) => {
        await pg.execProtocolRawStream(raw, { onRawData: () => {} });
        return [await read(tx), await read(tx)];
      });
      expect(names).toEqual(["Ada", "Ada"]);
      expect(await read(pg)).toBe("Ada");
      expect(await preparedNames(pg)).toHaveLength(2); // prepared afresh: that one and the listing
    } finally {
      await pg.close();
    }
  });
});
