import type { Clock } from '../../../src/platform/clock.ts';

interface Timer {
  at: number;
  resolve: () => void;
}

/**
 * Virtual time. In `auto` mode a sleep moves time forward at once (for code that sleeps one
 * caller at a time, such as retries); otherwise sleeps wait for `advance`.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  private timers: Timer[] = [];

  constructor(
    private t = 0,
    private readonly auto = true,
  ) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.auto) {
      this.t += ms;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer: Timer = { at: this.t + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward, firing due timers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = next.at;
      next.resolve();
      await new Promise((r) => setImmediate(r));
    }
    this.t = target;
    await new Promise((r) => setImmediate(r));
  }

  get pending(): number {
    return this.timers.length;
  }
}
