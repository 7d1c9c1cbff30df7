import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { addDemoClientAccount } from './helpers/client-accounts.ts';
import { promote, until } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 13 items 3, 4 and 6: extensions around a production release — the warnings an admin sees
// before approving, the rule that makes them block, the access caches refreshed after the
// deployment (never failing it), and the release reaching a client account's environments.

const OPM = DEMO.packages.orderProcessingMain;
const CLIENT = DEMO.clientAccount;

describe('extensions around a production release', () => {
  let db: Db;
  let t: TestApp;
  let prodId: string;

  before(async () => {
    db = await freshDb();
    t = await buildTestApp(db, { emulator: true });
    const promoted = await promote(t, OPM, 'alice');
    prodId = promoted.body.promotionId as string;
    const submitted = await t.action(
      'submitForPeerReview',
      {
        promotionId: prodId,
        isHotfix: true,
        hotfixJustification: 'Checkout is down',
        packageVersion: '1.0.1',
        existingPackId: DEMO.packs.orders.id,
        targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
      },
      'alice',
    );
    assert.equal(submitted.body.success, true, JSON.stringify(submitted.body));
    const peer = await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'bob');
    assert.equal(peer.body.success, true, JSON.stringify(peer.body));
    // A client account whose Test environment Boomi no longer has: its cache refresh must fail.
    await db.query(
      `insert into client_account (client_account_id, client_account_name, test_environment_id, test_environment_name,
         prod_environment_id, prod_environment_name) values ('acme-GONE', 'Gone Ltd', 'gone-test', 'Gone Test',
         'gone-prod', 'Gone Production')`,
    );
  });
  after(async () => {
    await t?.app.close();
    await dropDb(db);
  });

  test('before approval: Production values that look wrong are listed, as a warning', async () => {
    const r = await t.action('checkProductionExtensions', { promotionId: prodId }, 'carol');
    assert.equal(r.body.success, true, JSON.stringify(r.body));
    const findings = r.body.findings as Array<{
      kind: string;
      environmentId: string;
      message: string;
      prodValue: string | null;
    }>;
    assert.ok(findings.length > 0, 'the demo Production keeps test-looking values');
    assert.ok(findings.every((f) => f.environmentId === DEMO.environments.production.id));
    assert.ok(
      findings.some((f) => f.kind === 'TEST_VALUE' || f.kind === 'SAME_AS_TEST'),
      JSON.stringify(findings),
    );
    assert.equal(r.body.blocksApproval, false);
    const forTeamB = await t.action('checkProductionExtensions', { promotionId: prodId }, 'erin');
    assert.equal(forTeamB.body.errorCode, 'PROMOTION_NOT_FOUND');
  });

  test('an admin makes the findings a rule: approval is refused while they remain', async () => {
    assert.equal((await t.action('setExtensionCheckRule', { blockApproval: true }, 'alice')).status, 403);
    const on = await t.action('setExtensionCheckRule', { blockApproval: true }, 'carol');
    assert.equal(on.body.blockApproval, true);
    assert.equal(
      (await t.action('checkProductionExtensions', { promotionId: prodId }, 'carol')).body.blocksApproval,
      true,
    );
    const refused = await t.action(
      'submitAdminReview',
      { promotionId: prodId, decision: 'APPROVED', hotfixAcknowledged: true },
      'carol',
    );
    assert.equal(refused.body.errorCode, 'EXTENSIONS_NOT_READY', JSON.stringify(refused.body));
    await t.action('setExtensionCheckRule', { blockApproval: false }, 'carol');
  });

  test('after the deployment the access caches are rebuilt; a failing one is a warning, not a failure', async () => {
    const approved = await t.action(
      'submitAdminReview',
      { promotionId: prodId, decision: 'APPROVED', hotfixAcknowledged: true },
      'carol',
    );
    assert.equal(approved.body.status, 'DEPLOYED', JSON.stringify(approved.body));
    const { rows } = await db.query<{ environment_id: string; built_by: string }>(
      'select environment_id, built_by from extension_access_build',
    );
    assert.deepEqual(
      rows.map((r) => [r.environment_id, r.built_by]),
      [[DEMO.environments.production.id, 'PROCESS_D_DEPLOY']],
    );
    const status = await t.action('queryStatus', { promotionId: prodId }, 'alice');
    const record = (status.body.promotions as Array<{ postDeployWarnings: string[]; status: string }>)[0]!;
    assert.equal(record.status, 'DEPLOYED');
    assert.equal(record.postDeployWarnings.length, 2, JSON.stringify(record.postDeployWarnings));
    assert.match(record.postDeployWarnings[0]!, /Gone Ltd/);
  });

  test('a client account installs the production pack, attaches it, and runs the released version', async () => {
    await db.query("update client_account set is_active = false where client_account_id = 'acme-GONE'");
    await addDemoClientAccount(t);
    type Packs = {
      packs: Array<{
        integrationPackInstanceId: string;
        integrationPackId: string;
        latestReleasedVersion: string | null;
        environments: Array<{ environmentId: string; propagation: string; runningVersion: string | null }>;
      }>;
      installable: Array<{ integrationPackId: string }>;
    };
    const before = (await t.action('getClientPacks', { clientAccountId: CLIENT.accountId }, 'alice'))
      .body as unknown as Packs;
    assert.ok(
      before.installable.some((p) => p.integrationPackId === DEMO.packs.orders.id),
      JSON.stringify(before),
    );
    const contributor = await t.action(
      'manageClientPacks',
      { operation: 'install', clientAccountId: CLIENT.accountId, integrationPackId: DEMO.packs.orders.id },
      'alice',
    );
    assert.equal(contributor.status, 403);
    const installed = (
      await t.action(
        'manageClientPacks',
        { operation: 'install', clientAccountId: CLIENT.accountId, integrationPackId: DEMO.packs.orders.id },
        'carol',
      )
    ).body as unknown as Packs & { success: boolean };
    assert.equal(installed.success, true, JSON.stringify(installed));
    const pack = installed.packs.find((p) => p.integrationPackId === DEMO.packs.orders.id)!;
    assert.ok(pack.latestReleasedVersion);
    assert.ok(pack.environments.every((e) => e.propagation === 'NOT_ATTACHED'));
    const attach = await t.action(
      'manageClientPacks',
      {
        operation: 'attach',
        clientAccountId: CLIENT.accountId,
        integrationPackInstanceId: pack.integrationPackInstanceId,
        environmentId: CLIENT.environments.production.id,
      },
      'carol',
    );
    assert.equal(attach.body.success, true, JSON.stringify(attach.body));
    const current = await until('the attached environment runs the released version', async () => {
      const r = (await t.action('getClientPacks', { clientAccountId: CLIENT.accountId }, 'carol'))
        .body as unknown as Packs;
      const env = r.packs[0]!.environments.find((e) => e.environmentId === CLIENT.environments.production.id)!;
      return env.propagation === 'CURRENT' ? env : undefined;
    });
    assert.equal(current.runningVersion, pack.latestReleasedVersion);
    const other = await t.action(
      'manageClientPacks',
      {
        operation: 'attach',
        clientAccountId: CLIENT.accountId,
        integrationPackInstanceId: 'made-up',
        environmentId: CLIENT.environments.test.id,
      },
      'carol',
    );
    assert.equal(other.body.errorCode, 'PACK_NOT_INSTALLED');
    const { rows } = await db.query<{ action: string }>(
      "select action from audit_event where action like 'CLIENT_PACK%' order by id",
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['CLIENT_PACK_INSTALLED', 'CLIENT_PACK_ATTACHED'],
    );
  });
});
