import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { branchNames, emulatorSuite, primaryClient, promote, treeOf } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

const OPM = DEMO.packages.orderProcessingMain;
type Row = { devComponentId: string; prodComponentId: string | null; action: string };

for (const variant of dbVariants()) {
  describe(`Dev -> Test -> Production and the emergency hotfix, end to end [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, {}, async (s) => {
      ({ db, t } = s);
      tree = await treeOf(t, OPM.componentId);
    });

    const mails = async (promotionId: string) =>
      (
        await db.query<{ kind: string; subject: string; to_addresses: string[] }>(
          'select kind, subject, to_addresses from notification_outbox where promotion_id = $1 order by created_at',
          [promotionId],
        )
      ).rows;
    const onMain = async (prodId: string) =>
      primaryClient(t)
        .components.get(prodId)
        .then(
          () => true,
          () => false,
        );

    test('§6.2 items 33-37: promote, deploy to test from the branch, submit, peer, admin, deployed from main', async () => {
      const promoted = await promote(t, OPM, 'alice', tree);
      const testId = promoted.body.promotionId as string;
      const created = (promoted.body.results as Row[]).find((r) => r.action === 'CREATED')!;
      const deployed = await t.action(
        'packageAndDeploy',
        {
          promotionId: testId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: DEMO.packs.ordersTest.id,
          targetEnvironments: [{ environmentId: DEMO.environments.test.id }],
        },
        'alice',
      );
      assert.equal(deployed.body.success, true, JSON.stringify(deployed.body));
      assert.equal(deployed.body.branchPreserved, true);
      assert.ok((await branchNames(primaryClient(t))).includes(`promo-${testId}`), 'the branch is kept after TEST');
      assert.equal(await onMain(created.prodComponentId!), false, 'main holds nothing before production approval');
      assert.deepEqual(
        (await mails(testId)).map((m) => m.kind),
        ['TEST_DEPLOYED'],
      );

      const queue = await t.action('queryTestDeployments', {}, 'bob');
      assert.ok((queue.body.testDeployments as Array<{ promotionId: string }>).some((r) => r.promotionId === testId));
      const submitted = await t.action(
        'submitForPeerReview',
        {
          promotionId: testId,
          packageVersion: '1.0.0',
          deploymentNotes: 'first release',
          existingPackId: DEMO.packs.orders.id,
          targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
        },
        'bob',
      );
      assert.equal(submitted.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(submitted.body));
      const prodId = submitted.body.promotionId as string;
      assert.notEqual(prodId, testId);
      const again = await t.action('submitForPeerReview', { promotionId: testId, packageVersion: '1.0.2' }, 'bob');
      assert.equal(again.body.errorCode, 'TEST_PROMOTION_NOT_FOUND', 'a test deployment is promoted once');
      const sameVersion = await t.action(
        'submitForPeerReview',
        { promotionId: testId, packageVersion: '1.0.0-test' },
        'erin',
      );
      assert.equal(sameVersion.body.errorCode, 'PROMOTION_NOT_FOUND', 'another team cannot even ask');

      // bob submitted, alice authored: neither may review; erin cannot see acme-DEVA; carol can.
      assert.equal(
        (await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'bob')).body.errorCode,
        'SELF_REVIEW_NOT_ALLOWED',
      );
      assert.equal(
        (await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'alice')).body.errorCode,
        'SELF_REVIEW_NOT_ALLOWED',
      );
      const peer = await t.action(
        'submitPeerReview',
        { promotionId: prodId, decision: 'APPROVED', comments: 'looks right' },
        'carol',
      );
      assert.equal(peer.body.newStatus, 'PENDING_ADMIN_REVIEW');
      const admin = await t.action(
        'submitAdminReview',
        { promotionId: prodId, decision: 'APPROVED', comments: 'ship it' },
        'dan',
      );
      assert.equal(admin.body.success, true, JSON.stringify(admin.body));
      assert.equal(admin.body.status, 'DEPLOYED', JSON.stringify(admin.body));

      const { rows } = await db.query<{
        promotion_id: string;
        status: string;
        branch_id: string | null;
        test_promotion_id: string | null;
      }>(
        'select promotion_id, status, branch_id, test_promotion_id from promotion_log where promotion_id = any($1::uuid[])',
        [[testId, prodId]],
      );
      const byId = new Map(rows.map((r) => [r.promotion_id, r]));
      assert.deepEqual(
        [byId.get(prodId)!.status, byId.get(prodId)!.test_promotion_id, byId.get(prodId)!.branch_id],
        ['DEPLOYED', testId, null],
      );
      assert.deepEqual([byId.get(testId)!.status, byId.get(testId)!.branch_id], ['TEST_DEPLOYED', null]);
      assert.ok(
        !(await branchNames(primaryClient(t))).includes(`promo-${testId}`),
        'the branch is deleted when the path ends',
      );
      assert.equal(await onMain(created.prodComponentId!), true, 'main holds the component after approval');
      const mapped = await db.query(
        "select 1 from component_mapping where dev_component_id = $1 and mapping_source = 'PROMOTION_ENGINE'",
        [created.devComponentId],
      );
      assert.equal(mapped.rowCount, 1, 'the mapping is committed once the components reach main');
      const after = await t.action('queryTestDeployments', {}, 'bob');
      assert.ok(!(after.body.testDeployments as Array<{ promotionId: string }>).some((r) => r.promotionId === testId));
      assert.deepEqual(
        (await mails(prodId)).map((m) => m.kind),
        ['PEER_REVIEW_NEEDED', 'PEER_APPROVED', 'APPROVED_AND_DEPLOYED'].map((k) => k),
      );
      // The path is over: the test record no longer holds its components against a new promotion.
      const next = await promote(t, OPM, 'alice', tree);
      assert.equal(next.body.success, true, JSON.stringify(next.body).slice(0, 300));
    });

    test('§6.2 items 38-42: the hotfix path, with the justification and the acknowledgement in the audit trail', async () => {
      const promoted = await promote(t, OPM, 'alice', tree);
      const id = promoted.body.promotionId as string;
      await t.action(
        'submitForPeerReview',
        {
          promotionId: id,
          isHotfix: true,
          hotfixJustification: 'Checkout is down',
          packageVersion: '1.0.1',
          existingPackId: DEMO.packs.orders.id,
          targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
        },
        'alice',
      );
      await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      const approved = await t.action(
        'submitAdminReview',
        { promotionId: id, decision: 'APPROVED', hotfixAcknowledged: true },
        'carol',
      );
      assert.equal(approved.body.status, 'DEPLOYED', JSON.stringify(approved.body));
      const trail = (
        await db.query<{ actor: string; action: string; details: Record<string, unknown> }>(
          'select actor, action, details from audit_event where promotion_id = $1 order by id',
          [id],
        )
      ).rows;
      assert.deepEqual(
        trail.map((e) => [e.action, e.actor]),
        [
          ['PROMOTION_STARTED', 'alice@acme.example'],
          ['PROMOTION_COMPLETED', 'alice@acme.example'],
          ['HOTFIX_SUBMITTED', 'alice@acme.example'],
          ['PEER_APPROVED', 'bob@acme.example'],
          ['ADMIN_APPROVED', 'carol@acme.example'],
          ['BRANCH_MERGED', 'carol@acme.example'],
          ['DEPLOYED', 'carol@acme.example'],
        ],
      );
      assert.equal(trail[2]!.details.hotfixJustification, 'Checkout is down');
      assert.equal(trail[4]!.details.hotfixAcknowledged, true);
      const kinds = (await mails(id)).map((m) => m.kind);
      assert.ok(kinds.includes('HOTFIX_REVIEW_NEEDED') && kinds.includes('APPROVED_AND_DEPLOYED'), kinds.join());
      assert.ok(!(await branchNames(primaryClient(t))).includes(`promo-${id}`));
    });

    /** A tested promotion of alice, submitted by bob, peer-approved by carol: waiting for dan. */
    async function awaitingAdmin(): Promise<{ testId: string; prodId: string }> {
      const promoted = await promote(t, OPM, 'alice', tree);
      const testId = promoted.body.promotionId as string;
      const deployed = await t.action(
        'packageAndDeploy',
        {
          promotionId: testId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-rc1',
          existingPackId: DEMO.packs.ordersTest.id,
        },
        'alice',
      );
      assert.equal(deployed.body.success, true, JSON.stringify(deployed.body));
      const submitted = await t.action(
        'submitForPeerReview',
        { promotionId: testId, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id },
        'bob',
      );
      const prodId = submitted.body.promotionId as string;
      assert.equal(
        (await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'carol')).body.newStatus,
        'PENDING_ADMIN_REVIEW',
      );
      return { testId, prodId };
    }

    test('§6.2 item 44: an admin denies a production-from-test: branch deleted, test record cancelled, emails to submitter and peer', async () => {
      const { testId, prodId } = await awaitingAdmin();
      const denied = await t.action(
        'submitAdminReview',
        { promotionId: prodId, decision: 'DENIED', comments: 'Not this week' },
        'dan',
      );
      assert.equal(denied.body.newStatus, 'ADMIN_REJECTED');
      assert.ok(!(await branchNames(primaryClient(t))).includes(`promo-${testId}`));
      const test = (await t.action('queryStatus', { promotionId: testId }, 'carol')).body.promotions as Array<{
        status: string;
        branchId: string | null;
      }>;
      assert.deepEqual([test[0]!.status, test[0]!.branchId], ['TEST_CANCELLED', null]);
      const denial = (await mails(prodId)).find((m) => m.kind === 'ADMIN_DENIED')!;
      assert.deepEqual(denial.to_addresses.sort(), ['bob@acme.example', 'carol@acme.example']);
      assert.match(denial.subject, /^Admin Denied: Order Processing Main v1\.0\.0$/);
    });

    for (const [what, fault, code] of [
      ['the merge fails', { merge: 'FAILED_TO_MERGE', times: 1 }, 'MERGE_FAILED'],
      ['the release ends in ERROR', { release: 'ERROR', times: 1 }, 'DEPLOYMENT_FAILED'],
      [
        'the environment deployment fails',
        { operation: 'DeployedPackage.create', status: 400, times: 1 },
        'DEPLOYMENT_FAILED',
      ],
    ] as const) {
      test(`when ${what}, the approval stays retryable with its branch, and an admin's retry deploys`, async () => {
        const { testId, prodId } = await awaitingAdmin();
        t.emulator!.control.addFault(fault as never);
        const approved = await t.action('submitAdminReview', { promotionId: prodId, decision: 'APPROVED' }, 'dan');
        assert.deepEqual(
          [approved.body.success, approved.body.errorCode],
          [false, code],
          JSON.stringify(approved.body),
        );
        const now = (
          (await t.action('queryStatus', { promotionId: prodId }, 'dan')).body.promotions as Array<{
            status: string;
            branchId: string | null;
          }>
        )[0]!;
        assert.equal(now.status, 'ADMIN_APPROVED');
        assert.ok(now.branchId);
        assert.ok(
          (await branchNames(primaryClient(t))).includes(`promo-${testId}`),
          'the branch is kept for the retry',
        );
        const retried = await t.action(
          'packageAndDeploy',
          { promotionId: prodId, deploymentTarget: 'PRODUCTION' },
          'dan',
        );
        assert.equal(retried.body.status, 'DEPLOYED', JSON.stringify(retried.body));
        assert.ok(!(await branchNames(primaryClient(t))).includes(`promo-${testId}`));
      });
    }
  });
}
