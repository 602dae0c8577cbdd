import type { Db } from "./client";

/**
 * Counts the SQL statements a database handle sends while `run` runs: what PGlite's `query` and
 * postgres.js's `unsafe` (what drizzle calls on each) receive. The page loaders' statement bounds
 * (lib/server/*-page.test.ts) and the benchmark's counts (bench/statements.ts) use it; `onStatement`
 * sees each statement's text.
 */
export async function countStatements(db: Db, run: () => Promise<unknown>, onStatement?: (n: number, text: string) => void): Promise<number> {
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  const method = typeof client.query === "function" ? "query" : "unsafe";
  const original = client[method] as (...args: unknown[]) => unknown;
  let n = 0;
  client[method] = function (this: unknown, ...args: unknown[]) {
    n += 1;
    onStatement?.(n, String(args[0]));
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    client[method] = original;
  }
  return n;
}
