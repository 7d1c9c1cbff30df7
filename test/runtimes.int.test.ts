import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { emulatorSuite, promote, treeOf } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 11 item 13, Promo's side: environments show their runtimes, a deployment where nothing
// would run it is warned about, and the deployed process's schedules and listener are readable
// and (by admins) switchable.

const OPM = DEMO.packages.orderProcessingMain;
const TEST_ENV = DEMO.environments.test;
const PROD_ENV = DEMO.environments.production;

type Env = {
  environmentId: string;
  online: boolean;
  runtimeWarning: string | null;
  runtimes: Array<{ atomId: string; status: string }>;
};
type OnRuntime = {
  atomId: string;
  schedulesEnabled: boolean | null;
  listenerStatus: string | null;
  problem: string | null;
};

for (const variant of dbVariants()) {
  describe(`runtimes in Promo [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, {}, async (s) => {
      ({ db, t } = s);
      tree = await treeOf(t, OPM.componentId);
    });

    const environments = async () =>
      new Map(
        ((await t.action('listEnvironments', {}, 'alice')).body.environments as Env[]).map((e) => [e.environmentId, e]),
      );

    async function testDeployed() {
      const promoted = await promote(t, OPM, 'alice', tree);
      const id = promoted.body.promotionId as string;
      const deployed = await t.action('packageAndDeploy', {
        promotionId: id,
        deploymentTarget: 'TEST',
        packageVersion: '1.0.0-test',
        existingPackId: DEMO.packs.ordersTest.id,
      });
      assert.equal(deployed.body.status, 'TEST_DEPLOYED', JSON.stringify(deployed.body));
      return { id, deployed };
    }

    test('listEnvironments shows the runtimes of each environment and warns where nothing would run', async () => {
      const online = await environments();
      assert.deepEqual([online.get(TEST_ENV.id)!.online, online.get(TEST_ENV.id)!.runtimeWarning], [true, null]);
      assert.deepEqual(
        online.get(PROD_ENV.id)!.runtimes.map((r) => r.atomId),
        [DEMO.runtimes.production.id],
      );

      t.emulator!.control.setAtomStatus(DEMO.runtimes.production.id, 'OFFLINE');
      t.emulator!.control.detachAtoms(TEST_ENV.id);
      const after = await environments();
      assert.equal(after.get(PROD_ENV.id)!.online, false);
      assert.match(String(after.get(PROD_ENV.id)!.runtimeWarning), /no online runtime .*OFFLINE/);
      assert.deepEqual(after.get(TEST_ENV.id)!.runtimes, []);
      assert.match(String(after.get(TEST_ENV.id)!.runtimeWarning), /no runtime attached/);
    });

    test('a deployment to an environment without an online runtime carries the warning; so does a production request', async () => {
      t.emulator!.control.detachAtoms(TEST_ENV.id);
      const { id, deployed } = await testDeployed();
      assert.match(String((deployed.body.runtimeWarnings as string[])[0]), /'Test' has no runtime attached/);

      t.emulator!.control.setAtomStatus(DEMO.runtimes.production.id, 'OFFLINE');
      const submitted = await t.action(
        'submitForPeerReview',
        { promotionId: id, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id },
        'bob',
      );
      assert.equal(submitted.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(submitted.body));
      assert.match(String((submitted.body.runtimeWarnings as string[])[0]), /'Production' has no online runtime/);
    });

    test("the deployed process's schedules and listener state are readable, and an admin switches them", async () => {
      const { id } = await testDeployed();
      const read = await t.action('getProcessRuntime', { promotionId: id }, 'alice');
      assert.equal(read.body.success, true, JSON.stringify(read.body));
      assert.equal(read.body.target, 'TEST');
      const [env] = read.body.environments as Array<{ environmentId: string; runtimes: OnRuntime[] }>;
      assert.equal(env!.environmentId, TEST_ENV.id);
      assert.deepEqual(
        env!.runtimes.map((r) => [r.atomId, r.schedulesEnabled, r.listenerStatus, r.problem]),
        [[DEMO.runtimes.test.id, true, null, null]],
      );

      const byContributor = await t.action(
        'setProcessRuntime',
        { promotionId: id, environmentId: TEST_ENV.id, schedules: 'DISABLE' },
        'alice',
      );
      assert.equal(byContributor.body.errorCode, 'INSUFFICIENT_TIER');
      const elsewhere = await t.action(
        'setProcessRuntime',
        { promotionId: id, environmentId: PROD_ENV.id, schedules: 'DISABLE' },
        'carol',
      );
      assert.deepEqual([elsewhere.body.errorCode, elsewhere.body.field], ['INVALID_REQUEST', 'environmentId']);
      const nothing = await t.action('setProcessRuntime', { promotionId: id, environmentId: TEST_ENV.id }, 'carol');
      assert.equal(nothing.body.errorCode, 'INVALID_REQUEST');

      const disabled = await t.action(
        'setProcessRuntime',
        { promotionId: id, environmentId: TEST_ENV.id, schedules: 'DISABLE' },
        'carol',
      );
      assert.equal(disabled.body.success, true, JSON.stringify(disabled.body));
      const runtimes = (disabled.body.environments as Array<{ runtimes: OnRuntime[] }>)[0]!.runtimes;
      assert.equal(runtimes[0]!.schedulesEnabled, false);
      const again = await t.action('getProcessRuntime', { promotionId: id }, 'bob');
      assert.equal(
        (again.body.environments as Array<{ runtimes: OnRuntime[] }>)[0]!.runtimes[0]!.schedulesEnabled,
        false,
        'Boomi holds the change',
      );
      const { rows } = await db.query<{ actor: string; details: { schedules: string } }>(
        "select actor, details from audit_event where promotion_id = $1 and action = 'PROCESS_RUNTIME_CHANGED'",
        [id],
      );
      assert.deepEqual(
        rows.map((r) => [r.actor, r.details.schedules]),
        [['carol@acme.example', 'DISABLE']],
      );

      t.emulator!.control.setAtomStatus(DEMO.runtimes.test.id, 'OFFLINE');
      const offline = await t.action(
        'setProcessRuntime',
        { promotionId: id, environmentId: TEST_ENV.id, schedules: 'ENABLE' },
        'carol',
      );
      assert.deepEqual([offline.body.errorCode, offline.body.field], ['INVALID_REQUEST', 'environmentId']);
      const unread = await t.action('getProcessRuntime', { promotionId: id }, 'alice');
      assert.match(
        String((unread.body.environments as Array<{ runtimes: OnRuntime[] }>)[0]!.runtimes[0]!.problem),
        /OFFLINE/,
      );
    });

    test('a promotion that was never deployed has no runtime to show', async () => {
      const promoted = await promote(t, OPM, 'alice', tree);
      const res = await t.action('getProcessRuntime', { promotionId: promoted.body.promotionId }, 'alice');
      assert.equal(res.body.errorCode, 'INVALID_PROMOTION_STATUS');
    });
  });
}
