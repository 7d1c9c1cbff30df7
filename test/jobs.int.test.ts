import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { startJobs, type Jobs } from '../src/platform/jobs.ts';
import type { Db } from '../src/platform/db.ts';

for (const variant of dbVariants()) {
  describe(`durable jobs on pg-boss [${variant.name}]`, () => {
    let db: Db;
    let jobs: Jobs;
    const seen: string[] = [];
    before(async () => {
      db = await variant.open();
      jobs = await startJobs(db, { pollingIntervalSeconds: 0.5 });
      await jobs.register<{ n: number }>('double', async (data, ctx) => {
        seen.push(ctx.id);
        await ctx.progress(1, 2, 'halfway');
        if (data.n < 0) return { ok: false, code: 'INVALID_REQUEST', message: 'negative', result: { n: data.n } };
        if (data.n === 13) throw new Error('unlucky');
        return { ok: true, result: { doubled: data.n * 2 } };
      });
    });
    after(async () => {
      await jobs.stop();
      await dropDb(db);
    });

    test('a job queued in a committed transaction runs and reports its result and progress', async () => {
      const id = await db.transaction((tx) =>
        jobs.enqueue(tx, 'double', { n: 21 }, { requestedBy: 'alice@acme.example' }),
      );
      const run = await jobs.waitFor(id, 20_000);
      assert.equal(run?.state, 'SUCCEEDED');
      assert.deepEqual(run?.result, { doubled: 42 });
      assert.deepEqual(run?.progress, { done: 1, total: 2, step: 'halfway' });
      assert.equal(run?.attempts, 1);
    });

    test('a job queued in a rolled-back transaction never exists', async () => {
      let id = '';
      await assert.rejects(
        db.transaction(async (tx) => {
          id = await jobs.enqueue(tx, 'double', { n: 1 }, { requestedBy: 'alice@acme.example' });
          throw new Error('roll back');
        }),
      );
      assert.equal(await jobs.get(id), undefined);
      await new Promise((r) => setTimeout(r, 1200));
      assert.ok(!seen.includes(id));
    });

    test('handled failures and thrown errors finish the job as FAILED with a code', async () => {
      const a = await db.transaction((tx) =>
        jobs.enqueue(tx, 'double', { n: -1 }, { requestedBy: 'bob@acme.example' }),
      );
      const b = await db.transaction((tx) =>
        jobs.enqueue(tx, 'double', { n: 13 }, { requestedBy: 'bob@acme.example' }),
      );
      const [ra, rb] = await Promise.all([jobs.waitFor(a, 20_000), jobs.waitFor(b, 20_000)]);
      assert.deepEqual([ra?.state, ra?.error?.code, ra?.result], ['FAILED', 'INVALID_REQUEST', { n: -1 }]);
      assert.deepEqual([rb?.state, rb?.error?.code, rb?.error?.message], ['FAILED', 'INTERNAL_ERROR', 'unlucky']);
    });
  });
}
