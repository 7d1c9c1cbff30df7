import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

// Issue 13: the admin's client accounts page: add, edit, deactivate, and the packs installed there.
describe('client accounts', { timeout: 300_000 }, () => {
  let d: Dashboard;
  // The demo's client account: Boomi has it, Promo does not know it until an admin adds it.
  const client = DEMO.clientAccount;
  const globex = {
    accountId: client.accountId,
    name: client.name,
    test: client.environments.test.id,
    testName: client.environments.test.name,
    prod: client.environments.production.id,
  };
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('add a client account, edit its teams, deactivate and reactivate it', async () => {
    const carol = await d.as('carol');
    await carol.goto('/admin/client-accounts');
    const table = carol.getByRole('table', { name: 'Client accounts' });
    await table.getByRole('row', { name: /acme-PRIMARY/ }).waitFor();

    await carol.getByRole('button', { name: 'Add client account' }).click();
    const form = carol.getByRole('form', { name: 'Add client account' });
    await form.getByLabel('Boomi account ID').fill(globex.accountId);
    await form.getByLabel('Name').fill(globex.name);
    await form.getByLabel('Test environment ID').fill(globex.prod);
    await form.getByLabel('Production environment ID').fill(globex.test);
    await form.getByRole('button', { name: '+ Add team' }).click();
    await form.getByLabel('SSO group ID (team 1)').fill('ABC_BOOMI_FLOW_TEAM_A');
    await form.getByLabel('Team name (team 1)').fill('Team A');
    // The service checks the environments against Boomi: swapped, they are refused.
    await form.getByRole('button', { name: 'Save client account' }).click();
    await form.getByText(/is a PROD environment, not TEST/).waitFor();
    await form.getByLabel('Test environment ID').fill(globex.test);
    await form.getByLabel('Production environment ID').fill(globex.prod);
    await form.getByRole('button', { name: 'Save client account' }).click();
    await carol.getByText(`Client account ${globex.name} saved.`).waitFor();
    const row = table.getByRole('row', { name: new RegExp(globex.accountId) });
    await row.getByText(globex.testName).waitFor();
    await row.getByText('Team A').waitFor();
    await row.getByText('Active', { exact: true }).waitFor();

    await row.getByRole('button', { name: `Edit ${globex.name}` }).click();
    const edit = carol.getByRole('form', { name: `Edit ${globex.name}` });
    assert.ok(await edit.getByLabel('Boomi account ID').isDisabled());
    await edit.getByLabel('Team name (team 1)').fill('Team A (orders)');
    await edit.getByRole('button', { name: 'Save client account' }).click();
    await row.getByText('Team A (orders)').waitFor();

    await row.getByRole('button', { name: `Deactivate ${globex.name}` }).click();
    const dialog = carol.getByRole('dialog', { name: 'Deactivate Client Account' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Deactivate ${globex.name}` }).click();
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await carol.getByText(`${globex.name} deactivated.`).waitFor();
    await row.getByText('Inactive', { exact: true }).waitFor();
    // An inactive account is not offered in the Extension Manager.
    const p10 = await d.as('carol');
    await p10.goto('/extensions');
    await p10.getByLabel('Client account').locator('option').first().waitFor({ state: 'attached' });
    assert.equal(await p10.getByLabel('Client account').locator('option', { hasText: globex.name }).count(), 0);
    await row.getByRole('button', { name: `Reactivate ${globex.name}` }).click();
    await carol
      .getByRole('dialog', { name: 'Reactivate Client Account' })
      .getByRole('button', { name: 'Reactivate' })
      .click();
    await row.getByText('Active', { exact: true }).waitFor();
    await screenshot(carol, 'client-accounts');
  });

  test('install a pack, attach it to Test, and see where its release has got to', async () => {
    const api = demoApi(d.url);
    const listed = await api.call('listClientAccounts', { includeInactive: true }, 'carol');
    const known = (listed.clientAccounts as Array<{ clientAccountId: string }>).some(
      (a) => a.clientAccountId === globex.accountId,
    );
    if (!known) {
      const saved = await api.call(
        'manageClientAccounts',
        {
          operation: 'upsert',
          clientAccountId: globex.accountId,
          clientAccountName: globex.name,
          testEnvironmentId: globex.test,
          prodEnvironmentId: globex.prod,
          teams: [],
        },
        'carol',
      );
      assert.equal(saved.operation, 'upsert', JSON.stringify(saved).slice(0, 300));
    }
    // A pack is installable once it has a release: take a hotfix of Order Processing to production.
    let packs = await api.call('getClientPacks', { clientAccountId: globex.accountId }, 'carol');
    if (!(packs.installable as unknown[]).length) {
      const hotfix = await api.submitHotfix(await api.promote(DEMO.packages.orderProcessingMain));
      await api.peerApprove(hotfix);
      const approved = await api.call(
        'submitAdminReview',
        { promotionId: hotfix, decision: 'APPROVED', hotfixAcknowledged: true },
        'carol',
      );
      assert.equal(approved.status, 'DEPLOYED', JSON.stringify(approved).slice(0, 300));
      packs = await api.call('getClientPacks', { clientAccountId: globex.accountId }, 'carol');
    }
    const installable = packs.installable as Array<{ integrationPackId: string; integrationPackName: string }>;
    assert.ok(installable.length, `a production pack to install: ${JSON.stringify(packs).slice(0, 300)}`);
    const pack = installable[0]!;

    const carol = await d.as('carol');
    await carol.goto('/admin/client-accounts');
    await carol
      .getByRole('button', { name: `Packs of ${globex.name}` })
      .first()
      .click();
    const panel = carol.getByRole('region', { name: `Packs of ${globex.name}` });
    await panel.getByLabel('Install a pack').selectOption(pack.integrationPackId);
    await panel.getByRole('button', { name: 'Install', exact: true }).click();
    await panel.getByRole('button', { name: `Uninstall ${pack.integrationPackName}` }).waitFor();
    await panel.getByRole('button', { name: `Attach ${pack.integrationPackName} to ${globex.testName}` }).click();
    await panel.getByRole('button', { name: `Detach ${pack.integrationPackName} from ${globex.testName}` }).waitFor();
    await panel.getByLabel(`${pack.integrationPackName} in ${globex.testName}: `, { exact: false }).waitFor();
    const state = await panel
      .getByLabel(new RegExp(`^${pack.integrationPackName} in ${globex.testName}: `))
      .textContent();
    assert.match(state ?? '', /Current|Propagating|Unknown/);
    await panel.getByText('Not attached').first().waitFor();
    await screenshot(carol, 'client-packs');

    await panel.getByRole('button', { name: `Uninstall ${pack.integrationPackName}` }).click();
    await carol
      .getByRole('dialog', { name: 'Uninstall Integration Pack' })
      .getByRole('button', { name: 'Uninstall' })
      .click();
    await panel.getByRole('button', { name: `Uninstall ${pack.integrationPackName}` }).waitFor({ state: 'detached' });
  });
});
