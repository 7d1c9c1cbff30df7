import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

const accountsOf = async (t: TestApp, user: string) =>
  ((await t.action('getDevAccounts', {}, user)).body.devAccounts as Array<{ accountId: string }>)
    .map((a) => a.accountId)
    .sort();

async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

for (const variant of dbVariants()) {
  describe(`access rights are cached per replica but never stale [${variant.name}]`, () => {
    let db: Db;
    let a: TestApp;
    let b: TestApp;
    before(async () => {
      db = await variant.open();
      // Two replicas of the service on one database.
      a = await buildTestApp(db);
      b = await buildTestApp(db, { seed: false });
    });
    after(async () => {
      await a.app.close();
      await b.app.close();
      await dropDb(db);
    });

    test('a change made through one replica reaches the other', async () => {
      assert.deepEqual(await accountsOf(b, 'erin'), ['acme-DEVB']);
      const r = await a.action(
        'manageDevAccountAccess',
        {
          operation: 'upsert',
          ssoGroupId: 'ABC_BOOMI_FLOW_DEVTEAMB',
          ssoGroupName: 'Team B',
          devAccountId: 'acme-DEVA',
          devAccountName: 'Dev Team A',
        },
        'carol',
      );
      assert.equal(r.body.success, true);
      assert.deepEqual(await accountsOf(a, 'erin'), ['acme-DEVA', 'acme-DEVB'], 'the writing replica at once');
      await eventually(async () => (await accountsOf(b, 'erin')).length === 2, 'replica b to see the new row');
    });

    test('a change made by hand in SQL is seen too', async () => {
      await db.query("update dev_account_access set is_active = false where sso_group_id = 'ABC_BOOMI_FLOW_DEVTEAMB'");
      await eventually(
        async () => (await accountsOf(a, 'erin')).length === 0 && (await accountsOf(b, 'erin')).length === 0,
        'both replicas to drop the rows',
      );
    });
  });
}
