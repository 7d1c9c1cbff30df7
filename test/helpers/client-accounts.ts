import assert from 'node:assert/strict';
import { DEMO } from '../../emulator/index.ts';
import type { TestApp } from './test-app.ts';

/** Adds the demo's client account (Acme Retail) for team A, as an admin does on its page. */
export async function addDemoClientAccount(t: TestApp, as = 'carol') {
  const client = DEMO.clientAccount;
  const added = await t.action(
    'manageClientAccounts',
    {
      operation: 'upsert',
      clientAccountId: client.accountId,
      clientAccountName: client.name,
      testEnvironmentId: client.environments.test.id,
      prodEnvironmentId: client.environments.production.id,
      teams: [{ ssoGroupId: 'ABC_BOOMI_FLOW_DEVTEAMA', ssoGroupName: 'Team A' }],
    },
    as,
  );
  assert.equal(added.body.success, true, JSON.stringify(added.body));
  return added.body;
}
