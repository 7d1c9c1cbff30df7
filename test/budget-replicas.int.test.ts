import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dropDb, freshDb, schemaOf } from './helpers/test-db.ts';
import { NO_DELAYS, buildTestApp, type TestApp } from './helpers/test-app.ts';
import { maxInWindow, watchEmulator, type EmulatorWatch } from './helpers/emulator-watch.ts';
import { REPLICA_ACCOUNTS, addThirdDevAccount, addTree } from './helpers/replica-fixture.ts';
import { createEmulator, type Emulator } from '../emulator/index.ts';
import { openDb, type Db } from '../src/platform/db.ts';

const pgUrl = process.env.TEST_DATABASE_URL;
const LIMIT = 10;

/**
 * Three replicas of Promo on one PostgreSQL database, each with its own connection pool, promote
 * three trees at once against one emulator account limited to 10 requests/second. Each replica
 * paces at the full 10/s, so without the shared budget they would send up to three times that.
 */
describe('three replicas share one Boomi budget', { skip: pgUrl ? false : 'needs TEST_DATABASE_URL' }, () => {
  let emulator: Emulator;
  let watch: EmulatorWatch;
  let db: Db;
  let pools: Db[] = [];
  let replicas: TestApp[] = [];
  let baseUrl = '';

  before(async () => {
    emulator = createEmulator({ rateLimit: LIMIT, stageTimings: NO_DELAYS, latencyMs: 20 });
    watch = watchEmulator(emulator);
    baseUrl = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    db = await freshDb(pgUrl);
    await addThirdDevAccount(emulator, db, 'acme-PRIMARY');
    pools = await Promise.all([1, 2].map(() => openDb({ databaseUrl: pgUrl, schema: schemaOf(db), poolSize: 5 })));
    const env = { BOOMI_BASE_URL: baseUrl, BOOMI_RATE_LIMIT: String(LIMIT), BOOMI_MAX_CONCURRENCY: '4' };
    replicas = [
      await buildTestApp(db, { env }),
      ...(await Promise.all(pools.map((p) => buildTestApp(p, { env, seed: false })))),
    ];
  });
  after(async () => {
    for (const r of replicas) await r.app.close();
    for (const p of pools) await p.close();
    await emulator.close();
    await dropDb(db);
  });

  test('three promotions at once: no 503 from Boomi, every promotion COMPLETED', async () => {
    const requests = [];
    for (const [i, account] of REPLICA_ACCOUNTS.entries()) {
      const rootComponentId = addTree(emulator, account, 10, 'e2e');
      const tree = await replicas[i]!.action(
        'resolveDependencies',
        { devAccountId: account, rootComponentId },
        'carol',
      );
      assert.equal(tree.body.success, true, JSON.stringify(tree.body));
      requests.push({
        devAccountId: account,
        devPackageId: `replica-${account}`,
        packageVersion: '1.0.0',
        rootComponentId,
        components: (tree.body.components as Array<Record<string, string>>).map((c) => ({
          devComponentId: c.devComponentId,
          name: c.name,
          type: c.type,
          folderFullPath: c.folderFullPath,
        })),
      });
    }
    watch.reset();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const results = await Promise.all(
      requests.map((body, i) => replicas[i]!.action('executePromotion', body, 'carol')),
    );
    loop.disable();
    for (const r of results) assert.equal(r.body.status, 'COMPLETED', JSON.stringify(r.body).slice(0, 500));
    assert.equal(watch.refusals(), 0, 'the emulator refused calls for its rate limit');
    assert.ok(watch.arrivals.length > 3 * 20, `${watch.arrivals.length} calls`);
    // Burst 2 + rate 10 per second; everything here shares one event loop, so calls delayed by
    // a stall of it arrive together: a stall of s ms can add up to rate * s more to one second.
    const stallMs = loop.max / 1e6;
    const peak = maxInWindow(watch.arrivals);
    const allowed = 2 + LIMIT + Math.ceil((LIMIT * stallMs) / 1000);
    assert.ok(peak <= allowed, `${peak} calls in one second (allowed ${allowed}, stall ${stallMs} ms)`);
    const { rows } = await db.query<{ budget_key: string }>('select budget_key from boomi_budget');
    assert.deepEqual(
      rows.map((r) => r.budget_key),
      [`${baseUrl}|acme-PRIMARY`],
      'the replicas paced through the database',
    );
  });
});
