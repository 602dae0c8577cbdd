import type { Rate } from "./limits";

/**
 * A token bucket: `burst` at once, refilling at `perSecond`. A request beyond what it holds may
 * borrow up to `maxWaitMs` of future refill: it is then admitted after that wait (backpressure),
 * so a burst that arrives bunched (a busy server reads a second of typing at once) is slowed,
 * not refused. Beyond that it is refused and nothing is taken.
 */
export class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly rate: Rate,
    now = Date.now(),
  ) {
    this.tokens = rate.burst;
    this.at = now;
  }
  private refill(now: number) {
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.at) / 1000) * this.rate.perSecond);
    this.at = now;
  }
  /** How long `amount` would wait (ms, 0 when there is enough now), or null when it would wait longer than `maxWaitMs`. */
  delayFor(amount: number, maxWaitMs = 0, now = Date.now()): number | null {
    this.refill(now);
    const after = this.tokens - amount;
    if (after >= 0) return 0;
    const wait = (-after / this.rate.perSecond) * 1000;
    return wait <= maxWaitMs ? wait : null;
  }
  /** Takes `amount` (after delayFor said yes; the balance may go below zero by what was borrowed). */
  spend(amount: number, now = Date.now()) {
    this.refill(now);
    this.tokens -= amount;
  }
  /** Takes `amount` if the bucket holds that much now. */
  take(amount: number, now = Date.now()): boolean {
    if (this.delayFor(amount, 0, now) !== 0) return false;
    this.spend(amount, now);
    return true;
  }
  get full(): boolean {
    return this.tokens >= this.rate.burst;
  }
}

/** Buckets per key (a person), dropped again once they are full (nobody spent anything lately). */
export class Buckets {
  private readonly map = new Map<string, Bucket>();
  constructor(private readonly rate: Rate) {}
  get(key: string, now = Date.now()): Bucket {
    let bucket = this.map.get(key);
    if (!bucket) this.map.set(key, (bucket = new Bucket(this.rate, now)));
    if (this.map.size > 10_000) for (const [k, b] of this.map) if (b.full && k !== key) this.map.delete(k);
    return bucket;
  }
  take(key: string, amount: number, now = Date.now()): boolean {
    return this.get(key, now).take(amount, now);
  }
}
