import "server-only";
import crypto from "node:crypto";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { executorFor } from "@/lib/jobs/executor";

/**
 * Failed sign-ins slow the one who fails, never lock the owner out. After rate-limiter-flexible's
 * login-protection pattern, counted in PostgreSQL (its Postgres store, in its own table) so that
 * every instance sees the same counts:
 *
 * - per account and address pair: PAIR_FREE consecutive failures, then each next attempt from
 *   that pair waits a growing delay (30 s, 1 min, 2 min ... up to an hour). Success clears it.
 * - per address, for all accounts: ADDRESS_DAILY failures a day, then that address waits until
 *   the day is over (without any address, one shared bucket stands in for this limit only).
 * - per account, for all addresses: past ACCOUNT_DAILY failures a day, no pair gets free attempts
 *   (each address waits after every failure) and attempts on the account are at least
 *   ACCOUNT_SPACING apart. Someone else's failures from another address never stop the right
 *   password: at worst it waits that spacing.
 *
 * Attempts are counted before the password is checked, and the delays are taken atomically in
 * SQL, so parallel guesses cannot slip past; a successful sign-in takes its attempt back.
 */
export const PAIR_FREE = 5;
export const PAIR_DELAY = { firstSeconds: 30, maxSeconds: 60 * 60 };
export const ADDRESS_DAILY = 100;
export const ACCOUNT_DAILY = 50;
export const ACCOUNT_SPACING_SECONDS = 60;
const DAY = 24 * 60 * 60;
const TABLE = "sign_in_attempts";
/** The bucket for the per-address limit when the request carries no address at all. */
export const NO_ADDRESS = "no-address";

export type SignInLimiters = {
  /** Consecutive failures of an account from one address. */
  pairFails: RateLimiterPostgres;
  /** When the next attempt of an account from one address may come (one point per window). */
  pairGate: RateLimiterPostgres;
  address: RateLimiterPostgres;
  accountFails: RateLimiterPostgres;
  accountGate: RateLimiterPostgres;
};
export type Verdict = { limited: false } | { limited: true; retryAfterMs: number; by: "pair" | "address" | "account" };

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

/** A fresh set of limiters on a database; several sets (instances) share the counts. */
export async function createSignInLimiters(db: Db): Promise<SignInLimiters> {
  // One after the other: each one checks (and the first creates) the shared table.
  const pairFails = await limiter(db, "pair", { points: 1_000_000, duration: DAY });
  const pairGate = await limiter(db, "pair_gate", { points: 1, duration: PAIR_DELAY.firstSeconds });
  const address = await limiter(db, "address_day", { points: ADDRESS_DAILY, duration: DAY });
  const accountFails = await limiter(db, "account_day", { points: 1_000_000, duration: DAY });
  const accountGate = await limiter(db, "account_gate", { points: 1, duration: ACCOUNT_SPACING_SECONDS });
  return { pairFails, pairGate, address, accountFails, accountGate };
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

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
/** An attempt's account as a hash of the address typed, whether or not an account exists. */
export const accountKey = (address: string) => sha256(address.trim().toLowerCase());
const addressKey = (client: string | null) => client ?? NO_ADDRESS;
const pairKey = (address: string, client: string | null) => sha256(`${accountKey(address)} ${addressKey(client)}`);

/** The wait after the n-th paid attempt of a pair (n >= 1): 30 s, 1 min, 2 min, ... at most an hour. */
export const pairDelaySeconds = (n: number) => Math.min(PAIR_DELAY.maxSeconds, PAIR_DELAY.firstSeconds * 2 ** Math.min(n - 1, 20));

/** Takes one point of a gate for `seconds`; refused while the gate's window holds. */
async function pass(gate: RateLimiterPostgres, key: string, seconds: number) {
  const res = await gate.penalty(key, 1, { customDuration: seconds });
  return res.consumedPoints <= 1 ? null : Math.max(1000, res.msBeforeNext);
}

/** Counts this attempt before the password is checked; see the rules at the top of the file. */
export async function countAttempt(limiters: SignInLimiters, address: string, client: string | null): Promise<Verdict> {
  const pair = pairKey(address, client);
  const account = accountKey(address);
  const [byAddress, gate] = await Promise.all([limiters.address.penalty(addressKey(client)), limiters.pairGate.get(pair)]);
  if (byAddress.consumedPoints > ADDRESS_DAILY) return { limited: true, retryAfterMs: Math.max(1000, byAddress.msBeforeNext), by: "address" };
  if (gate) {
    await limiters.address.reward(addressKey(client));
    return { limited: true, retryAfterMs: Math.max(1000, gate.msBeforeNext), by: "pair" };
  }
  const [fails, accountFails] = await Promise.all([limiters.pairFails.penalty(pair), limiters.accountFails.penalty(account)]);
  const busy = accountFails.consumedPoints > ACCOUNT_DAILY;
  const free = busy ? 0 : PAIR_FREE - 1;
  const giveBack = () => Promise.all([limiters.address.reward(addressKey(client)), limiters.pairFails.reward(pair), limiters.accountFails.reward(account)]);
  if (busy) {
    const wait = await pass(limiters.accountGate, account, ACCOUNT_SPACING_SECONDS);
    if (wait !== null) {
      await giveBack();
      return { limited: true, retryAfterMs: wait, by: "account" };
    }
  }
  if (fails.consumedPoints > free) {
    const wait = await pass(limiters.pairGate, pair, pairDelaySeconds(fails.consumedPoints - free));
    if (wait !== null) {
      await giveBack();
      return { limited: true, retryAfterMs: wait, by: "pair" };
    }
  }
  return { limited: false };
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

/** After a successful sign-in: the pair's failures and wait are forgiven, the attempt's points returned. */
export async function settleSuccess(limiters: SignInLimiters, address: string, client: string | null) {
  const pair = pairKey(address, client);
  await Promise.all([
    limiters.pairFails.delete(pair),
    limiters.pairGate.delete(pair),
    limiters.address.reward(addressKey(client)),
    limiters.accountFails.reward(accountKey(address)),
  ]);
}

/** One log line per failed or refused sign-in: a short hash of the account, the address masked, never the password. */
export function logFailedSignIn(address: string, client: string | null, outcome: string) {
  console.warn(`sign-in failed: ${outcome}; account ${accountKey(address).slice(0, 12)}, address ${maskAddress(client)}`);
}

/** 203.0.113.45 -> 203.0.113.x; an IPv6 address keeps its first three groups; none -> "none". */
export function maskAddress(client: string | null): string {
  if (!client) return "none";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(client)) return client.replace(/\.\d{1,3}$/, ".x");
  if (client.includes(":")) return `${client.split(":").slice(0, 3).join(":")}:x`;
  return `${sha256(client).slice(0, 8)}(hashed)`;
}
