import "server-only";
import crypto from "node:crypto";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { authSecret } from "@/lib/auth/secret";
import { executorFor } from "@/lib/jobs/executor";

/**
 * Failed sign-ins slow the one who fails, never lock the owner out. After rate-limiter-flexible's
 * login-protection pattern and OWASP's device cookies, counted in PostgreSQL (its Postgres store,
 * in its own table) so that every instance sees the same counts:
 *
 * - a trusted device (a browser that signed in to this account before and holds the device token
 *   issued then, `issueDeviceToken`) is counted on its own: PAIR_FREE consecutive failures, then
 *   the growing delay below; no other limit applies to it, so nobody else's failures, from any
 *   address, ever slow the owner on their own device.
 * - every other attempt, per account and address pair: PAIR_FREE consecutive failures, then each
 *   next attempt from that pair waits a growing delay (30 s, 1 min, 2 min ... up to an hour).
 *   Success clears it.
 * - per address, for all accounts: ADDRESS_DAILY failures a day, then that address waits until
 *   the day is over (without any address, one shared bucket stands in for this limit only).
 * - per account, for all addresses: past ACCOUNT_DAILY failures a day, no pair gets free attempts
 *   (each address waits after every failure) and attempts from untrusted devices are at least
 *   ACCOUNT_SPACING apart.
 *
 * Attempts are counted before the password is checked, and the delays are taken atomically in
 * SQL, so parallel guesses cannot slip past; a successful sign-in takes its attempt back. Every
 * key in the table is an HMAC under a key derived from AUTH_SECRET: the table names no address
 * and no account, and nobody without the secret can test a guess against it.
 */
export const PAIR_FREE = 5;
export const PAIR_DELAY = { firstSeconds: 30, maxSeconds: 60 * 60 };
export const ADDRESS_DAILY = 100;
export const ACCOUNT_DAILY = 50;
export const ACCOUNT_SPACING_SECONDS = 60;
const DAY = 24 * 60 * 60;
/** Not "sign_in_attempts": that table held clear addresses, and a migration drops it. */
const TABLE = "sign_in_limits";
/** How long a device token makes a browser a trusted device of its account. */
export const DEVICE_DAYS = 180;
/** The bucket for the per-address limit when the request carries no address at all. */
export const NO_ADDRESS = "no-address";

export type SignInLimiters = {
  /** Consecutive failures, and the next attempt's time, of a trusted device. */
  deviceFails: RateLimiterPostgres;
  deviceGate: RateLimiterPostgres;
  /** Consecutive failures of an account from one address. */
  pairFails: RateLimiterPostgres;
  /** When the next attempt of an account from one address may come (one point per window). */
  pairGate: RateLimiterPostgres;
  address: RateLimiterPostgres;
  accountFails: RateLimiterPostgres;
  accountGate: RateLimiterPostgres;
};
export type Verdict = { limited: false } | { limited: true; retryAfterMs: number; by: "pair" | "address" | "account" | "device" };

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
  const deviceFails = await limiter(db, "device", { points: 1_000_000, duration: DAY });
  const deviceGate = await limiter(db, "device_gate", { points: 1, duration: PAIR_DELAY.firstSeconds });
  const pairFails = await limiter(db, "pair", { points: 1_000_000, duration: DAY });
  const pairGate = await limiter(db, "pair_gate", { points: 1, duration: PAIR_DELAY.firstSeconds });
  const address = await limiter(db, "address_day", { points: ADDRESS_DAILY, duration: DAY });
  const accountFails = await limiter(db, "account_day", { points: 1_000_000, duration: DAY });
  const accountGate = await limiter(db, "account_gate", { points: 1, duration: ACCOUNT_SPACING_SECONDS });
  return { deviceFails, deviceGate, pairFails, pairGate, address, accountFails, accountGate };
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

let signInKey: Buffer | null = null;
/** An HMAC under a key of its own derived from AUTH_SECRET. */
const keyed = (s: string) => {
  signInKey ??= crypto.createHmac("sha256", authSecret()).update("between-us sign-in limits v1").digest();
  return crypto.createHmac("sha256", signInKey).update(s).digest("hex");
};
/** An attempt's account as a keyed hash of the address typed, whether or not an account exists. */
export const accountKey = (address: string) => keyed(`account ${address.trim().toLowerCase()}`);
const addressKey = (client: string | null) => keyed(`address ${client ?? NO_ADDRESS}`);
const pairKey = (address: string, client: string | null) => keyed(`pair ${accountKey(address)} ${addressKey(client)}`);
const deviceMac = (address: string, issued: string, nonce: string) => keyed(`device ${accountKey(address)} ${issued} ${nonce}`);

/** A device token for the account typed, given after a successful sign-in (the browser keeps it in a cookie). */
export function issueDeviceToken(address: string, now = Date.now()): string {
  const issued = String(Math.floor(now / 1000));
  const nonce = crypto.randomBytes(16).toString("base64url");
  return `${issued}.${nonce}.${deviceMac(address, issued, nonce)}`;
}

/** The key a trusted device's attempts on this account are counted under, or null for any other token. */
export function trustedDevice(address: string, token: string | null | undefined, now = Date.now()): string | null {
  const [issued, nonce, mac, extra] = (token ?? "").split(".");
  if (!issued || !nonce || !mac || extra !== undefined || !/^\d{1,12}$/.test(issued) || nonce.length > 64) return null;
  const age = now / 1000 - Number(issued);
  if (age < -60 || age > DEVICE_DAYS * 24 * 60 * 60) return null;
  const expected = Buffer.from(deviceMac(address, issued, nonce));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return keyed(`device key ${accountKey(address)} ${nonce}`);
}

/** The wait after the n-th paid attempt of a pair (n >= 1): 30 s, 1 min, 2 min, ... at most an hour. */
export const pairDelaySeconds = (n: number) => Math.min(PAIR_DELAY.maxSeconds, PAIR_DELAY.firstSeconds * 2 ** Math.min(n - 1, 20));

/** Takes one point of a gate for `seconds`; refused while the gate's window holds. */
async function pass(gate: RateLimiterPostgres, key: string, seconds: number) {
  const res = await gate.penalty(key, 1, { customDuration: seconds });
  return res.consumedPoints <= 1 ? null : Math.max(1000, res.msBeforeNext);
}

/** Counts this attempt before the password is checked; see the rules at the top of the file. */
export async function countAttempt(limiters: SignInLimiters, address: string, client: string | null, device: string | null = null): Promise<Verdict> {
  const trusted = trustedDevice(address, device);
  if (trusted) return countDeviceAttempt(limiters, trusted);
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

/** A trusted device's attempt: its own consecutive failures only (see the rules at the top). */
async function countDeviceAttempt(limiters: SignInLimiters, device: string): Promise<Verdict> {
  const gate = await limiters.deviceGate.get(device);
  if (gate) return { limited: true, retryAfterMs: Math.max(1000, gate.msBeforeNext), by: "device" };
  const fails = await limiters.deviceFails.penalty(device);
  if (fails.consumedPoints > PAIR_FREE - 1) {
    const wait = await pass(limiters.deviceGate, device, pairDelaySeconds(fails.consumedPoints - PAIR_FREE + 1));
    if (wait !== null) {
      await limiters.deviceFails.reward(device);
      return { limited: true, retryAfterMs: wait, by: "device" };
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
export async function settleSuccess(limiters: SignInLimiters, address: string, client: string | null, device: string | null = null) {
  const trusted = trustedDevice(address, device);
  if (trusted) {
    await Promise.all([limiters.deviceFails.delete(trusted), limiters.deviceGate.delete(trusted)]);
    return;
  }
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
  return `${keyed(client).slice(0, 8)}(hashed)`;
}
