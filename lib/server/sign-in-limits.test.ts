import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEMO_PASSWORD } from "@/db/demo";
import { clientAddress } from "@/lib/auth/client-address";
import { executorFor } from "@/lib/jobs/executor";
import { useTestDatabase } from "@/test/db";
import {
  ACCOUNT_DAILY,
  ACCOUNT_SPACING_SECONDS,
  ADDRESS_DAILY,
  countAttempt,
  createSignInLimiters,
  DEVICE_DAYS,
  issueDeviceToken,
  maskAddress,
  PAIR_FREE,
  pairDelaySeconds,
  SignInLimited,
  settleSuccess,
  trustedDevice,
} from "./sign-in-limits";
import { authenticate } from "./users";

const outcomeOf = (promise: Promise<unknown>) =>
  promise.then(
    (user) => (user ? "signed in" : "wrong"),
    (e: unknown) => (e instanceof SignInLimited ? "limited" : `error ${String(e)}`),
  );
/** Moves the clock that the limits read (Date only: timers and the database keep running). */
const later = (seconds: number) => vi.setSystemTime(new Date(Date.now() + seconds * 1000));

describe("the sign-in limits", () => {
  const t = useTestDatabase();
  afterEach(() => vi.useRealTimers());

  it("lets the owner sign in from address B while an attacker fails twenty times from address A", async () => {
    const outcomes = [];
    for (let i = 0; i < 20; i++) outcomes.push(await outcomeOf(authenticate("report2@demo.test", "wrong password", "198.51.100.66")));
    expect(outcomes.slice(0, PAIR_FREE)).toEqual(Array(PAIR_FREE).fill("wrong"));
    expect(outcomes.slice(PAIR_FREE)).toEqual(Array(20 - PAIR_FREE).fill("limited"));
    expect(await outcomeOf(authenticate("report2@demo.test", DEMO_PASSWORD, "203.0.113.20"))).toBe("signed in");
    // The owner's own typo from B costs nothing yet: B has its own free attempts.
    expect(await outcomeOf(authenticate("report2@demo.test", "wrong password", "203.0.113.20"))).toBe("wrong");
    expect(await outcomeOf(authenticate("report2@demo.test", DEMO_PASSWORD, "203.0.113.20"))).toBe("signed in");
  });

  it("lets the owner sign in at once on a device they signed in on before, while one attacker fails from ever new addresses for days", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const account = "report7@demo.test";
    const limiters = await createSignInLimiters(t.db);
    // What the browser got as a cookie at the owner's last sign-in (lib/auth/device-cookie).
    const device = issueDeviceToken(account);
    let n = 0;
    const attack = async (times: number) => {
      for (let i = 0; i < times; i++, n++) await countAttempt(limiters, account, `100.64.${(n >> 8) & 255}.${n & 255}`);
    };
    for (let day = 0; day < 3; day++) {
      // A day's spread attack makes the account busy; then the attacker takes every slot of the spacing.
      await attack(ACCOUNT_DAILY + 10);
      for (let minute = 0; minute < 5; minute++) {
        later(ACCOUNT_SPACING_SECONDS + 1);
        await attack(1);
        // A new browser waits (the account is under attack)...
        expect(await outcomeOf(authenticate(account, DEMO_PASSWORD, "203.0.113.20"))).toBe("limited");
        // ...the owner's own device does not, from their address or from one the attacker used.
        expect(await outcomeOf(authenticate(account, DEMO_PASSWORD, "203.0.113.20", device))).toBe("signed in");
        expect(await outcomeOf(authenticate(account, DEMO_PASSWORD, "100.64.0.1", device))).toBe("signed in");
      }
      later(24 * 60 * 60);
    }
    // The owner's own typo on their device costs nothing: the device has its own free attempts.
    expect(await outcomeOf(authenticate(account, "wrong password", "203.0.113.20", device))).toBe("wrong");
    expect(await outcomeOf(authenticate(account, DEMO_PASSWORD, "203.0.113.20", device))).toBe("signed in");
  });

  it("slows a trusted device after its own five failures, and takes a forged, expired or another account's token for no device", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const limiters = await createSignInLimiters(t.db);
    const token = issueDeviceToken("owner@demo.test");
    expect(trustedDevice("owner@demo.test", token)).not.toBeNull();
    expect(trustedDevice(" Owner@Demo.test", token)).not.toBeNull();
    expect(trustedDevice("other@demo.test", token)).toBeNull();
    expect(trustedDevice("owner@demo.test", `${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`)).toBeNull();
    expect(trustedDevice("owner@demo.test", token.replace(/^\d+/, "1"))).toBeNull();
    expect(trustedDevice("owner@demo.test", "garbage")).toBeNull();
    expect(trustedDevice("owner@demo.test", null)).toBeNull();
    expect(trustedDevice("owner@demo.test", token, Date.now() + (DEVICE_DAYS + 1) * 24 * 60 * 60_000)).toBeNull();
    for (let i = 0; i < PAIR_FREE; i++) expect(await countAttempt(limiters, "owner@demo.test", "198.51.100.5", token)).toEqual({ limited: false });
    const verdict = await countAttempt(limiters, "owner@demo.test", "198.51.100.5", token);
    expect(verdict.limited && verdict.by).toBe("device");
    // The device's failures are its own: the same address without the token still has its free attempts.
    expect(await countAttempt(limiters, "owner@demo.test", "198.51.100.5")).toEqual({ limited: false });
    later(pairDelaySeconds(1) + 1);
    expect(await countAttempt(limiters, "owner@demo.test", "198.51.100.5", token)).toEqual({ limited: false });
  });

  it("keeps no address and no account in its table, only keyed hashes that nobody without the secret can compute", async () => {
    for (const client of ["198.51.100.66", "2001:db8::66"]) await authenticate("report8@demo.test", "wrong password", client);
    await authenticate("report8@demo.test", DEMO_PASSWORD, "198.51.100.67");
    const { executeSql } = executorFor(t.db);
    const tables = (await executeSql("select table_name as name from information_schema.tables where table_name like 'sign_in%'")).rows as { name: string }[];
    expect(tables.length).toBeGreaterThan(0);
    const keys: string[] = [];
    for (const { name } of tables) keys.push(...((await executeSql(`select key from "${name}"`)).rows as { key: string }[]).map((r) => r.key));
    expect(keys.length).toBeGreaterThan(3);
    const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
    const clear = ["198.51.100.66", "198.51.100.67", "2001:db8::66", "report8", sha256("report8@demo.test"), sha256("198.51.100.66")];
    for (const key of keys) for (const value of clear) expect(key).not.toContain(value);
  });

  it("drops the old table of clear addresses on migration", async () => {
    await t.db.execute(sql`create table if not exists sign_in_attempts (key varchar(255) primary key, points integer not null default 0, expire bigint)`);
    await t.db.execute(sql`insert into sign_in_attempts (key, points) values ('address_day:198.51.100.66', 3)`);
    // Found by its name, whatever number the migration gets.
    const folder = path.join(process.cwd(), "db/migrations");
    const file = fs.readdirSync(folder).find((f) => f.endsWith("_drop_clear_sign_in_attempts.sql"));
    expect(file).toBeDefined();
    const migration = fs.readFileSync(path.join(folder, file!), "utf8");
    await t.db.execute(sql.raw(migration));
    const left = await executorFor(t.db).executeSql("select to_regclass('sign_in_attempts')::text as oid");
    expect(left.rows).toEqual([{ oid: null }]);
  });

  it("makes the pair A wait longer after each failure: 30 s, 1 min, 2 min ...", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const limiters = await createSignInLimiters(t.db);
    const attempt = () => countAttempt(limiters, "growing@demo.test", "198.51.100.7");
    for (let i = 0; i < PAIR_FREE; i++) expect(await attempt()).toEqual({ limited: false });
    const waits: number[] = [];
    for (let round = 1; round <= 4; round++) {
      const verdict = await attempt();
      expect(verdict.limited && verdict.by).toBe("pair");
      waits.push(verdict.limited ? Math.round(verdict.retryAfterMs / 1000) : 0);
      later(pairDelaySeconds(round) + 1);
      expect(await attempt()).toEqual({ limited: false });
    }
    expect(waits).toEqual([30, 60, 120, 240]);
    expect(pairDelaySeconds(50)).toBe(60 * 60);
    // Another address for the same account is not slowed at all.
    expect(await countAttempt(limiters, "growing@demo.test", "198.51.100.8")).toEqual({ limited: false });
  });

  it("counts a pair's failures in the database, across two instances", async () => {
    const one = await createSignInLimiters(t.db);
    const two = await createSignInLimiters(t.db);
    for (let i = 0; i < PAIR_FREE; i++) expect(await countAttempt(i % 2 ? one : two, "victim@demo.test", "10.0.0.1")).toEqual({ limited: false });
    expect((await countAttempt(one, " Victim@Demo.test", "10.0.0.1")).limited).toBe(true);
    expect((await countAttempt(two, "victim@demo.test", "10.0.0.1")).limited).toBe(true);
    expect((await countAttempt(two, "victim@demo.test", "10.0.0.2")).limited).toBe(false);
  });

  it("slows a client address down after a day's worth of failures across many accounts", async () => {
    const one = await createSignInLimiters(t.db);
    const two = await createSignInLimiters(t.db);
    for (let i = 0; i < ADDRESS_DAILY; i++) {
      expect((await countAttempt(i % 2 ? one : two, `spray${i}@demo.test`, "192.0.2.7")).limited).toBe(false);
    }
    const verdict = await countAttempt(one, "fresh@demo.test", "192.0.2.7");
    expect(verdict.limited && verdict.by).toBe("address");
    expect(verdict.limited && verdict.retryAfterMs).toBeGreaterThan(23 * 60 * 60_000);
    expect(await countAttempt(one, "fresh@demo.test", "192.0.2.8")).toEqual({ limited: false });
  });

  it("counts requests without any address in one shared bucket for the per-address limit only", async () => {
    const limiters = await createSignInLimiters(t.db);
    for (let i = 0; i < ADDRESS_DAILY; i++) expect((await countAttempt(limiters, `unplaced${i}@demo.test`, null)).limited).toBe(false);
    const verdict = await countAttempt(limiters, "unplaced@demo.test", null);
    expect(verdict.limited && verdict.by).toBe("address");
    expect(await countAttempt(limiters, "unplaced@demo.test", "192.0.2.99")).toEqual({ limited: false });
  });

  it("past the account's daily failures, slows every address (one attempt at a time) but lets the right password through", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const account = "report4@demo.test";
    // A spread attack: one failure from each of many addresses, so no pair ever waits.
    for (let i = 0; i < ACCOUNT_DAILY; i++) expect(await outcomeOf(authenticate(account, "wrong password", `100.64.${i >> 8}.${i & 255}`))).toBe("wrong");
    expect(await outcomeOf(authenticate(account, "wrong password", "100.65.0.1"))).toBe("wrong");
    // Now attempts on the account are spaced, whatever the address...
    expect(await outcomeOf(authenticate(account, "wrong password", "100.65.0.2"))).toBe("limited");
    later(ACCOUNT_SPACING_SECONDS + 1);
    expect(await outcomeOf(authenticate(account, "wrong password", "100.65.0.3"))).toBe("wrong");
    // The owner waits at most the spacing, then signs in.
    expect(await outcomeOf(authenticate(account, DEMO_PASSWORD, "203.0.113.44"))).toBe("limited");
    later(ACCOUNT_SPACING_SECONDS + 1);
    expect(await outcomeOf(authenticate(account, DEMO_PASSWORD, "203.0.113.44"))).toBe("signed in");
  });

  it("forgives a pair's failures after a successful sign-in", async () => {
    const limiters = await createSignInLimiters(t.db);
    for (let i = 0; i < PAIR_FREE - 1; i++) await countAttempt(limiters, "forgetful@demo.test", "198.51.100.1");
    await settleSuccess(limiters, "forgetful@demo.test", "198.51.100.1");
    for (let i = 0; i < PAIR_FREE; i++) expect((await countAttempt(limiters, "forgetful@demo.test", "198.51.100.1")).limited).toBe(false);
    expect((await countAttempt(limiters, "forgetful@demo.test", "198.51.100.1")).limited).toBe(true);
  });

  it("refuses even the right password from a waiting pair, and treats an unknown account the same", async () => {
    for (const address of ["report5@demo.test", "nobody-here@demo.test"]) {
      for (let i = 0; i < PAIR_FREE; i++) expect(await authenticate(address, "wrong password", "203.0.113.9")).toBeNull();
      expect(await outcomeOf(authenticate(address, DEMO_PASSWORD, "203.0.113.9"))).toBe("limited");
    }
  });

  it("resets the pair's count when the right password comes before the limit", async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < PAIR_FREE - 1; i++) expect(await authenticate("report3@demo.test", "wrong password", "203.0.113.10")).toBeNull();
      expect(await authenticate("report3@demo.test", DEMO_PASSWORD, "203.0.113.10")).toMatchObject({ email: "report3@demo.test" });
    }
  });

  it("logs one line per failed sign-in, without the password or the email address", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await authenticate("report6@demo.test", "hunter2-secret-guess", "203.0.113.77");
      expect(warn).toHaveBeenCalledTimes(1);
      const line = String(warn.mock.calls[0][0]);
      expect(line).toMatch(/^sign-in failed: .*account [0-9a-f]{12}, address 203\.0\.113\.x$/);
      expect(line).not.toContain("hunter2");
      expect(line).not.toContain("report6");
      expect(line).not.toContain("203.0.113.77");
    } finally {
      warn.mockRestore();
    }
  });
});

describe("the client address that attempts are counted against", () => {
  it("is the last forwarded hop: the one Next.js (from the socket) or the nearest proxy wrote", () => {
    const headers = new Headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.1" });
    expect(clientAddress(headers, {})).toBe("10.0.0.1");
    expect(clientAddress(headers, { TRUST_PROXY: "1" })).toBe("10.0.0.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" }), {})).toBe("::ffff:127.0.0.1");
  });

  it("counts TRUST_PROXY=n proxies back from the end, never past the first hop", () => {
    const headers = new Headers({ "x-forwarded-for": "spoofed, 203.0.113.5, 10.0.0.1" });
    expect(clientAddress(headers, { TRUST_PROXY: "2" })).toBe("203.0.113.5");
    expect(clientAddress(headers, { TRUST_PROXY: "9" })).toBe("spoofed");
    expect(clientAddress(headers, { TRUST_PROXY: "yes" })).toBe("10.0.0.1");
  });

  it("is null when the request carries none", () => {
    expect(clientAddress(undefined, {})).toBeNull();
    expect(clientAddress(new Headers(), {})).toBeNull();
    expect(clientAddress(new Headers({ "x-forwarded-for": " , " }), {})).toBeNull();
  });

  it("is masked in logs", () => {
    expect(maskAddress("203.0.113.77")).toBe("203.0.113.x");
    expect(maskAddress("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3:x");
    expect(maskAddress(null)).toBe("none");
  });
});
