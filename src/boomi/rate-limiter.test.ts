import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../test/boomi/helpers/fake-clock.ts';
import { TokenBucket, resetSharedRateLimiters, sharedRateLimiter } from './rate-limiter.ts';

/** Lets callbacks of settled promises run before virtual time moves on. */
const settle = () => new Promise((r) => setImmediate(r));

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

  it('a background flood never holds foreground requests back by more than the one request it sent', async () => {
    const schedule = async (withBackground: boolean) => {
      const clock = new FakeClock(0, false);
      const run = stepper(clock);
      const bucket = new TokenBucket(clock, { ratePerSecond: 10, burst: 2 });
      const foreground: number[] = [];
      const background: number[] = [];
      let stop = false;
      // Drift work that started first and keeps asking, one request at a time.
      const flood = withBackground
        ? (async () => {
            while (!stop) {
              await bucket.acquireBackground();
              background.push(clock.now());
            }
          })()
        : Promise.resolve();
      await run(250);
      // A promotion's burst arrives while the flood runs, then a single call later on.
      const burst = Array.from({ length: 8 }, () => bucket.acquire().then(() => foreground.push(clock.now())));
      await run(1500);
      const late = bucket.acquire().then(() => foreground.push(clock.now()));
      await run(1000);
      stop = true;
      await run(500);
      await Promise.all([...burst, late, flood]);
      return { foreground, background };
    };
    const alone = await schedule(false);
    const shared = await schedule(true);
    assert.deepEqual(alone.foreground, [250, 250, 350, 450, 550, 650, 750, 850, 1750]);
    assert.equal(shared.foreground.length, alone.foreground.length);
    shared.foreground.forEach((t, i) =>
      assert.ok(t - alone.foreground[i]! <= 100, `request ${i} sent at ${t}, alone at ${alone.foreground[i]}`),
    );
    assert.equal(shared.foreground.at(-1), 1750, 'a later single call is not delayed at all');
    assert.ok(shared.background.length >= 20, `background used the idle time (${shared.background.length} calls)`);
    const waiting = shared.background.filter((t) => t > 250 && t <= shared.foreground[7]!);
    assert.deepEqual(waiting, [], 'no background request while foreground callers waited');
  });

  it('paces background requests at the full rate when nothing else waits', async () => {
    const clock = new FakeClock(0, false);
    const bucket = new TokenBucket(clock, { ratePerSecond: 10, burst: 2 });
    const sent: number[] = [];
    const done = (async () => {
      for (let i = 0; i < 10; i++) {
        await bucket.acquireBackground();
        sent.push(clock.now());
      }
    })();
    await stepper(clock)(1200);
    await done;
    assert.deepEqual(sent, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });
});

/** Moves virtual time in small steps, letting every woken caller run before the next step. */
function stepper(clock: FakeClock) {
  return async (ms: number) => {
    for (let left = ms; left > 0; left -= 5) {
      await settle();
      await clock.advance(Math.min(5, left));
    }
    await settle();
  };
}
