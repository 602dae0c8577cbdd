import { afterEach, describe, expect, it, vi } from "vitest";
import { SocketGuard } from "./guard";
import { CONNECTION_UPDATES, MAX_RATE_BACKLOG, MAX_RATE_WAIT_MS } from "./limits";
import { Bucket } from "./rate";

describe("the rate bucket", () => {
  it("gives the burst at once, then makes the next one wait for its refill, and refuses past the longest wait", () => {
    const b = new Bucket({ burst: 3, perSecond: 10 }, 0);
    for (let i = 0; i < 3; i++) expect(b.take(1, 0)).toBe(true);
    expect(b.take(1, 0)).toBe(false);
    expect(b.delayFor(1, 1_000, 0)).toBeCloseTo(100);
    // Refused without taking anything: the same question later gets the same answer.
    expect(b.delayFor(20, 1_000, 0)).toBeNull();
    expect(b.delayFor(1, 1_000, 0)).toBeCloseTo(100);
    b.spend(1, 0);
    // Borrowed: the next one waits twice as long; after 100 ms the debt is paid, after 200 ms one is there.
    expect(b.delayFor(1, 1_000, 0)).toBeCloseTo(200);
    expect(b.delayFor(1, 1_000, 100)).toBeCloseTo(100);
    expect(b.take(1, 200)).toBe(true);
  });
});

describe("the socket guard's update rate", () => {
  afterEach(() => vi.useRealTimers());

  it("slows a bunched burst of typing instead of refusing it, and refuses a flood queued behind a wait", async () => {
    vi.useFakeTimers();
    const guard = new SocketGuard();
    const connection = {};
    // A busy server reads a second and a half of typing at once: every update goes through, the later ones after a wait.
    const typed = CONNECTION_UPDATES.burst + 10;
    const started = Date.now();
    for (let i = 0; i < typed; i++) {
      const admitted = guard.takeUpdate(connection, "person", 10, 5);
      await vi.runAllTimersAsync();
      await expect(admitted).resolves.toBeUndefined();
    }
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual((10 / CONNECTION_UPDATES.perSecond) * 1000 + 1);
    // The same wait with a long queue behind it is a flood: refused at once.
    await expect(guard.takeUpdate(connection, "person", 10, MAX_RATE_BACKLOG + 1)).rejects.toMatchObject({ reason: "rate-limited" });
    // And an update that would wait longer than MAX_RATE_WAIT_MS is refused whatever the queue.
    const other = {};
    await expect(guard.takeUpdate(other, "someone", 10_000_000, 0)).rejects.toMatchObject({ reason: "rate-limited" });
    expect(MAX_RATE_WAIT_MS).toBeGreaterThan(0);
  });

  it("reads the queue of a Hocuspocus connection (its internal messageQueue, the one in hand excluded)", () => {
    expect(SocketGuard.backlogOf({ messageQueue: [1, 2, 3] })).toBe(2);
    expect(SocketGuard.backlogOf({})).toBe(0);
  });
});
