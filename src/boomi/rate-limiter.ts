import type { Clock } from '../platform/clock.ts';

/**
 * Boomi limits each account to 10 requests/second across every caller (30-boomi-platform-api.md
 * §1.6), so pacing has to be shared by everything in the process that talks to one account, and
 * it has to hold across any one-second window, not just on average.
 */
export interface RateLimiter {
  /** Resolves when the caller may send one request. Aborting gives up the wait (the slot is lost). */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * The same, for work that must yield to everything else (drift checks): it takes a slot only
   * when no other caller is waiting for one and the slot is spare. Limiters without priorities
   * treat it as `acquire`.
   */
  acquireBackground?(signal?: AbortSignal): Promise<void>;
}

export interface TokenBucketOptions {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /**
   * Requests that may go out back to back after an idle period. Kept small on purpose: a bucket
   * allows `burst + rate * T` requests in any window T, so burst 2 at 8/s never exceeds 10 in a
   * second, whatever window the server measures with.
   */
  burst: number;
}

export const DEFAULT_RATE_PER_SECOND = 8;
export const DEFAULT_BURST = 2;

/**
 * A token bucket in its "virtual scheduling" form (GCRA): each caller reserves the next slot at
 * once, so concurrent callers are served first come first served without a queue or a timer of
 * our own, and the only state is one timestamp.
 */
export class TokenBucket implements RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** Theoretical arrival time of the next request if the bucket were always drained at `rate`. */
  private tat: number | undefined;
  /** When the last foreground reservation may go: until then a foreground caller is waiting. */
  private foregroundUntil = 0;

  constructor(
    private readonly clock: Clock,
    opts: TokenBucketOptions,
  ) {
    if (!(opts.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    if (!(opts.burst >= 1)) throw new RangeError('burst must be >= 1');
    this.intervalMs = 1000 / opts.ratePerSecond;
    this.toleranceMs = (Math.floor(opts.burst) - 1) * this.intervalMs;
  }

  /** Reserves a slot and returns how long the caller must wait for it (0 = go now). */
  reserve(): number {
    const now = this.clock.now();
    const tat = Math.max(this.tat ?? now, now);
    const allowedAt = tat - this.toleranceMs;
    this.tat = tat + this.intervalMs;
    return Math.max(0, allowedAt - now);
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const wait = this.reserve();
    this.foregroundUntil = Math.max(this.foregroundUntil, this.clock.now() + wait);
    if (wait > 0) await this.clock.sleep(wait, signal);
  }

  /**
   * GCRA has no queue to reorder, so priority is a rule about when to reserve: a background
   * caller reserves only when no foreground caller is still waiting and the bucket would keep a
   * token for the next foreground arrival (with a burst of 1 there is none to keep: it then takes
   * a free slot, which can delay a foreground arrival by at most one interval). A foreground
   * flood therefore starves background work, never the reverse.
   */
  async acquireBackground(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      const spare = Math.max(0, this.toleranceMs - this.intervalMs);
      const freeAt = Math.max(this.foregroundUntil, (this.tat ?? now) - spare);
      if (freeAt <= now) {
        this.reserve();
        return;
      }
      // Check again when the slot could be spare; a foreground arrival meanwhile moves it on.
      await this.clock.sleep(Math.max(1, Math.min(freeAt - now, this.intervalMs)), signal);
    }
  }
}

// One bucket per Boomi account per process (10-backend.md §8.D #52): two clients built for the
// same base URL and account share it, so a second service instance in one process cannot double
// the request rate.
const shared = new Map<string, TokenBucket>();

export function sharedRateLimiter(
  baseUrl: string,
  accountId: string,
  clock: Clock,
  opts: TokenBucketOptions,
): TokenBucket {
  const key = `${baseUrl.replace(/\/+$/, '')}|${accountId}`;
  let bucket = shared.get(key);
  // The first client to ask decides the rate; later ones join the same bucket.
  if (!bucket) {
    bucket = new TokenBucket(clock, opts);
    shared.set(key, bucket);
  }
  return bucket;
}

/** For tests that build many clients against one URL with different settings. */
export function resetSharedRateLimiters(): void {
  shared.clear();
}
