import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';

// 20-dashboard.md §7.2: the developer's path from the Package Browser to the promotion results.
describe('developer path', { timeout: 180_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('P1 -> P2 -> promote -> P3 results, which survive a reload', async () => {
    const page = await d.as('alice');
    await page.waitForURL(/\/packages$/);
    await page.getByText('User: Alice (alice@acme.example)').waitFor();
    // Alice's team has one dev account: it is chosen for her and the selector is hidden.
    assert.equal(await page.getByLabel('Select Dev Account').count(), 0);
    const review = page.getByRole('button', { name: /Review for Promotion/ });
    assert.equal(await review.isDisabled(), true);
    await page.getByRole('row', { name: /Order Processing Main/ }).click();
    await screenshot(page, 'p1-package-browser');
    await review.click();

    await page.getByRole('heading', { name: 'Review: Order Processing Main (v1.0.0)' }).waitFor();
    await page.getByText('From: Dev Team A').waitFor();
    await page.getByText(/shared connections \(pre-mapped\)/).waitFor();
    await screenshot(page, 'p2-promotion-review');
    await page.getByRole('button', { name: 'Promote to Primary Account' }).click();
    const modal = page.getByRole('dialog', { name: 'Confirm Promotion' });
    await modal.getByRole('button', { name: 'Confirm Promotion' }).dblclick();

    await page.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Promotion Results' }).waitFor({ timeout: 60_000 });
    await page.getByText(/Created: \d+/).waitFor();
    const promotionId = page.url().split('/').pop()!;
    await page.reload();
    await page.getByRole('heading', { name: 'Promotion Results' }).waitFor();
    await page.getByText(promotionId).first().waitFor();
    // A double click started one promotion only.
    const res = await fetch(`${d.url}/fs/PromotionService/queryStatus`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('alice@acme.example:demo-alice').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ processName: 'Order Processing Main', queryType: 'byProcess' }),
    });
    assert.equal(((await res.json()) as { totalCount: number }).totalCount, 1);

    // The default target is test; the hotfix needs a justification, counted to 1000 characters.
    assert.equal(await page.getByLabel('Deploy to Test').isChecked(), true);
    await page.getByLabel('Deploy to Production (Emergency Hotfix)').check();
    await page.getByText('bypass the test environment', { exact: false }).waitFor();
    await page.getByRole('button', { name: /Continue to Deployment/ }).click();
    await page.getByText('Hotfix justification is required').waitFor();
    await page.getByLabel('Hotfix Justification (Required)').fill('   ');
    await page.getByRole('button', { name: /Continue to Deployment/ }).click();
    await page.getByText('Hotfix justification is required').waitFor();
    await page.getByLabel('Hotfix Justification (Required)').fill('Orders are being dropped in production');
    await page.getByText('38 / 1000 characters').waitFor();

    // A diff of a created component opens below the grid; opening another replaces it.
    await page.getByRole('button', { name: 'View New' }).first().click();
    await page.getByRole('table', { name: 'XML differences' }).waitFor();
    await page.getByText('branch (new)').waitFor();
    await screenshot(page, 'p3-promotion-status');
    await page.getByRole('button', { name: 'Close diff' }).click();
    await page.getByLabel('Deploy to Test').check();
    await page.getByRole('button', { name: /Continue to Deployment/ }).click();
    await page.waitForURL(new RegExp(`/promotions/${promotionId}/deploy\\?mode=test$`));
  });

  test('a package whose connection has no mapping cannot be promoted, and says why', async () => {
    const page = await d.as('bob');
    await page.getByRole('row', { name: /Invoice Sync/ }).click();
    await page.getByRole('button', { name: /Review for Promotion/ }).click();
    await page.getByText('✕ 1 connection missing mappings — promotion will fail', { exact: true }).waitFor();
    const promote = page.getByRole('button', { name: 'Promote to Primary Account' });
    assert.equal(await promote.isDisabled(), true);
    await page
      .getByText('Cannot promote — 1 connection missing mappings: seed them above, or ask an admin to.')
      .waitFor();
    await page
      .getByRole('row', { name: /Invoice SFTP/ })
      .getByText('UNMAPPED')
      .waitFor();
  });

  test('a running promotion shows its progress, and a reload comes back to it', async () => {
    // Slow branch creation so the promotion is still running when the page reloads.
    d.service.emulator!.setStageTimings({ branchCreateMs: 4000 });
    try {
      const page = await d.as('bob');
      await page.getByRole('row', { name: /Customer Master Sync/ }).click();
      await page.getByRole('button', { name: /Review for Promotion/ }).click();
      await page.getByRole('button', { name: 'Promote to Primary Account' }).click();
      await page
        .getByRole('dialog', { name: 'Confirm Promotion' })
        .getByRole('button', { name: 'Confirm Promotion' })
        .click();
      await page.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: 'Promoting components to primary account...' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Promoting components to primary account...' }).waitFor();
      await page.getByText('You can safely close this window').waitFor();
      await page.getByRole('heading', { name: 'Promotion Results' }).waitFor({ timeout: 60_000 });
    } finally {
      d.service.emulator!.setStageTimings({ branchCreateMs: 200 });
    }
  });

  test('an unknown promotion says so, with a way back', async () => {
    const page = await d.as('alice');
    await page.goto('/promotions/00000000-0000-4000-8000-000000000000');
    await page.getByText('Promotion not found').first().waitFor();
    await screenshot(page, 'error-page');
    await page.getByRole('button', { name: 'Home' }).click();
    await page.waitForURL(/\/packages$/);
  });
});
