import type { Rate } from "./limits";

/** A token bucket: takes `amount` if it holds that much, refilling at `perSecond`. */
export class Bucket {
  private tokens: number;
  private at: number;
  constructor(private readonly rate: Rate, now = Date.now()) {
    this.tokens = rate.burst;
    this.at = now;
  }
  take(amount: number, now = Date.now()): boolean {
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.at) / 1000) * this.rate.perSecond);
    this.at = now;
    if (amount > this.tokens) return false;
    this.tokens -= amount;
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
  take(key: string, amount: number, now = Date.now()): boolean {
    let bucket = this.map.get(key);
    if (!bucket) this.map.set(key, (bucket = new Bucket(this.rate, now)));
    const ok = bucket.take(amount, now);
    if (this.map.size > 10_000) for (const [k, b] of this.map) if (b.full) this.map.delete(k);
    return ok;
  }
}
