import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { branchNames, emulatorSuite, primaryClient, promote, treeOf } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 11 item 2: a production request is refused at submission when its deployment could not
// carry it out, and a failed production deployment has two ways out: an admin's retry with
// corrected choices (which the retry then uses), or an admin's cancellation.

const OPM = DEMO.packages.orderProcessingMain;
const ORDERS = DEMO.packs.orders;
const PROD_ENV = DEMO.environments.production;

for (const variant of dbVariants()) {
  describe(`production requests and their ways out [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, {}, async (s) => {
      ({ db, t } = s);
      tree = await treeOf(t, OPM.componentId);
    });

    /** alice promotes and deploys to test; returns the test promotion. */
    async function tested(beforeTest?: (completedId: string) => Promise<void>): Promise<string> {
      const promoted = await promote(t, OPM, 'alice', tree);
      const testId = promoted.body.promotionId as string;
      await beforeTest?.(testId);
      const deployed = await t.action('packageAndDeploy', {
        promotionId: testId,
        deploymentTarget: 'TEST',
        packageVersion: '1.0.0-test',
        existingPackId: DEMO.packs.ordersTest.id,
      });
      assert.equal(deployed.body.status, 'TEST_DEPLOYED', JSON.stringify(deployed.body));
      return testId;
    }

    /** bob submits the test deployment for production, carol peer-approves. */
    async function awaitingAdmin(testId: string, request: Record<string, unknown> = { existingPackId: ORDERS.id }) {
      const submitted = await t.action(
        'submitForPeerReview',
        { promotionId: testId, packageVersion: '1.0.0', ...request },
        'bob',
      );
      assert.equal(submitted.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(submitted.body));
      const prodId = submitted.body.promotionId as string;
      const peer = await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'carol');
      assert.equal(peer.body.newStatus, 'PENDING_ADMIN_REVIEW');
      return prodId;
    }

    /** dan approves while every release ends in ERROR: the deployment fails after the merge. */
    async function failedInProduction(testId: string) {
      const prodId = await awaitingAdmin(testId);
      const fault = t.emulator!.control.addFault({ release: 'ERROR' });
      const approved = await t.action('submitAdminReview', { promotionId: prodId, decision: 'APPROVED' }, 'dan');
      t.emulator!.control.clearFaults();
      assert.ok(fault);
      assert.equal(approved.body.success, false, JSON.stringify(approved.body));
      const r = await record(prodId);
      assert.deepEqual([r.status, r.lastErrorCode !== null], ['ADMIN_APPROVED', true], JSON.stringify(r));
      return prodId;
    }

    const record = async (promotionId: string) =>
      ((await t.action('queryStatus', { promotionId }, 'carol')).body.promotions as Array<Record<string, unknown>>)[0]!;

    test('a production request its deployment could not carry out is refused at submission, naming the field', async () => {
      const testId = await tested(async (completedId) => {
        // The hotfix path checks the same, before its transition.
        const hotfix = await t.action(
          'submitForPeerReview',
          { promotionId: completedId, isHotfix: true, hotfixJustification: 'orders fail', packageVersion: '1.0.0' },
          'alice',
        );
        assert.deepEqual([hotfix.body.errorCode, hotfix.body.field], ['INVALID_REQUEST', 'existingPackId']);
        assert.equal((await record(completedId)).status, 'COMPLETED');
      });
      const refusal = async (request: Record<string, unknown>) => {
        const res = await t.action(
          'submitForPeerReview',
          { promotionId: testId, packageVersion: '1.0.0', ...request },
          'bob',
        );
        return [res.status, res.body.errorCode, res.body.field];
      };
      assert.deepEqual(await refusal({}), [400, 'INVALID_REQUEST', 'existingPackId'], 'no pack chosen');
      assert.deepEqual(await refusal({ existingPackId: DEMO.packs.ordersTest.id }), [
        400,
        'INVALID_REQUEST',
        'existingPackId',
      ]);
      assert.deepEqual(await refusal({ existingPackId: 'no-such-pack' }), [400, 'INVALID_REQUEST', 'existingPackId']);
      assert.deepEqual(await refusal({ createNewPack: true }), [400, 'INVALID_REQUEST', 'newPackName']);
      assert.deepEqual(await refusal({ createNewPack: true, newPackName: 'Orders - TEST' }), [
        400,
        'INVALID_REQUEST',
        'newPackName',
      ]);
      assert.deepEqual(
        await refusal({
          existingPackId: ORDERS.id,
          targetEnvironments: [{ environmentId: DEMO.environments.test.id }],
        }),
        [400, 'INVALID_REQUEST', 'targetEnvironments.0.environmentId'],
        'a TEST environment',
      );
      assert.deepEqual(
        await refusal({
          existingPackId: ORDERS.id,
          targetEnvironments: [{ environmentId: PROD_ENV.id }, { environmentId: 'no-such-environment' }],
        }),
        [400, 'INVALID_REQUEST', 'targetEnvironments.1.environmentId'],
      );
      const { rows } = await db.query<{ n: number }>(
        'select count(*)::int as n from promotion_log where test_promotion_id = $1',
        [testId],
      );
      assert.equal(rows[0]!.n, 0, 'no production record was made');
    });

    test('a failed production deployment retried with corrected choices deploys with those choices', async () => {
      const testId = await tested();
      const prodId = await failedInProduction(testId);
      const contributor = await t.action(
        'packageAndDeploy',
        { promotionId: prodId, deploymentTarget: 'PRODUCTION', existingPackId: ORDERS.id },
        'alice',
      );
      assert.equal(contributor.body.success, false);
      const badFix = await t.action(
        'packageAndDeploy',
        { promotionId: prodId, deploymentTarget: 'PRODUCTION', existingPackId: DEMO.packs.ordersTest.id },
        'dan',
      );
      assert.deepEqual([badFix.body.errorCode, badFix.body.field], ['INVALID_REQUEST', 'existingPackId']);

      const retried = await t.action(
        'packageAndDeploy',
        {
          promotionId: prodId,
          deploymentTarget: 'PRODUCTION',
          packageVersion: '1.0.1',
          createNewPack: true,
          newPackName: 'Orders Retry',
          targetEnvironments: [{ environmentId: PROD_ENV.id }],
        },
        'dan',
      );
      assert.equal(retried.body.success, true, JSON.stringify(retried.body));
      const r = await record(prodId);
      assert.deepEqual(
        [r.status, r.integrationPackName, r.packageVersion],
        ['DEPLOYED', 'Orders Retry', '1.0.1'],
        'the retry used the corrected pack and version',
      );
      const { rows } = await db.query<{ details: Record<string, unknown> }>(
        "select details from audit_event where promotion_id = $1 and action = 'PRODUCTION_DEPLOYMENT_REQUESTED'",
        [prodId],
      );
      assert.equal((rows[0]!.details.corrections as Record<string, unknown>).newPackName, 'Orders Retry');
    });

    test('a failed production deployment can be cancelled by an admin: record closed, branch deleted, audited, emails sent', async () => {
      const testId = await tested();
      const waiting = await awaitingAdmin(testId);
      const early = await t.action('cancelProductionDeployment', { promotionId: waiting, reason: 'not yet' }, 'dan');
      assert.equal(early.body.errorCode, 'INVALID_PROMOTION_STATUS', 'nothing failed yet');
      await t.action('submitAdminReview', { promotionId: waiting, decision: 'DENIED', comments: 'start over' }, 'dan');

      const againTest = await tested();
      const prodId = await failedInProduction(againTest);
      const branch = (await record(prodId)).branchName as string;
      assert.ok((await branchNames(primaryClient(t))).includes(branch));

      const byContributor = await t.action('cancelProductionDeployment', { promotionId: prodId, reason: 'x' }, 'bob');
      assert.deepEqual([byContributor.status, byContributor.body.errorCode], [403, 'INSUFFICIENT_TIER']);
      const noReason = await t.action('cancelProductionDeployment', { promotionId: prodId, reason: ' ' }, 'dan');
      assert.deepEqual([noReason.status, noReason.body.field], [400, 'reason']);

      const cancelled = await t.action(
        'cancelProductionDeployment',
        { promotionId: prodId, reason: 'the pack cannot be released this week' },
        'dan',
      );
      assert.equal(cancelled.body.success, true, JSON.stringify(cancelled.body));
      assert.deepEqual(
        [cancelled.body.newStatus, cancelled.body.branchDeleted, cancelled.body.mergedToMain],
        ['DEPLOYMENT_CANCELLED', true, true],
      );
      assert.equal((await record(prodId)).status, 'DEPLOYMENT_CANCELLED');
      assert.equal((await record(againTest)).status, 'TEST_CANCELLED', 'its test deployment ends with it');
      assert.ok(!(await branchNames(primaryClient(t))).includes(branch), 'the branch is gone');
      const twice = await t.action('cancelProductionDeployment', { promotionId: prodId, reason: 'again' }, 'carol');
      assert.equal(twice.body.errorCode, 'INVALID_PROMOTION_STATUS');

      const events = await db.query<{ actor: string; details: Record<string, unknown> }>(
        "select actor, details from audit_event where promotion_id = $1 and action = 'PRODUCTION_DEPLOYMENT_CANCELLED'",
        [prodId],
      );
      assert.deepEqual(
        [events.rows[0]!.actor, events.rows[0]!.details.reason],
        ['dan@acme.example', 'the pack cannot be released this week'],
      );
      const mails = await db.query<{ subject: string; to_addresses: string[]; body: string }>(
        "select subject, to_addresses, body_text as body from notification_outbox where promotion_id = $1 and kind = 'DEPLOYMENT_CANCELLED'",
        [prodId],
      );
      assert.equal(mails.rows.length, 1);
      assert.match(mails.rows[0]!.subject, /^Production Deployment Cancelled: Order Processing Main v1\.0\.0$/);
      assert.deepEqual(mails.rows[0]!.to_addresses.sort(), ['alice@acme.example', 'bob@acme.example']);
      assert.match(mails.rows[0]!.body, /the pack cannot be released this week/);
      assert.match(mails.rows[0]!.body, /Main already holds these components/);

      // The package can be promoted again: nothing open holds its components.
      const again = await promote(t, OPM, 'alice', tree);
      assert.equal(again.body.success, true, JSON.stringify(again.body));
    });
  });
}
