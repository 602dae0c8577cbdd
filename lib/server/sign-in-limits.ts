import "server-only";
import crypto from "node:crypto";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { executorFor } from "@/lib/jobs/executor";

/**
 * Failed sign-ins are counted in PostgreSQL (rate-limiter-flexible's Postgres store, in its own
 * table), so every instance sees the same counts. A key is an attempt's account (a hash of the
 * address, whether or not an account exists) and its client address.
 */
export const ACCOUNT_LIMIT = { points: 5, duration: 15 * 60 };
export const ADDRESS_LIMIT = { points: 50, duration: 15 * 60 };
const TABLE = "sign_in_attempts";

export type SignInLimiters = { account: RateLimiterPostgres; address: RateLimiterPostgres };
export type Verdict = { limited: false } | { limited: true; retryAfterMs: number };

/** rate-limiter-flexible calls `query({ text, values })` and reads `rows` and `rowCount`. */
function storeClientFor(db: Db) {
  const executor = executorFor(db);
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const result = await executor.executeSql(q.text, q.values);
      // PGlite reports no affected rows for a SELECT: the rows themselves are the count then.
      return { rows: result.rows, rowCount: result.rows.length || result.rowCount };
    },
  };
}

function limiter(db: Db, keyPrefix: string, limit: { points: number; duration: number }) {
  return new Promise<RateLimiterPostgres>((resolve, reject) => {
    const created: RateLimiterPostgres = new RateLimiterPostgres(
      { storeClient: storeClientFor(db), storeType: "client", tableName: TABLE, keyPrefix, ...limit },
      (error?: Error) => (error ? reject(error) : resolve(created)),
    );
  });
}

/** A fresh pair of limiters on a database; several pairs (instances) share the counts. */
export async function createSignInLimiters(db: Db): Promise<SignInLimiters> {
  const account = await limiter(db, "account", ACCOUNT_LIMIT);
  return { account, address: await limiter(db, "address", ADDRESS_LIMIT) };
}

const cache = new WeakMap<Db, Promise<SignInLimiters>>();
export function signInLimitersFor(db: Db): Promise<SignInLimiters> {
  let limiters = cache.get(db);
  if (!limiters) {
    limiters = createSignInLimiters(db);
    limiters.catch(() => cache.delete(db));
    cache.set(db, limiters);
  }
  return limiters;
}

export const accountKey = (address: string) => crypto.createHash("sha256").update(address.trim().toLowerCase()).digest("hex");

/**
 * Counts this attempt before the password is checked, atomically, so parallel guesses cannot
 * slip past the limit; a successful sign-in takes its attempt back (see settleSuccess). Without
 * a trustworthy client address (null) only the account is counted: one shared key would let
 * anyone lock everybody out.
 */
export async function countAttempt(limiters: SignInLimiters, address: string, client: string | null): Promise<Verdict> {
  const [account, byAddress] = await Promise.all([
    limiters.account.penalty(accountKey(address)),
    client === null ? null : limiters.address.penalty(client),
  ]);
  const hit = [account.consumedPoints > ACCOUNT_LIMIT.points && account, byAddress && byAddress.consumedPoints > ADDRESS_LIMIT.points && byAddress];
  const over = hit.filter((r) => r !== false && r !== null);
  if (!over.length) return { limited: false };
  return { limited: true, retryAfterMs: Math.max(1000, ...over.map((r) => r.msBeforeNext)) };
}

/** Thrown by authenticate() while a limit holds; the same for known and unknown accounts. */
export class SignInLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super("Too many failed sign-in attempts.");
    this.name = "SignInLimited";
  }
  get minutes() {
    return Math.max(1, Math.ceil(this.retryAfterMs / 60_000));
  }
}

/** After a successful sign-in: the account's failures are forgiven, the address's attempt returned. */
export async function settleSuccess(limiters: SignInLimiters, address: string, client: string | null) {
  await Promise.all([limiters.account.delete(accountKey(address)), client === null ? null : limiters.address.reward(client)]);
}
