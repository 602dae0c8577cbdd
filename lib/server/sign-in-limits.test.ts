import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@/db/demo";
import { clientAddress } from "@/lib/auth/client-address";
import { useTestDatabase } from "@/test/db";
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, countAttempt, createSignInLimiters, SignInLimited, settleSuccess } from "./sign-in-limits";
import { authenticate } from "./users";

const refusedAs = (promise: Promise<unknown>) =>
  promise.then(
    () => "allowed",
    (e: unknown) => (e instanceof SignInLimited ? "limited" : `error ${String(e)}`),
  );

describe("the sign-in limits", () => {
  const t = useTestDatabase();

  it("limits an account after five failures, counted in the database across two instances", async () => {
    const one = await createSignInLimiters(t.db);
    const two = await createSignInLimiters(t.db);
    for (let i = 0; i < ACCOUNT_LIMIT.points; i++) {
      expect(await countAttempt(i % 2 ? one : two, "victim@demo.test", `10.0.0.${i}`)).toEqual({ limited: false });
    }
    const verdict = await countAttempt(one, " Victim@Demo.test", "10.0.1.1");
    expect(verdict.limited).toBe(true);
    expect(verdict.limited && verdict.retryAfterMs).toBeGreaterThan(14 * 60_000);
    expect((await countAttempt(two, "victim@demo.test", "10.0.1.2")).limited).toBe(true);
    expect((await countAttempt(two, "someone.else@demo.test", "10.0.1.2")).limited).toBe(false);
  });

  it("limits a client address after fifty failures, whatever the accounts", async () => {
    const one = await createSignInLimiters(t.db);
    const two = await createSignInLimiters(t.db);
    for (let i = 0; i < ADDRESS_LIMIT.points; i++) {
      expect((await countAttempt(i % 2 ? one : two, `spray${i}@demo.test`, "192.0.2.7")).limited).toBe(false);
    }
    expect((await countAttempt(one, "fresh@demo.test", "192.0.2.7")).limited).toBe(true);
    expect((await countAttempt(one, "fresh@demo.test", "192.0.2.8")).limited).toBe(false);
  });

  it("counts only the account when no client address can be trusted", async () => {
    const limiters = await createSignInLimiters(t.db);
    for (let i = 0; i <= ADDRESS_LIMIT.points; i++) {
      expect((await countAttempt(limiters, `unplaced${i}@demo.test`, null)).limited).toBe(false);
    }
    for (let i = 0; i < ACCOUNT_LIMIT.points; i++) await countAttempt(limiters, "unplaced@demo.test", null);
    expect((await countAttempt(limiters, "unplaced@demo.test", null)).limited).toBe(true);
  });

  it("forgives an account's failures after a successful sign-in", async () => {
    const limiters = await createSignInLimiters(t.db);
    for (let i = 0; i < ACCOUNT_LIMIT.points - 1; i++) await countAttempt(limiters, "forgetful@demo.test", "198.51.100.1");
    await settleSuccess(limiters, "forgetful@demo.test", "198.51.100.1");
    for (let i = 0; i < ACCOUNT_LIMIT.points; i++) {
      expect((await countAttempt(limiters, "forgetful@demo.test", "198.51.100.1")).limited).toBe(false);
    }
    expect((await countAttempt(limiters, "forgetful@demo.test", "198.51.100.1")).limited).toBe(true);
  });

  it("refuses the right password once an account is limited, and treats an unknown account the same", async () => {
    for (const address of ["report2@demo.test", "nobody-here@demo.test"]) {
      for (let i = 0; i < ACCOUNT_LIMIT.points; i++) expect(await authenticate(address, "wrong password", "203.0.113.9")).toBeNull();
      expect(await refusedAs(authenticate(address, DEMO_PASSWORD, "203.0.113.9"))).toBe("limited");
    }
  });

  it("resets the account's count when the right password comes before the limit", async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < ACCOUNT_LIMIT.points - 1; i++) expect(await authenticate("report3@demo.test", "wrong password", "203.0.113.10")).toBeNull();
      expect(await authenticate("report3@demo.test", DEMO_PASSWORD, "203.0.113.10")).toMatchObject({ email: "report3@demo.test" });
    }
  });
});

describe("the client address that attempts are counted against", () => {
  const headers = new Headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.1" });

  it("is the first forwarded hop only behind a trusted proxy", () => {
    expect(clientAddress(headers, { TRUST_PROXY: "1" })).toBe("203.0.113.5");
    expect(clientAddress(headers, {})).toBeNull();
    expect(clientAddress(undefined, { TRUST_PROXY: "1" })).toBeNull();
    expect(clientAddress(new Headers({ "x-forwarded-for": " " }), { TRUST_PROXY: "1" })).toBeNull();
  });
});
