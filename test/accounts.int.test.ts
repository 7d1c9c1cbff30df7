import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, demoAuth, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

for (const variant of dbVariants()) {
  describe(`getDevAccounts and dev-account access [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db);
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    const expected: Record<string, { tier: string; accounts: string[] }> = {
      alice: { tier: 'CONTRIBUTOR', accounts: ['acme-DEVA'] },
      bob: { tier: 'CONTRIBUTOR', accounts: ['acme-DEVA'] },
      erin: { tier: 'CONTRIBUTOR', accounts: ['acme-DEVB'] },
      carol: { tier: 'ADMIN', accounts: ['acme-DEVA', 'acme-DEVB'] },
      dan: { tier: 'ADMIN', accounts: ['acme-DEVA', 'acme-DEVB'] },
    };
    for (const [user, want] of Object.entries(expected)) {
      test(`${user} sees exactly the fixture's accounts and tier`, async () => {
        const r = await t.action('getDevAccounts', {}, user);
        assert.equal(r.status, 200);
        assert.equal(r.body.success, true);
        assert.equal(r.body.effectiveTier, want.tier);
        assert.deepEqual(
          (r.body.devAccounts as Array<{ accountId: string }>).map((a) => a.accountId).sort(),
          want.accounts,
        );
      });
    }

    test('the READONLY user is refused with INSUFFICIENT_TIER (§6.4 item 55)', async () => {
      const r = await t.action('getDevAccounts', {}, 'olga');
      assert.equal(r.status, 403);
      assert.equal(r.body.success, false);
      assert.equal(r.body.errorCode, 'INSUFFICIENT_TIER');
    });

    test('userSsoGroups that match the caller are accepted, in any letter case', async () => {
      const r = await t.action(
        'getDevAccounts',
        { userSsoGroups: ['abc_boomi_flow_contributor', 'ABC_BOOMI_FLOW_DEVTEAMA'] },
        'alice',
      );
      assert.equal(r.body.success, true);
    });

    test('userSsoGroups claiming more than the caller holds is IDENTITY_MISMATCH', async () => {
      const r = await t.action('getDevAccounts', { userSsoGroups: ['ABC_BOOMI_FLOW_ADMIN'] }, 'alice');
      assert.equal(r.status, 403);
      assert.equal(r.body.errorCode, 'IDENTITY_MISMATCH');
    });

    test('a wrong demo token, or none, is 401 with the envelope', async () => {
      const r = await t.action(
        'getDevAccounts',
        {},
        { authorization: 'Basic ' + Buffer.from('alice@acme.example:demo-bob').toString('base64') },
      );
      assert.equal(r.status, 401);
      assert.equal(r.body.errorCode, 'UNAUTHENTICATED');
      const none = await t.action('getDevAccounts', {}, {});
      assert.equal(none.status, 401);
    });

    test('an inactive access row grants nothing; an admin can list, upsert and delete rows', async () => {
      const carol = 'carol';
      const up = await t.action(
        'manageDevAccountAccess',
        {
          operation: 'upsert',
          ssoGroupId: 'ABC_BOOMI_FLOW_DEVTEAMA',
          ssoGroupName: 'Team A',
          devAccountId: 'acme-DEVB',
          devAccountName: 'Dev Team B',
          isActive: false,
        },
        carol,
      );
      assert.equal(up.body.success, true, JSON.stringify(up.body));
      let alice = await t.action('getDevAccounts', {}, 'alice');
      assert.deepEqual(
        (alice.body.devAccounts as Array<{ accountId: string }>).map((a) => a.accountId),
        ['acme-DEVA'],
      );

      await t.action(
        'manageDevAccountAccess',
        {
          operation: 'upsert',
          ssoGroupId: 'ABC_BOOMI_FLOW_DEVTEAMA',
          ssoGroupName: 'Team A',
          devAccountId: 'acme-DEVB',
          devAccountName: 'Dev Team B',
          isActive: true,
        },
        carol,
      );
      alice = await t.action('getDevAccounts', {}, 'alice');
      assert.deepEqual((alice.body.devAccounts as Array<{ accountId: string }>).map((a) => a.accountId).sort(), [
        'acme-DEVA',
        'acme-DEVB',
      ]);

      const list = await t.action('manageDevAccountAccess', { operation: 'list', devAccountId: 'acme-DEVB' }, carol);
      assert.equal(list.body.totalCount, 2);
      const del = await t.action(
        'manageDevAccountAccess',
        { operation: 'delete', ssoGroupId: 'ABC_BOOMI_FLOW_DEVTEAMA', devAccountId: 'acme-DEVB' },
        carol,
      );
      assert.equal(del.body.totalCount, 1);
      alice = await t.action('getDevAccounts', {}, 'alice');
      assert.deepEqual(
        (alice.body.devAccounts as Array<{ accountId: string }>).map((a) => a.accountId),
        ['acme-DEVA'],
      );

      const audit = await db.query<{ action: string; actor: string }>(
        "select action, actor from audit_event where action like 'DEV_ACCOUNT_ACCESS%' order by id",
      );
      assert.deepEqual(
        audit.rows.map((r) => r.action),
        ['DEV_ACCOUNT_ACCESS_UPSERTED', 'DEV_ACCOUNT_ACCESS_UPSERTED', 'DEV_ACCOUNT_ACCESS_DELETED'],
      );
      assert.ok(audit.rows.every((r) => r.actor === 'carol@acme.example'));
    });

    test('contributors may not manage access rows', async () => {
      const r = await t.action('manageDevAccountAccess', { operation: 'list' }, 'alice');
      assert.equal(r.status, 403);
      assert.equal(r.body.errorCode, 'INSUFFICIENT_TIER');
    });

    test('responses carry a request id, echoed when the caller sends one', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/fs/PromotionService/getDevAccounts',
        headers: { authorization: demoAuth('bob'), 'content-type': 'application/json', 'x-request-id': 'trace-123' },
        payload: '{}',
      });
      assert.equal(res.headers['x-request-id'], 'trace-123');
    });
  });
}
