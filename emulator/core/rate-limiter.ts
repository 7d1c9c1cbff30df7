// Token bucket per effective account, as Boomi limits per account (not per client or node).
// Capacity equals one second's worth of requests, so a burst of `rps` passes and then the steady
// rate applies.

interface Bucket {
  tokens: number;
  last: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** True when the call may proceed. */
  take(accountId: string, rps: number | null, now: number): boolean {
    if (!rps || rps <= 0) return true;
    let b = this.buckets.get(accountId);
    if (!b) {
      b = { tokens: rps, last: now };
      this.buckets.set(accountId, b);
    }
    b.tokens = Math.min(rps, b.tokens + ((now - b.last) / 1000) * rps);
    b.last = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
