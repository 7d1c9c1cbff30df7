import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { TcpProxy } from './helpers/tcp-proxy.ts';
import type { Db } from '../src/platform/db.ts';

const url = process.env.TEST_DATABASE_URL;

describe('the PostgreSQL server goes away and comes back', { skip: url ? false : 'needs TEST_DATABASE_URL' }, () => {
  let proxy: TcpProxy;
  let db: Db;
  let t: TestApp;
  before(async () => {
    const target = new URL(url!);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    target.host = `127.0.0.1:${proxy.port}`;
    db = await freshDb(target.href);
    t = await buildTestApp(db);
  });
  after(async () => {
    await proxy.start().catch(() => {});
    await t.app.close();
    await dropDb(db);
    await proxy.stop();
  });

  test('requests answer 503 with the envelope while it is down, and succeed again after', async () => {
    assert.equal((await t.action('getDevAccounts', {}, 'alice')).body.success, true);

    await proxy.stop();
    const down = await t.action('manageMappings', { operation: 'list' }, 'carol');
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.deepEqual([down.body.success, down.body.errorCode], [false, 'DATAHUB_ERROR']);
    assert.doesNotMatch(JSON.stringify(down.body), /ECONNREFUSED|stack|at /);
    const ready = await t.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.equal((await t.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'alive, just not ready');
    // Cached access rights are distrusted as soon as the LISTEN connection is lost.
    let cached = await t.action('getDevAccounts', {}, 'alice');
    for (let i = 0; i < 50 && cached.status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 20));
      cached = await t.action('getDevAccounts', {}, 'alice');
    }
    assert.equal(cached.status, 503);

    await proxy.start();
    const back = await t.action('getDevAccounts', {}, 'alice');
    assert.equal(back.body.success, true, JSON.stringify(back.body));
    assert.equal((await t.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  });
});
