import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../test/boomi/helpers/fake-clock.ts';
import { TokenBucket, resetSharedRateLimiters, sharedRateLimiter } from './rate-limiter.ts';

describe('TokenBucket', () => {
  it('lets a burst through, then paces at the rate', () => {
    const clock = new FakeClock(1000, false);
    const bucket = new TokenBucket(clock, { ratePerSecond: 8, burst: 2 });
    const waits = Array.from({ length: 6 }, () => bucket.reserve());
    assert.deepEqual(waits, [0, 0, 125, 250, 375, 500]);
  });

  it('refills while idle, up to the burst only', async () => {
    const clock = new FakeClock(0, false);
    const bucket = new TokenBucket(clock, { ratePerSecond: 10, burst: 3 });
    for (let i = 0; i < 3; i++) assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 100);
    await clock.advance(10_000);
    // a long pause does not bank more than the burst
    assert.deepEqual([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()], [0, 0, 0, 100]);
  });

  it('never lets more than burst + rate requests into any one-second window', async () => {
    const clock = new FakeClock(0, false);
    const bucket = new TokenBucket(clock, { ratePerSecond: 8, burst: 2 });
    const sent: number[] = [];
    const callers = Array.from({ length: 40 }, () => bucket.acquire().then(() => sent.push(clock.now())));
    await clock.advance(6000);
    await Promise.all(callers);
    assert.equal(sent.length, 40);
    for (const start of sent) {
      const inWindow = sent.filter((t) => t >= start && t < start + 1000).length;
      assert.ok(inWindow <= 10, `window at ${start} holds ${inWindow}`);
    }
    assert.equal(sent.at(-1), 38 * 125, 'first come first served, no gaps');
  });

  it('gives up a wait on abort', async () => {
    const clock = new FakeClock(0, false);
    const bucket = new TokenBucket(clock, { ratePerSecond: 1, burst: 1 });
    await bucket.acquire();
    const ac = new AbortController();
    const waiting = bucket.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
  });

  it('is shared per base URL and account', () => {
    resetSharedRateLimiters();
    const clock = new FakeClock();
    const a = sharedRateLimiter('http://h/x/', 'acme-1', clock, { ratePerSecond: 8, burst: 2 });
    const b = sharedRateLimiter('http://h/x', 'acme-1', clock, { ratePerSecond: 50, burst: 9 });
    const c = sharedRateLimiter('http://h/x', 'acme-2', clock, { ratePerSecond: 8, burst: 2 });
    assert.equal(a, b);
    assert.notEqual(a, c);
    resetSharedRateLimiters();
  });

  it('rejects nonsense settings', () => {
    assert.throws(() => new TokenBucket(new FakeClock(), { ratePerSecond: 0, burst: 1 }), RangeError);
    assert.throws(() => new TokenBucket(new FakeClock(), { ratePerSecond: 1, burst: 0 }), RangeError);
  });
});
