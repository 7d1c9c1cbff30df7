import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { DEVA, cleanSlate, primaryClient, promote, type WireResult } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { BoomiClient } from '../src/boomi/index.ts';
import type { Db } from '../src/platform/db.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createPgAuditLog } from '../src/features/audit/pg-audit-log.ts';
import { createPgMappingStore } from '../src/features/mappings/pg-mapping-store.ts';
import { createMappingService } from '../src/features/mappings/mapping-service.ts';
import { createPgPromotionStore } from '../src/features/promotions/pg-promotion-store.ts';
import { createPgDeploymentStore } from '../src/features/deployments/pg-deployment-store.ts';
import {
  runProductionDeployment,
  type ProductionDeploymentDeps,
} from '../src/features/deployments/run-production-deployment.ts';

const OPM = DEMO.packages.orderProcessingMain;
const PROD_ENV = DEMO.environments.production;

for (const variant of dbVariants()) {
  describe(`runProductionDeployment [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let boomi: BoomiClient;
    let deps: ProductionDeploymentDeps;

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { emulator: true, env: { BOOMI_RATE_LIMIT: '100' } });
      boomi = primaryClient(t);
      const audit = createPgAuditLog(db);
      deps = {
        db,
        audit,
        boomi,
        promotions: createPgPromotionStore(db),
        store: createPgDeploymentStore(db),
        // The runner's own tests; emails are covered with the actions that send them.
        notify: async () => {},
        mappings: createMappingService({
          store: createPgMappingStore(db),
          db,
          audit,
          clock: systemClock,
          primaryAccountId: DEMO.primaryAccountId,
        }),
      };
    });
    after(async () => {
      await t?.app.close();
      await dropDb(db);
    });
    beforeEach(async () => {
      await cleanSlate(t, db);
      // The emulator forgot what earlier tests merged; so must the mappings they committed.
      await db.exec("delete from component_mapping where mapping_source = 'PROMOTION_ENGINE'");
    });

    const record = async (promotionId: string) =>
      ((await t.action('queryStatus', { promotionId }, 'alice')).body.promotions as Record<string, unknown>[])[0]!;
    const request = (packId: string) => ({
      packageVersion: '1.0.0',
      existingPackId: packId,
      targetEnvironments: [{ environmentId: PROD_ENV.id }],
    });

    /** A test deployment of Order Processing Main by alice, taken to ADMIN_APPROVED as a production record (bob peer, carol admin). */
    async function approvedFromTest() {
      const promoted = await promote(t, OPM, 'alice');
      const body = promoted.body as { promotionId: string; branchId: string; results: WireResult[] };
      const deployed = await t.action(
        'packageAndDeploy',
        {
          promotionId: body.promotionId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: DEMO.packs.ordersTest.id,
        },
        'alice',
      );
      assert.equal(deployed.body.status, 'TEST_DEPLOYED', JSON.stringify(deployed.body));
      const prodId = randomUUID();
      await db.transaction(async (tx) => {
        const testRecord = (await deps.promotions.get(body.promotionId, tx))!;
        await deps.promotions.insertFromTest(tx, testRecord, {
          promotionId: prodId,
          submittedBy: 'alice@acme.example',
          deploymentRequest: request(DEMO.packs.orders.id),
          packageVersion: '1.0.0',
          deploymentNotes: null,
        });
        assert.ok(
          await deps.promotions.transition(tx, prodId, 'peerApprove', {
            peerReviewedBy: 'bob@acme.example',
            peerReviewedAt: new Date(),
          }),
        );
        assert.ok(
          await deps.promotions.transition(tx, prodId, 'adminApprove', {
            adminApprovedBy: 'carol@acme.example',
            adminApprovedAt: new Date(),
          }),
        );
      });
      return { testId: body.promotionId, prodId, branchId: body.branchId, results: body.results };
    }

    test('production from test: merged, packaged from main, released, deployed; branch deleted on both records; DEPLOYED', async () => {
      const a = await approvedFromTest();
      const out = await runProductionDeployment(deps, a.prodId, 'carol@acme.example');
      assert.equal(out.ok, true, JSON.stringify(out));
      const r = await record(a.prodId);
      assert.equal(r.status, 'DEPLOYED');
      assert.ok(r.deployedAt);
      assert.deepEqual(
        [r.integrationPackId, r.integrationPackName, r.branchId],
        [DEMO.packs.orders.id, DEMO.packs.orders.name, null],
      );
      assert.equal((await record(a.testId)).branchId, null, 'the test record no longer points at the branch');
      assert.equal(await boomi.branches.findByName(`promo-${a.testId}`), undefined, 'the branch is deleted in Boomi');
      const pkg = await boomi.packagedComponents.get(r.prodPackageId as string);
      assert.notEqual(pkg.branchName, `promo-${a.testId}`, 'packaged from main');
      const created = a.results.find((x) => x.action === 'CREATED')!;
      assert.ok(await boomi.components.get(created.prodComponentId!), 'main now holds the component');
      const committed = await deps.mappings.forComponents(DEVA, [created.devComponentId]);
      assert.equal(committed[0]?.prodComponentId, created.prodComponentId, 'the mapping is committed');
      const releases = await t.action(
        'checkReleaseStatus',
        { promotionId: a.prodId, releaseType: 'PRODUCTION' },
        'alice',
      );
      assert.deepEqual(
        (releases.body.releases as { status: string }[]).map((x) => x.status),
        ['SUCCESS'],
      );
      assert.equal(
        ((await t.action('queryTestDeployments', {}, 'alice')).body.testDeployments as unknown[]).length,
        0,
        'the test record left the queue',
      );
    });

    test('a failure keeps ADMIN_APPROVED with the reason and the branch; the retry does not merge again and deploys', async () => {
      const a = await approvedFromTest();
      // A test pack is refused as a production pack, after the merge has happened.
      await db.transaction((tx) =>
        deps.promotions.update(tx, a.prodId, { deploymentRequest: request(DEMO.packs.ordersTest.id) }),
      );
      const failed = await runProductionDeployment(deps, a.prodId);
      assert.equal(failed.ok, false);
      const r = await record(a.prodId);
      assert.equal(r.status, 'ADMIN_APPROVED');
      assert.match(String(r.errorMessage), /production pack/);
      assert.equal(r.branchId, a.branchId);
      assert.ok(await boomi.branches.findByName(`promo-${a.testId}`), 'the branch is kept');

      await db.transaction((tx) =>
        deps.promotions.update(tx, a.prodId, { deploymentRequest: request(DEMO.packs.orders.id) }),
      );
      const merges = t.emulator!.control.counters()['MergeRequest.create'] ?? 0;
      const retry = await runProductionDeployment(deps, a.prodId);
      assert.equal(retry.ok, true, JSON.stringify(retry));
      assert.equal(t.emulator!.control.counters()['MergeRequest.create'] ?? 0, merges, 'no second merge');
      assert.equal((await record(a.prodId)).status, 'DEPLOYED');
    });

    test('packageAndDeploy PRODUCTION: admins only, never the author or the peer reviewer', async () => {
      const a = await approvedFromTest();
      const code = async (as: string) =>
        (await t.action('packageAndDeploy', { promotionId: a.prodId, deploymentTarget: 'PRODUCTION' }, as)).body
          .errorCode;
      assert.equal(await code('alice'), 'INSUFFICIENT_TIER');
      await db.transaction((tx) => deps.promotions.update(tx, a.prodId, { peerReviewedBy: 'dan@acme.example' }));
      assert.equal(await code('dan'), 'SELF_APPROVAL_NOT_ALLOWED');
    });
  });
}
