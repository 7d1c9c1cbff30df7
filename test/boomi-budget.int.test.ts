import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dbVariants, dropDb, freshDb, schemaOf } from './helpers/test-db.ts';
import { allowedInWindow, maxInWindow } from './helpers/emulator-watch.ts';
import { DatabaseBudget, type DatabaseBudgetOptions } from '../src/boomi/database-budget.ts';
import { TokenBucket, type RateLimiter } from '../src/boomi/rate-limiter.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDb, type Db, type Queryable } from '../src/platform/db.ts';

const pgUrl = process.env.TEST_DATABASE_URL;
const RATE = { ratePerSecond: 10, burst: 2 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const budgetOn = (db: Pick<Queryable, 'query'>, opts: Partial<DatabaseBudgetOptions> = {}, fallback?: RateLimiter) =>
  new DatabaseBudget(
    { key: 'http://boomi|acme', ...RATE, ...opts },
    { db, clock: systemClock, fallback: fallback ?? new TokenBucket(systemClock, RATE) },
  );

/** How far ahead of the server's clock the budget has been reserved, in ms. */
const reservedAhead = async (db: Db, key = 'http://boomi|acme') =>
  (
    await db.query<{ ms: number }>(
      'select (extract(epoch from tat - clock_timestamp()) * 1000)::float8 as ms from boomi_budget where budget_key = $1',
      [key],
    )
  ).rows[0]!.ms;

for (const variant of dbVariants()) {
  describe(`the shared Boomi budget in one process [${variant.name}]`, () => {
    let db: Db;
    before(async () => {
      db = await variant.open();
    });
    after(async () => dropDb(db));

    test('paces like the in-process bucket and reserves no further ahead than its horizon', async () => {
      const budget = budgetOn(db, { key: `pace-${variant.name}`, horizonMs: 500 });
      const t0 = Date.now();
      const sent: number[] = [];
      let furthest = 0;
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const callers = Array.from({ length: 16 }, () => budget.acquire().then(() => sent.push(Date.now() - t0)));
      const watching = setInterval(() => {
        void reservedAhead(db, `pace-${variant.name}`).then((ms) => (furthest = Math.max(furthest, ms)));
      }, 20);
      await Promise.all(callers);
      clearInterval(watching);
      loop.disable();
      sent.sort((a, b) => a - b);
      assert.ok(sent[1]! - sent[0]! < 80 + loop.max / 1e6, `the burst of 2 goes at once: ${sent.join(' ')}`);
      const allowed = allowedInWindow(sent, RATE.ratePerSecond, RATE.burst, loop.max / 1e6);
      assert.ok(maxInWindow(sent) <= allowed, sent.join(' '));
      assert.ok(sent[15]! >= 1350 && sent[15]! < 2200, `16 calls at 10/s after a burst of 2: ${sent.join(' ')}`);
      // tat runs one interval past the last reservation, which may lie `horizon + tolerance` out.
      assert.ok(furthest <= 500 + 100 + 100 + 30, `reserved ${furthest} ms ahead`);
    });

    test('falls back to the process bucket when the database fails, logs it once, and comes back', async () => {
      let broken = true;
      const failing: Pick<Queryable, 'query'> = {
        query: (sql, params) =>
          broken
            ? Promise.reject(
                Object.assign(new Error('connect ECONNREFUSED via postgres://promo:s3cret@db:5432/promo'), {
                  code: 'ECONNREFUSED',
                }),
              )
            : db.query(sql, params),
      };
      let fallbackCalls = 0;
      const fallback: RateLimiter = { acquire: async () => void fallbackCalls++ };
      const logs: Array<{ level: string; obj: object; msg: string }> = [];
      const budget = new DatabaseBudget(
        { key: `fail-${variant.name}`, ...RATE, retryAfterMs: 150 },
        {
          db: failing,
          clock: systemClock,
          fallback,
          log: {
            warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
            info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
          },
        },
      );
      for (let i = 0; i < 3; i++) await budget.acquire();
      await budget.acquireBackground();
      assert.equal(fallbackCalls, 4, 'every call was paced by the fallback bucket, none went unpaced');
      assert.deepEqual(
        logs.map((l) => l.level),
        ['warn'],
      );
      assert.doesNotMatch(JSON.stringify(logs), /s3cret/);
      broken = false;
      await sleep(200);
      await budget.acquire();
      assert.equal(fallbackCalls, 4, 'the database paces again once it answers');
      assert.deepEqual(
        logs.map((l) => l.level),
        ['warn', 'info'],
      );
      assert.ok((await reservedAhead(db, `fail-${variant.name}`)) > -1000, 'the reservation is in the table');
    });

    test("recovers at once when the server's clock steps back", async () => {
      const key = `step-${variant.name}`;
      const budget = budgetOn(db, { key });
      await budget.acquire();
      // What a step back of an hour looks like from the row: everything an hour ahead.
      await db.query(
        "update boomi_budget set tat = tat + interval '1 hour', foreground_until = foreground_until + interval '1 hour'",
      );
      const t0 = Date.now();
      await budget.acquire();
      await budget.acquireBackground();
      assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
      assert.ok((await reservedAhead(db, key)) < 1000);
    });

    test('a statement that hangs counts as a failure after its timeout', async () => {
      let fallbackCalls = 0;
      const hung: Pick<Queryable, 'query'> = { query: () => new Promise(() => {}) };
      const budget = new DatabaseBudget(
        { key: 'hung', ...RATE, statementTimeoutMs: 100 },
        { db: hung, clock: systemClock, fallback: { acquire: async () => void fallbackCalls++ } },
      );
      const t0 = Date.now();
      await budget.acquire();
      assert.equal(fallbackCalls, 1);
      assert.ok(Date.now() - t0 < 1000);
    });
  });
}

/** Three replicas: three pools on one PostgreSQL schema, each with its own budget object. */
describe('one Boomi budget across replicas', { skip: pgUrl ? false : 'needs TEST_DATABASE_URL' }, () => {
  let db: Db;
  let pools: Db[] = [];
  before(async () => {
    db = await freshDb(pgUrl);
    pools = await Promise.all([1, 2, 3].map(() => openDb({ databaseUrl: pgUrl, schema: schemaOf(db), poolSize: 2 })));
  });
  after(async () => {
    for (const p of pools) await p.close();
    await dropDb(db);
  });

  test('three replicas hammering one account stay within burst + rate in every second', async () => {
    const replicas = pools.map((p) => budgetOn(p, { key: 'hammer' }));
    const grants: Array<{ replica: number; at: number }> = [];
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const deadline = Date.now() + 3000;
    // Six callers per replica, each sending as soon as it has a slot, like a busy promotion.
    await Promise.all(
      replicas.flatMap((budget, replica) =>
        Array.from({ length: 6 }, async () => {
          while (Date.now() < deadline) {
            await budget.acquire();
            if (Date.now() <= deadline) grants.push({ replica, at: Date.now() });
            await sleep(10);
          }
        }),
      ),
    );
    loop.disable();
    const times = grants.map((g) => g.at);
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    // The three replicas share this event loop: a stall bunches grants (allowedInWindow).
    const allowed = allowedInWindow(times, RATE.ratePerSecond, RATE.burst, loop.max / 1e6);
    assert.ok(maxInWindow(times) <= allowed, `max ${maxInWindow(times)} in one second (allowed ${allowed})`);
    // Close to the rate: the burst, then one every 100 ms, give or take timer lag.
    assert.ok(grants.length >= 0.9 * (RATE.burst + RATE.ratePerSecond * span), `${grants.length} in ${span} s`);
    for (const r of [0, 1, 2]) assert.ok(grants.filter((g) => g.replica === r).length >= 5, `replica ${r} starved`);
  });

  test("background work waits while another replica's promotions are busy", async () => {
    const [a, b] = pools.map((p) => budgetOn(p, { key: 'priority' }));
    const idle = Date.now();
    await b!.acquireBackground();
    assert.ok(Date.now() - idle < 200, 'an idle budget serves background work at once');
    await sleep(300);
    const foreground: number[] = [];
    const busy = Array.from({ length: 15 }, () => a!.acquire().then(() => foreground.push(Date.now())));
    await sleep(30);
    const background = b!.acquireBackground().then(() => Date.now());
    await Promise.all(busy);
    const backgroundAt = await background;
    assert.ok(
      backgroundAt >= Math.max(...foreground),
      `background went ${Math.max(...foreground) - backgroundAt} ms before the last foreground call`,
    );
  });

  test('a replica killed while holding reservations does not keep the budget: it recovers within the horizon', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'budget-child.ts'), pgUrl!, schemaOf(db)!, 'kill', '5'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d) => String(d).includes('holding') && resolve());
        child.on('exit', (code) => reject(new Error(`the child exited early (${code})`)));
      });
      // Let the child's head reserve up to its horizon, then kill it without any cleanup.
      await sleep(100);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    } finally {
      child.kill('SIGKILL');
    }
    // 40 callers at 5/s would hold 8 s of budget; the horizon caps what the child reserved.
    const ahead = await reservedAhead(db, 'kill');
    assert.ok(ahead >= 500, `the child held reservations (${ahead} ms ahead)`);
    const survivor = budgetOn(pools[0]!, { key: 'kill', ratePerSecond: 5, burst: 1 });
    const t0 = Date.now();
    await survivor.acquire();
    const recovered = Date.now() - t0;
    assert.ok(recovered <= 1000 + 200 + 300, `the next slot came after ${recovered} ms`);
    for (let i = 0; i < 3; i++) await survivor.acquire();
    assert.ok(Date.now() - t0 - recovered < 3 * 200 + 300, 'then slots come at the rate');
  });
});
