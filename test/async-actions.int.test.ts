import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, demoAuth, type TestApp } from './helpers/test-app.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

describe('long-running actions answer 202 with a job when asked (D3)', () => {
  let db: Db;
  let t: TestApp;
  before(async () => {
    db = await freshDb();
    t = await buildTestApp(db, { emulator: true });
  });
  after(async () => {
    await t.app.close();
    await dropDb(db);
  });

  const job = async (jobId: string, as = 'alice') =>
    await t.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: { authorization: demoAuth(as) } });

  test('resolveDependencies with Prefer: respond-async runs as a job whose response is the tree', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/fs/PromotionService/resolveDependencies',
      headers: { authorization: demoAuth('alice'), 'content-type': 'application/json', prefer: 'respond-async' },
      payload: JSON.stringify({
        devAccountId: 'acme-DEVA',
        rootComponentId: DEMO.packages.customerMasterSync.componentId,
      }),
    });
    assert.equal(res.statusCode, 202, res.body);
    const { jobId, success } = res.json();
    assert.equal(success, true);
    let view = (await job(jobId)).json();
    for (let i = 0; i < 200 && !['SUCCEEDED', 'FAILED'].includes(view.state); i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = (await job(jobId)).json();
    }
    assert.equal(view.state, 'SUCCEEDED', JSON.stringify(view));
    assert.equal(view.response.success, true);
    assert.ok(view.response.totalComponents >= 40);
    assert.equal((await job(jobId, 'erin')).statusCode, 404, 'another team does not see the job');
    assert.equal((await job(jobId, 'carol')).statusCode, 200, 'admins do');
  });

  test('unknown jobs are 404 with the envelope', async () => {
    const res = await job('00000000-0000-4000-8000-000000000000');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().errorCode, 'NOT_FOUND');
  });
});
