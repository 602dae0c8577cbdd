import { messages, parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";

// PGlite's `query` sends every statement unnamed, one protocol message per call into its
// WebAssembly backend: Parse, Describe, Bind, Describe, Execute, Sync. PostgreSQL plans an unnamed
// statement again on every run, and planning was most of what a page's statements cost there
// (the meeting's access statement: 0.5 ms to plan, 0.1 ms to run, on the benchmark's 1 % data).
// On PostgreSQL, postgres.js prepares every statement once per connection. This gives the app's
// PGlite the same: a statement's text is parsed once as a named statement and described once,
// then each run is Bind, Execute and Sync in a single call. PostgreSQL then plans it as it plans
// any prepared statement (a custom plan the first five times, then a generic plan if that is no
// costlier), and re-plans by itself when a table it reads changes.

/** How many statements stay prepared; the least recently used one is closed to make room. */
export const PREPARED_STATEMENTS_KEPT = 300;

type Entry = { name: string; paramTypes: number[]; rowDescription: messages.RowDescriptionMessage | null };

/** PostgreSQL's answers when a prepared statement is gone or no longer fits its tables. */
const STALE = new Set(["26000", "0A000"]);

/**
 * Makes `client.query` and the `query` of its transactions keep their statements prepared. Answers,
 * errors and parsers are those of `query` (db/pglite-prepared.test.ts compares them); a query with
 * options this path does not know (a blob to copy, declared parameter types) takes PGlite's own way.
 */
export function keepStatementsPrepared(client: PGlite, kept: number = PREPARED_STATEMENTS_KEPT): void {
  const statements = new Map<string, Entry>();
  let counter = 0;
  const original = client.query.bind(client);
  const transaction = client.transaction.bind(client);
  // COPY ... TO '/dev/blob' (lib/backup/dump.ts) answers with a blob only PGlite's own way returns.
  const handled = (options?: QueryOptions, text?: string) => !options?.blob && !options?.paramTypes && !/^\s*copy\b/i.test(text ?? "");
  // Whoever talks to the backend directly (pg_dump, lib/backup/dump.ts) starts a session of its own
  // in it, and PostgreSQL forgets every prepared statement. Until they are let go of, outside a
  // transaction, statements take PGlite's own way.
  let forgotten = false;
  const rawStream = client.execProtocolRawStream.bind(client);
  client.execProtocolRawStream = (message, options) => {
    forgotten = true;
    return rawStream(message, options);
  };
  /** Lets go of every statement, those PostgreSQL may still have included; the caller holds the query lock. */
  async function forget() {
    statements.clear();
    await client.execProtocolStream(protocol.serialize.query("deallocate all"), { syncToFs: false });
    forgotten = false;
  }

  /** Runs one statement; the caller holds PGlite's query lock. */
  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    let entry = statements.get(text);
    try {
      if (entry) {
        // Most recently used last: the first key is the one to close when the map is full.
        statements.delete(text);
        statements.set(text, entry);
      } else {
        entry = await prepare(text, options);
      }
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const type = entry!.paramTypes[i];
        const serialize = options?.serializers?.[type] ?? client.serializers[type];
        return serialize ? serialize(param) : String(param);
      });
      const answer = await client.execProtocolStream(
        concat([
          protocol.serialize.bind({ statement: entry.name, values: values as (string | null)[] }),
          protocol.serialize.execute({}),
          protocol.serialize.sync(),
        ]),
        { syncToFs: false, onNotice: options?.onNotice },
      );
      const described = entry.rowDescription ? [entry.rowDescription, ...answer] : answer;
      return parse.parseResults(described, client.parsers, options)[0] as Results<T>;
    } catch (error) {
      if (error instanceof messages.DatabaseError) {
        // A statement PostgreSQL no longer has, or whose result changed shape: prepared afresh next time.
        if (entry && STALE.has(error.code ?? "")) statements.delete(text);
        Object.assign(error, { query: text, params, queryOptions: options });
      }
      throw error;
    }
  }

  /** Parses and describes a statement under a name of its own, closing the least used one if full. */
  async function prepare(text: string, options: QueryOptions | undefined): Promise<Entry> {
    const parts: Uint8Array[] = [];
    if (statements.size >= kept) {
      const [oldest, entry] = statements.entries().next().value!;
      statements.delete(oldest);
      parts.push(protocol.serialize.close({ type: "S", name: entry.name }));
    }
    const name = `between_us_${++counter}`;
    parts.push(protocol.serialize.parse({ name, text }), protocol.serialize.describe({ type: "S", name }), protocol.serialize.sync());
    const answer = await client.execProtocolStream(concat(parts), { syncToFs: false, onNotice: options?.onNotice });
    const entry: Entry = {
      name,
      paramTypes: parse.parseDescribeStatementResults(answer),
      rowDescription: answer.find((m): m is messages.RowDescriptionMessage => m.name === "rowDescription") ?? null,
    };
    statements.set(text, entry);
    return entry;
  }

  /** Outside a transaction: once more, prepared afresh, if the statement had gone stale. */
  async function runOnce<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    try {
      return await run<T>(text, params, options);
    } catch (error) {
      if (error instanceof messages.DatabaseError && STALE.has(error.code ?? "") && !statements.has(text) && !client.isInTransaction())
        return run<T>(text, params, options);
      throw error;
    }
  }

  client.query = (<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
    if (!handled(options, text)) return original<T>(text, params, options);
    // PGlite's own query holds both of its locks, and writes the folder after a statement outside a transaction.
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        if (forgotten) await forget();
        const result = await runOnce<T>(text, params, options);
        await client.syncToFs();
        return result;
      }),
    );
  }) as PGlite["query"];

  client.transaction = (<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> =>
    transaction((tx) => {
      const own = tx.query.bind(tx);
      tx.query = (async <R>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<R>> => {
        if (!handled(options, text) || forgotten) return own<R>(text, params, options);
        if (tx.closed) throw new Error("Transaction is closed");
        return client._runExclusiveQuery(() => run<R>(text, params, options));
      }) as Transaction["query"];
      return callback(tx);
    })) as PGlite["transaction"];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
