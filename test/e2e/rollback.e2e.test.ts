import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

/**
 * Issue 14 in the browser: alice asks P3 to roll back the running release, dan (an admin who did
 * not ask) approves it on the rollback page, watches it finish, and the release history shows it.
 */
describe('rolling back a release from P3', { timeout: 300_000 }, () => {
  let d: Dashboard;
  let second: string;

  before(async () => {
    d = await startDashboard();
    const api = demoApi(d.url);
    await api.hotfixToProduction(DEMO.packages.orderProcessingMain, '1.0.1');
    second = await api.hotfixToProduction(DEMO.packages.orderProcessingMain, '1.0.2');
  });
  after(async () => {
    await d?.close();
  });

  test('request from P3, approve as another admin, watch it finish, see the history', async () => {
    const alice = await d.as('alice');
    await alice.goto(`/promotions/${second}`);
    await alice.getByRole('button', { name: 'Roll back' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Roll Back Release' });
    await dialog.getByText(/package v1\.0\.1/).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Request Rollback' }).isDisabled(), true, 'a reason first');
    await dialog.getByLabel('Reason for the Rollback').fill('Orders fail to parse since 1.0.2');
    await dialog.getByRole('button', { name: 'Request Rollback' }).click();
    await alice.waitForURL(/\/rollbacks\//);
    await alice.getByText('Awaiting Approval').first().waitFor();
    assert.equal(await alice.getByRole('button', { name: 'Approve Rollback' }).count(), 0, 'not for the requester');
    const url = new URL(alice.url()).pathname;

    const dan = await d.as('dan');
    await dan.goto('/admin/approvals');
    await dan
      .getByRole('region', { name: /Rollbacks Waiting for Approval/ })
      .getByRole('link')
      .first()
      .click();
    await dan.waitForURL((u) => u.pathname === url);
    await dan.getByRole('button', { name: 'Approve Rollback' }).click();
    await dan
      .getByRole('dialog', { name: 'Approve Rollback' })
      .getByRole('button', { name: 'Approve Rollback' })
      .click();
    await dan.getByText('Done', { exact: true }).first().waitFor({ timeout: 60_000 });
    const steps = dan.getByRole('table', { name: 'Rollback steps' });
    assert.equal(await steps.getByText('DONE', { exact: true }).count(), 4);
    await screenshot(dan, 'rollback-done');

    await dan.getByRole('link', { name: 'Release history' }).click();
    const releases = dan.getByRole('table', { name: 'Releases' });
    await releases.getByRole('link', { name: 'Rollback' }).waitFor();
    await releases.getByText('Rolled Back').waitFor();
    assert.equal(await releases.getByText('Running').count(), 1, 'one release runs in production');
    await screenshot(dan, 'release-history');

    await alice.goto(`/promotions/${second}`);
    await alice.getByText('Rolled Back').first().waitFor();
    assert.equal(await alice.getByRole('button', { name: 'Roll back' }).count(), 0, 'rolled back once');
  });
});
