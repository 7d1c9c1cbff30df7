import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { NO_DELAYS, buildTestApp, type TestApp } from './helpers/test-app.ts';
import { until } from './helpers/promotion-helpers.ts';
import { approve, productionDeployments, recordOf, waitingForAdmin } from './helpers/freeze-helpers.ts';
import { createEmulator, type Emulator } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 14 item 5: a scheduled deployment is a durable job; the service that queued it may stop
// before its time, and the next one on the same database deploys it.

for (const variant of dbVariants()) {
  describe(`a scheduled deployment across a service restart [${variant.name}]`, () => {
    let db: Db;
    let emulator: Emulator;
    let env: Record<string, string>;
    let first: TestApp | undefined;
    let second: TestApp | undefined;

    before(async () => {
      db = await variant.open();
      emulator = createEmulator({ rateLimit: 0, stageTimings: NO_DELAYS });
      const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
      env = { BOOMI_BASE_URL: url, BOOMI_RATE_LIMIT: '100' };
    });
    after(async () => {
      await first?.app.close();
      await second?.app.close();
      await emulator.close();
      await dropDb(db);
    });

    test('fires after the restart, in the service that came back', async () => {
      first = await buildTestApp(db, { env });
      const id = await waitingForAdmin(first);
      const deployAt = new Date(Date.now() + 2500);
      const res = await approve(first, id, { deployAt: deployAt.toISOString() });
      assert.equal(res.body.newStatus, 'ADMIN_APPROVED', JSON.stringify(res.body));
      await first.app.close();
      first = undefined;

      // Down past the scheduled time: nothing ran it.
      await new Promise((r) => setTimeout(r, Math.max(0, deployAt.getTime() - Date.now()) + 1000));
      const { rows } = await db.query<{ state: string; status: string }>(
        'select j.state, p.status from job_run j join promotion_log p on p.job_id = j.id::text where p.promotion_id = $1',
        [id],
      );
      assert.deepEqual(rows, [{ state: 'QUEUED', status: 'ADMIN_APPROVED' }]);
      assert.deepEqual(productionDeployments(emulator), []);

      second = await buildTestApp(db, { env, seed: false });
      const r = await until('the scheduled deployment', async () => {
        const p = await recordOf(second!, id);
        return p.status === 'DEPLOYED' ? p : undefined;
      });
      assert.equal(r.jobId, res.body.jobId, 'the job queued before the restart deployed it');
      assert.ok(productionDeployments(emulator).includes(String(r.prodPackageId)), 'deployed in Boomi production');
    });
  });
}
