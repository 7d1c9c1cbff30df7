import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { createPgPromotionStore } from '../src/features/promotions/pg-promotion-store.ts';
import type { Db } from '../src/platform/db.ts';

type P = { promotionId: string; devAccountId: string; status: string; results?: unknown[] };

for (const variant of dbVariants()) {
  describe(`queryStatus [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    const ids: Record<string, string> = {};

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db);
      const store = createPgPromotionStore(db);
      const make = async (
        key: string,
        devAccountId: string,
        processName: string,
        steps: Array<Parameters<typeof store.transition>[2]>,
        daysAgo: number,
      ) => {
        const promotionId = randomUUID();
        ids[key] = promotionId;
        await db.transaction(async (tx) => {
          await store.insertInProgress(tx, {
            promotionId,
            devAccountId,
            prodAccountId: 'acme-PRIMARY',
            devPackageId: 'pkg',
            devPackageVersion: '1.0.0',
            devPackageCreator: null,
            initiatedBy: 'alice@acme.example',
            processName,
            rootComponentId: `root-${key}`,
            packageVersion: '1.0.0',
            componentsTotal: 1,
            branchId: null,
            branchName: null,
            jobId: null,
          });
          await store.saveResults(tx, promotionId, [
            {
              seq: 0,
              devComponentId: `dev-${key}`,
              name: key,
              type: 'process',
              action: 'CREATED',
              status: 'SUCCESS',
              prodComponentId: `prod-${key}`,
              prodVersion: 1,
              configStripped: false,
              strippedElements: [],
              errorMessage: null,
            },
          ]);
          for (const s of steps)
            await store.transition(
              tx,
              promotionId,
              s,
              s === 'submitHotfix'
                ? { isHotfix: true, hotfixJustification: 'urgent', targetEnvironment: 'PRODUCTION' }
                : {},
            );
          await tx.query(
            'update promotion_log set initiated_at = now() - make_interval(days => $2) where promotion_id = $1',
            [promotionId, daysAgo],
          );
        });
      };
      await make('a1', 'acme-DEVA', 'Order Processing Main', ['complete'], 10);
      await make('a2', 'acme-DEVA', 'Order Processing Main', ['complete', 'submitHotfix'], 5);
      await make('a3', 'acme-DEVA', 'Invoice Sync', ['complete', 'submitHotfix', 'peerApprove'], 2);
      await make('b1', 'acme-DEVB', 'Shipment Tracker', ['fail'], 1);
      await make(
        'b2',
        'acme-DEVB',
        'Shipment Tracker',
        ['complete', 'submitHotfix', 'peerApprove', 'adminApprove', 'deployed'],
        0,
      );
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    const query = async (body: Record<string, unknown>, as = 'carol') => t.action('queryStatus', body, as);
    const keysOf = (r: { body: Record<string, unknown> }) =>
      (r.body.promotions as P[]).map((p) => Object.entries(ids).find(([, v]) => v === p.promotionId)![0]);

    test('newest first; a contributor sees only the accounts of their team', async () => {
      assert.deepEqual(keysOf(await query({})), ['b2', 'b1', 'a3', 'a2', 'a1']);
      assert.deepEqual(keysOf(await query({}, 'alice')), ['a3', 'a2', 'a1']);
      const other = await query({ devAccountId: 'acme-DEVB' }, 'alice');
      assert.equal(other.status, 403);
      assert.equal(other.body.errorCode, 'ACCOUNT_NOT_AUTHORIZED');
      const byId = await query({ promotionId: ids.b1 }, 'alice');
      assert.deepEqual(
        [byId.status, byId.body.errorCode],
        [200, 'PROMOTION_NOT_FOUND'],
        "another team's promotion looks like a made-up one",
      );
    });

    test('by promotion id (with results), status, review stage, process, component, dates, deployed', async () => {
      const one = await query({ promotionId: ids.a1 });
      assert.deepEqual(keysOf(one), ['a1']);
      assert.equal((one.body.promotions as P[])[0]!.results?.length, 1);
      assert.equal(
        (await query({ promotionId: randomUUID() })).body.errorCode,
        'PROMOTION_NOT_FOUND',
        'an unknown id is named as such, never skipped',
      );
      assert.deepEqual(keysOf(await query({ status: 'COMPLETED' })), ['a1']);
      assert.deepEqual(keysOf(await query({ reviewStage: 'PENDING_PEER_REVIEW' })), ['a2']);
      assert.deepEqual(keysOf(await query({ reviewStage: 'PENDING_ADMIN_REVIEW' })), ['a3']);
      assert.deepEqual(keysOf(await query({ queryType: 'byProcess', processName: 'order processing main' })), [
        'a2',
        'a1',
      ]);
      assert.deepEqual(keysOf(await query({ queryType: 'byComponent', componentId: 'prod-a3' })), ['a3']);
      assert.deepEqual(keysOf(await query({ componentId: 'dev-b1' })), ['b1']);
      const from = new Date(Date.now() - 6 * 86_400_000).toISOString();
      const to = new Date(Date.now() - 1.5 * 86_400_000).toISOString();
      assert.deepEqual(keysOf(await query({ startDate: from, endDate: to })), ['a3', 'a2']);
      assert.deepEqual(keysOf(await query({ deployed: false, devAccountId: 'acme-DEVB' })), ['b1']);
      assert.deepEqual(
        keysOf(await query({ status: '', devAccountId: '', promotionId: '' })).length,
        5,
        'empty strings mean no filter',
      );
    });

    test('paging with limit and offset', async () => {
      const page1 = await query({ limit: 2 });
      const page3 = await query({ limit: 2, offset: 4 });
      assert.deepEqual([keysOf(page1), page1.body.totalCount, page1.body.hasMore], [['b2', 'b1'], 2, true]);
      assert.deepEqual([keysOf(page3), page3.body.hasMore], [['a1'], false]);
    });

    test('a bad enum is INVALID_REQUEST naming the field', async () => {
      const r = await query({ reviewStage: 'SOMETIME' });
      assert.deepEqual([r.status, r.body.field], [400, 'reviewStage']);
    });
  });
}
