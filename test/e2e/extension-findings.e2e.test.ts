import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { DEMO } from '../../emulator/index.ts';
import { demoApi } from './demo-api.ts';

/**
 * P7's "Extensions before production" (issue 13 item 6): the admin reads the Production values
 * that look wrong for the release (the demo's Production still names a test database host), makes
 * them a rule, sees the approval blocked with the reason, and turns the rule off again.
 */
describe('extension findings on P7', { timeout: 300_000 }, () => {
  let d: Dashboard;

  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('carol reads the findings, makes them block the approval, and lifts the rule', async () => {
    const api = demoApi(d.url);
    const prodId = await api.submitHotfix(await api.promote(DEMO.packages.orderProcessingMain));
    await api.peerApprove(prodId);

    const carol = await d.as('carol');
    await carol.goto(`/admin/approvals?selected=${prodId}`);
    const panel = carol.getByRole('region', { name: 'Extensions before production' });
    await panel.waitFor();
    await panel
      .getByText(/orders-db\.test\.acme\.example/)
      .first()
      .waitFor();
    const approve = carol.getByRole('button', { name: 'Approve and Deploy' });
    assert.equal(await approve.isEnabled(), true, 'a warning does not block');

    await panel.getByLabel('Block approval while extension findings remain').check();
    await carol
      .getByText(/Approval is blocked until the extension findings are fixed/)
      .first()
      .waitFor();
    await carol.waitForFunction(() =>
      Array.from(document.querySelectorAll('button')).some(
        (b) => b.textContent?.includes('Approve and Deploy') && b.disabled,
      ),
    );
    await screenshot(carol, 'p7-extension-findings');
    const rule = await api.call('checkProductionExtensions', { promotionId: prodId }, 'carol');
    assert.equal(rule.blocksApproval, true);

    await panel
      .getByRole('alert')
      .getByText(/Approval is blocked/)
      .waitFor();
    await panel.getByLabel('Block approval while extension findings remain').uncheck();
    await carol.waitForFunction(() =>
      Array.from(document.querySelectorAll('button')).some(
        (b) => b.textContent?.includes('Approve and Deploy') && !b.disabled,
      ),
    );
    const link = panel.getByRole('link', { name: 'Fix them in the Extension Manager' });
    assert.equal(await link.getAttribute('href'), '/extensions');
  });
});
