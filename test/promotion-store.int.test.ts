import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { createPgPromotionStore } from '../src/features/promotions/pg-promotion-store.ts';
import type { NewPromotion, PromotionStore } from '../src/features/promotions/promotion-store.ts';
import type { Db } from '../src/platform/db.ts';

const newPromotion = (over: Partial<NewPromotion> = {}): NewPromotion => ({
  promotionId: randomUUID(),
  devAccountId: 'acme-DEVA',
  prodAccountId: 'acme-PRIMARY',
  devPackageId: 'pkg-1',
  devPackageVersion: '1.0.0',
  devPackageCreator: null,
  initiatedBy: 'alice@acme.example',
  processName: 'Order Processing Main',
  rootComponentId: 'root-1',
  packageVersion: '1.0.0',
  componentsTotal: 3,
  branchId: null,
  branchName: null,
  jobId: null,
  ...over,
});

for (const variant of dbVariants()) {
  describe(`promotion records [${variant.name}]`, () => {
    let db: Db;
    let store: PromotionStore;
    before(async () => {
      db = await variant.open();
      store = createPgPromotionStore(db);
    });
    after(async () => dropDb(db));

    test('one running promotion per dev account, decided by the database', async () => {
      const first = newPromotion();
      await db.transaction((tx) => store.insertInProgress(tx, first));
      await assert.rejects(
        db.transaction((tx) => store.insertInProgress(tx, newPromotion())),
        (e: { code?: string }) => e.code === 'PROMOTION_IN_PROGRESS',
      );
      await db.transaction((tx) => store.insertInProgress(tx, newPromotion({ devAccountId: 'acme-DEVB' })));
      const done = await db.transaction((tx) =>
        store.transition(tx, first.promotionId, 'complete', { componentsCreated: 3, branchId: 'b1' }),
      );
      assert.equal(done?.status, 'COMPLETED');
      assert.equal(done?.componentsCreated, 3);
      await db.transaction((tx) => store.insertInProgress(tx, newPromotion()));
    });

    test('transitions are guarded: of two concurrent reviewers exactly one wins', async () => {
      const p = newPromotion({ devAccountId: 'acme-DEVC' });
      await db.transaction((tx) => store.insertInProgress(tx, p));
      await db.transaction((tx) => store.transition(tx, p.promotionId, 'complete'));
      await db.transaction((tx) =>
        store.transition(tx, p.promotionId, 'submitHotfix', {
          isHotfix: true,
          hotfixJustification: 'outage',
          targetEnvironment: 'PRODUCTION',
        }),
      );
      const results = await Promise.all(
        ['bob', 'carol'].map((who) =>
          db.transaction((tx) =>
            store.transition(tx, p.promotionId, 'peerApprove', {
              peerReviewedBy: `${who}@acme.example`,
              peerReviewedAt: new Date(),
            }),
          ),
        ),
      );
      assert.equal(results.filter(Boolean).length, 1);
      const now = await store.get(p.promotionId);
      assert.equal(now?.status, 'PENDING_ADMIN_REVIEW');
      assert.equal(now?.peerReviewStatus, 'PEER_APPROVED');
      assert.equal(now?.adminReviewStatus, 'PENDING_ADMIN_REVIEW');
      assert.equal(
        await db.transaction((tx) => store.transition(tx, p.promotionId, 'peerReject')),
        undefined,
        'already reviewed',
      );
    });

    test('results, pending mappings and queries by status, review stage, component and date', async () => {
      const p = newPromotion({ devAccountId: 'acme-DEVD', processName: 'Invoice Sync' });
      await db.transaction(async (tx) => {
        await store.insertInProgress(tx, p);
        await store.saveResults(tx, p.promotionId, [
          {
            seq: 0,
            devComponentId: 'dev-a',
            name: 'A',
            type: 'profile.json',
            action: 'CREATED',
            status: 'SUCCESS',
            prodComponentId: 'prod-a',
            prodVersion: 1,
            configStripped: false,
            strippedElements: [],
            errorMessage: null,
          },
          {
            seq: 1,
            devComponentId: 'dev-b',
            name: 'B',
            type: 'process',
            action: 'UPDATED',
            status: 'SUCCESS',
            prodComponentId: 'prod-b',
            prodVersion: 4,
            configStripped: true,
            strippedElements: ['@url'],
            errorMessage: null,
          },
        ]);
        await store.savePendingMappings(tx, p.promotionId, [
          {
            devComponentId: 'dev-a',
            devAccountId: 'acme-DEVD',
            prodComponentId: 'prod-a',
            componentName: 'A',
            componentType: 'profile.json',
            prodAccountId: 'acme-PRIMARY',
            prodLatestVersion: 1,
          },
        ]);
      });
      const results = await store.results(p.promotionId);
      assert.deepEqual(
        results.map((r) => [r.devComponentId, r.action, r.strippedElements]),
        [
          ['dev-a', 'CREATED', []],
          ['dev-b', 'UPDATED', ['@url']],
        ],
      );
      assert.equal((await store.pendingMappings(p.promotionId))[0]?.prodComponentId, 'prod-a');

      const byComponent = await store.query({ componentId: 'prod-b', limit: 10, offset: 0 });
      assert.deepEqual(
        byComponent.rows.map((r) => r.promotionId),
        [p.promotionId],
      );
      const byProcess = await store.query({ processName: 'invoice sync', limit: 10, offset: 0 });
      assert.equal(byProcess.rows.length, 1);
      const inAccounts = await store.query({ devAccountIds: ['acme-DEVA'], limit: 1, offset: 0 });
      assert.equal(inAccounts.rows.length, 1);
      assert.equal(inAccounts.hasMore, true, 'two records, one per page');
      const paged = await store.query({ devAccountIds: ['acme-DEVA'], limit: 1, offset: 1 });
      assert.equal(paged.hasMore, false);
      assert.notEqual(paged.rows[0]?.promotionId, inAccounts.rows[0]?.promotionId);
      const future = await store.query({ from: new Date(Date.now() + 3600_000), limit: 10, offset: 0 });
      assert.equal(future.rows.length, 0);
      const pendingAdmin = await store.query({ reviewStage: 'PENDING_ADMIN_REVIEW', limit: 10, offset: 0 });
      assert.equal(pendingAdmin.rows.length, 1);
      const open = await store.openWithComponents('acme-DEVD');
      assert.deepEqual(open[0]?.devComponentIds.sort(), ['dev-a', 'dev-b']);
    });
  });
}
