import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import { demoAuth, type TestApp } from './helpers/test-app.ts';
import { emulatorSuite, primaryClient, promote, until, type WireResult } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { BoomiClient } from '../src/boomi/index.ts';

const OPM = DEMO.packages.orderProcessingMain;
const TEST_ENV = DEMO.environments.test;
const TEST_PACK = DEMO.packs.ordersTest;

for (const variant of dbVariants()) {
  describe(`deployments [${variant.name}]`, () => {
    let t: TestApp;
    let boomi: BoomiClient;

    emulatorSuite(variant, { env: { BOOMI_RATE_LIMIT: '100' } }, (s) => {
      ({ t } = s);
      boomi = primaryClient(t);
    });

    /** A COMPLETED promotion of Order Processing Main by alice, with its branch. */
    async function completed() {
      const res = await promote(t, OPM, 'alice');
      assert.equal(res.body.status, 'COMPLETED', JSON.stringify(res.body));
      return res.body as { promotionId: string; branchId: string; results: WireResult[] };
    }
    const deployTest = (
      promotionId: string,
      extra: Record<string, unknown> = {},
      as: Parameters<TestApp['action']>[2] = 'alice',
    ) =>
      t.action(
        'packageAndDeploy',
        {
          promotionId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: TEST_PACK.id,
          targetEnvironments: [{ environmentId: TEST_ENV.id, environmentName: TEST_ENV.name }],
          ...extra,
        },
        as,
      );
    const record = async (promotionId: string) =>
      ((await t.action('queryStatus', { promotionId }, 'alice')).body.promotions as Record<string, unknown>[])[0]!;

    test('TEST deployment packages from the branch, releases the test pack, deploys, keeps the branch and leaves main alone (#28)', async () => {
      const p = await completed();
      const res = await deployTest(p.promotionId, { deploymentNotes: 'first test' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const body = res.body;
      assert.deepEqual(
        [body.success, body.status, body.deploymentTarget, body.branchPreserved, body.deploymentStatus],
        [true, 'TEST_DEPLOYED', 'TEST', true, 'DEPLOYED'],
      );
      assert.equal(body.integrationPackId, TEST_PACK.id);
      assert.equal(body.packageVersion, '1.0.0-test');
      assert.ok(body.packageId && body.releaseId && body.jobId);
      assert.deepEqual(body.deploymentResults, [
        {
          environmentId: TEST_ENV.id,
          environmentName: TEST_ENV.name,
          deployed: true,
          status: 'DEPLOYED',
          errorMessage: null,
        },
      ]);

      const r = await record(p.promotionId);
      assert.equal(r.status, 'TEST_DEPLOYED');
      assert.equal(r.targetEnvironment, 'TEST');
      assert.ok(r.testDeployedAt);
      assert.deepEqual(
        [r.testIntegrationPackId, r.testIntegrationPackName, r.prodPackageId, r.branchId],
        [TEST_PACK.id, TEST_PACK.name, body.packageId, p.branchId],
      );
      assert.equal(
        (await boomi.branches.findByName(`promo-${p.promotionId}`))?.id,
        p.branchId,
        'the branch still exists in Boomi',
      );

      const pkg = await boomi.packagedComponents.get(body.packageId as string);
      assert.equal(pkg.branchName, `promo-${p.promotionId}`, 'packaged from the branch');
      const created = p.results.find((x) => x.action === 'CREATED')!;
      await assert.rejects(
        boomi.components.get(created.prodComponentId!),
        (e: { code?: string }) => e.code === 'COMPONENT_NOT_FOUND',
        'main holds nothing of the promotion',
      );

      const releases = await t.action(
        'checkReleaseStatus',
        { promotionId: p.promotionId, releaseType: 'TEST' },
        'alice',
      );
      assert.equal(releases.status, 200, JSON.stringify(releases.body));
      const [release] = releases.body.releases as Record<string, unknown>[];
      assert.deepEqual(
        [release!.releaseId, release!.status, release!.integrationPackId, release!.releaseType],
        [body.releaseId, 'SUCCESS', TEST_PACK.id, 'TEST'],
      );
      assert.equal(
        (await t.action('checkReleaseStatus', { promotionId: p.promotionId, releaseType: 'PRODUCTION' }, 'alice')).body
          .errorCode,
        'RELEASE_NOT_FOUND',
      );

      // #27: listed for production readiness, with its age, only to those who may see the account.
      const queue = await t.action('queryTestDeployments', { devAccountId: '', initiatedBy: '' }, 'bob');
      const rows = queue.body.testDeployments as Record<string, unknown>[];
      assert.deepEqual(
        rows.map((x) => [x.promotionId, x.branchAgeDays, x.testIntegrationPackName, x.branchId]),
        [[p.promotionId, 0, TEST_PACK.name, p.branchId]],
      );
      assert.equal(
        ((await t.action('queryTestDeployments', {}, 'erin')).body.testDeployments as unknown[]).length,
        0,
        'another team does not see it',
      );
      assert.equal(
        ((await t.action('queryTestDeployments', { onlyMine: true }, 'bob')).body.testDeployments as unknown[]).length,
        0,
      );
      assert.equal(
        (
          (await t.action('queryTestDeployments', { onlyMine: true, initiatedBy: 'alice@acme.example' }, 'alice')).body
            .testDeployments as unknown[]
        ).length,
        1,
      );
      assert.equal(
        (await t.action('queryTestDeployments', { initiatedBy: 'alice@acme.example' }, 'bob')).status,
        403,
        'identity fields name the caller (D4)',
      );
      assert.equal(
        ((await t.action('queryTestDeployments', {}, 'carol')).body.testDeployments as unknown[]).length,
        1,
        'an admin sees it',
      );
    });

    test('with Prefer: respond-async the TEST deployment answers 202 and runs as a job whose response is the deployment', async () => {
      const p = await completed();
      const res = await deployTest(
        p.promotionId,
        {},
        { authorization: demoAuth('alice'), headers: { prefer: 'respond-async' } },
      );
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.deepEqual(
        [res.body.success, res.body.promotionId, res.body.status],
        [true, p.promotionId, 'TEST_DEPLOYING'],
      );
      const view = await until('the deployment job', async () => {
        const v = (
          await t.inject({
            method: 'GET',
            url: `/api/jobs/${String(res.body.jobId)}`,
            headers: { authorization: demoAuth('alice') },
          })
        ).json();
        return ['SUCCEEDED', 'FAILED'].includes(v.state) ? v : undefined;
      });
      assert.equal(view.state, 'SUCCEEDED', JSON.stringify(view));
      assert.deepEqual(
        [view.response.status, view.response.branchPreserved, view.response.integrationPackId],
        ['TEST_DEPLOYED', true, TEST_PACK.id],
      );
    });

    test('listIntegrationPacks filters by purpose and suggests the pack last used for the process (#31)', async () => {
      const names = async (body: Record<string, unknown>) =>
        ((await t.action('listIntegrationPacks', body, 'alice')).body.integrationPacks as { packName: string }[])
          .map((x) => x.packName)
          .sort();
      assert.deepEqual(await names({ packPurpose: 'TEST' }), [TEST_PACK.name]);
      assert.deepEqual(await names({ packPurpose: 'PRODUCTION' }), [DEMO.packs.orders.name]);
      assert.deepEqual(await names({ packPurpose: 'ALL' }), [DEMO.packs.orders.name, TEST_PACK.name].sort());
      assert.deepEqual(await names({}), [DEMO.packs.orders.name, TEST_PACK.name].sort());

      const before = await t.action(
        'listIntegrationPacks',
        { suggestForProcess: 'Order Processing Main', packPurpose: 'TEST' },
        'alice',
      );
      assert.equal(before.body.suggestedPackId, undefined, 'no history, no suggestion');
      const p = await completed();
      assert.equal((await deployTest(p.promotionId)).body.status, 'TEST_DEPLOYED');
      const res = await t.action(
        'listIntegrationPacks',
        { suggestForProcess: 'Order Processing Main', packPurpose: 'TEST' },
        'alice',
      );
      assert.deepEqual([res.body.suggestedPackId, res.body.suggestedPackName], [TEST_PACK.id, TEST_PACK.name]);
      const prod = await t.action(
        'listIntegrationPacks',
        { suggestForProcess: 'Order Processing Main', packPurpose: 'PRODUCTION' },
        'alice',
      );
      assert.equal(prod.body.suggestedPackId, undefined, 'the test pack is never suggested for production');
    });

    test('listEnvironments names the environments each deployment target can use', async () => {
      const list = async (body: Record<string, unknown>) =>
        (await t.action('listEnvironments', body, 'alice')).body.environments as Array<{
          environmentId: string;
          target: string;
        }>;
      assert.deepEqual(
        (await list({ target: 'TEST' })).map((e) => e.environmentId),
        [DEMO.environments.test.id],
      );
      assert.deepEqual(
        (await list({ target: 'PRODUCTION' })).map((e) => e.environmentId),
        [DEMO.environments.production.id],
      );
      assert.deepEqual(
        (await list({})).map((e) => [e.environmentId, e.target]).sort(),
        [
          [DEMO.environments.production.id, 'PRODUCTION'],
          [DEMO.environments.test.id, 'TEST'],
        ].sort(),
      );
      assert.equal((await t.action('listEnvironments', {}, 'olga')).status, 403);
    });

    test('a failed test deployment is TEST_DEPLOY_FAILED with the branch kept, and a retry succeeds (#45)', async () => {
      const p = await completed();
      t.emulator!.control.addFault({ operation: 'DeployedPackage.create', status: 400 });
      const failed = await deployTest(p.promotionId);
      assert.deepEqual(
        [failed.status, failed.body.success, failed.body.errorCode],
        [200, false, 'TEST_DEPLOY_FAILED'],
        JSON.stringify(failed.body),
      );
      const r = await record(p.promotionId);
      assert.equal(r.status, 'TEST_DEPLOY_FAILED');
      assert.ok(String(r.errorMessage).includes(TEST_ENV.name));
      assert.equal(r.branchId, p.branchId);
      assert.ok(await boomi.branches.findByName(`promo-${p.promotionId}`), 'the branch is kept');

      t.emulator!.control.clearFaults();
      const retry = await deployTest(p.promotionId);
      assert.equal(retry.body.status, 'TEST_DEPLOYED', JSON.stringify(retry.body));
      assert.equal((await record(p.promotionId)).status, 'TEST_DEPLOYED');
    });

    test('a release that ends in ERROR fails the deployment, and checkReleaseStatus reports ERROR', async () => {
      const p = await completed();
      t.emulator!.control.addFault({ release: 'ERROR' });
      const res = await deployTest(p.promotionId);
      assert.equal(res.body.errorCode, 'TEST_DEPLOY_FAILED', JSON.stringify(res.body));
      assert.equal((await record(p.promotionId)).status, 'TEST_DEPLOY_FAILED');
      const releases = await t.action(
        'checkReleaseStatus',
        { promotionId: p.promotionId, releaseType: 'ALL' },
        'alice',
      );
      assert.deepEqual(
        (releases.body.releases as { status: string }[]).map((x) => x.status),
        ['ERROR'],
      );
    });

    test('refusals: unknown target, wrong status, production rules, pack and environment rules (#62, #64)', async () => {
      const p = await completed();
      const code = async (body: Record<string, unknown>, as = 'alice') =>
        (await t.action('packageAndDeploy', { promotionId: p.promotionId, ...body }, as)).body.errorCode;
      assert.equal(await code({ deploymentTarget: 'STAGING' }), 'INVALID_DEPLOYMENT_TARGET');
      assert.equal(
        await code({ deploymentTarget: 'TEST', isHotfix: true, hotfixJustification: 'x' }),
        'INVALID_DEPLOYMENT_TARGET',
      );
      assert.equal(
        await code({ deploymentTarget: 'TEST', testPromotionId: '00000000-0000-4000-8000-000000000000' }),
        'PROMOTION_NOT_FOUND',
        'a made-up test promotion is refused at the door',
      );
      assert.equal(
        await code({ deploymentTarget: 'TEST', testPromotionId: p.promotionId }),
        'INVALID_DEPLOYMENT_TARGET',
      );
      assert.equal(
        await code({ deploymentTarget: 'PRODUCTION' }, 'carol'),
        'INVALID_PROMOTION_STATUS',
        'not admin-approved',
      );
      assert.equal(
        await code({ deploymentTarget: 'TEST', createNewPack: true, newPackName: 'Orders QA' }),
        'INVALID_REQUEST',
        'a test pack name ends in " - TEST"',
      );
      assert.equal(await code({ deploymentTarget: 'TEST' }), 'INVALID_REQUEST', 'a pack must be chosen');
      assert.equal(
        await code({ deploymentTarget: 'TEST', existingPackId: TEST_PACK.id, devAccountId: 'acme-DEVB' }),
        'ACCOUNT_NOT_AUTHORIZED',
        'a dev account the caller may not see is refused at the door',
      );
      assert.equal(
        await code({ deploymentTarget: 'TEST', existingPackId: TEST_PACK.id, devAccountId: 'acme-DEVB' }, 'carol'),
        'INVALID_REQUEST',
        'seed fields must agree with the record',
      );
      assert.equal(
        (
          await t.action(
            'packageAndDeploy',
            {
              promotionId: '00000000-0000-4000-8000-000000000000',
              deploymentTarget: 'TEST',
              existingPackId: TEST_PACK.id,
            },
            'alice',
          )
        ).body.errorCode,
        'PROMOTION_NOT_FOUND',
      );
      assert.equal(
        (
          await t.action(
            'packageAndDeploy',
            { promotionId: p.promotionId, deploymentTarget: 'TEST', existingPackId: TEST_PACK.id },
            'erin',
          )
        ).body.errorCode,
        'PROMOTION_NOT_FOUND',
        "another team's promotion is answered like a made-up one",
      );
      assert.equal((await record(p.promotionId)).status, 'COMPLETED', 'nothing changed');

      // A production environment is not a test environment; the production pack is not a test pack.
      const prodEnv = await deployTest(p.promotionId, {
        targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
      });
      assert.equal(prodEnv.body.errorCode, 'TEST_DEPLOY_FAILED');
      assert.match(String(prodEnv.body.errorMessage), /not TEST/);
      const prodPack = await deployTest(p.promotionId, { existingPackId: DEMO.packs.orders.id });
      assert.equal(prodPack.body.errorCode, 'TEST_DEPLOY_FAILED');

      // A new test pack is created with MULTI, then the deployment succeeds; a deployed one cannot be deployed again.
      const fresh = await deployTest(p.promotionId, {
        existingPackId: undefined,
        createNewPack: true,
        newPackName: 'Order Processing - TEST',
        newPackDescription: 'QA',
      });
      assert.equal(fresh.body.status, 'TEST_DEPLOYED', JSON.stringify(fresh.body));
      const pack = await boomi.publisherIntegrationPacks.get(fresh.body.integrationPackId as string);
      assert.deepEqual([pack.name, pack.installationType], ['Order Processing - TEST', 'MULTI']);
      assert.equal((await deployTest(p.promotionId)).body.errorCode, 'INVALID_PROMOTION_STATUS');
    });

    test('cancelTestDeployment: initiator or admin only; the branch is deleted and the record leaves the queue', async () => {
      const p = await completed();
      assert.equal(
        (await t.action('cancelTestDeployment', { promotionId: p.promotionId }, 'alice')).body.errorCode,
        'INVALID_PROMOTION_STATUS',
        'COMPLETED is not a test deployment',
      );
      assert.equal((await deployTest(p.promotionId)).body.status, 'TEST_DEPLOYED');
      assert.equal(
        (await t.action('cancelTestDeployment', { promotionId: p.promotionId }, 'bob')).body.errorCode,
        'NOT_PROMOTION_INITIATOR',
      );
      assert.equal(
        (await t.action('cancelTestDeployment', { promotionId: p.promotionId, reason: 'x'.repeat(501) }, 'alice'))
          .status,
        400,
      );

      const res = await t.action('cancelTestDeployment', { promotionId: p.promotionId, reason: 'not needed' }, 'alice');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        [res.body.previousStatus, res.body.newStatus, res.body.branchDeleted],
        ['TEST_DEPLOYED', 'TEST_CANCELLED', true],
      );
      assert.equal(await boomi.branches.findByName(`promo-${p.promotionId}`), undefined, 'the branch is gone in Boomi');
      const r = await record(p.promotionId);
      assert.deepEqual([r.status, r.branchId], ['TEST_CANCELLED', null]);
      assert.equal(((await t.action('queryTestDeployments', {}, 'alice')).body.testDeployments as unknown[]).length, 0);
      assert.equal(
        (await t.action('cancelTestDeployment', { promotionId: p.promotionId }, 'carol')).body.errorCode,
        'INVALID_PROMOTION_STATUS',
      );
    });
  });
}
