import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDashboard, type Dashboard } from './harness.ts';

// 20-dashboard.md §7.1: sign-in, the menu each tier sees, and "Access denied" on direct links.
describe('dashboard access', { timeout: 120_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('an anonymous visitor is sent to sign in, and comes back to the page asked for', async () => {
    const page = await d.anonymous();
    await page.goto('/reviews/peer');
    await page.waitForURL(/\/login\?returnTo=%2Freviews%2Fpeer/);
    await page.getByRole('button', { name: 'Sign in as Bob' }).click();
    await page.waitForURL(/\/reviews\/peer$/);
  });

  test('a contributor sees the developer and peer pages only; admin pages say access denied', async () => {
    const page = await d.as('alice');
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), [
      'Package Browser',
      'My Work',
      'Production Readiness',
      'Peer Review Queue',
      'Extension Manager',
      'Metrics',
    ]);
    await page.getByText('alice@acme.example').first().waitFor();
    for (const path of [
      '/admin/approvals',
      '/admin/mappings',
      '/admin/notifications',
      '/admin/client-accounts',
      '/admin/approval-policy',
      '/admin/freeze-windows',
      '/admin/webhooks',
      '/admin/audit',
      '/admin/policy-rules',
      '/extensions/copy',
    ]) {
      await page.goto(path);
      await page.getByText('Access denied. This page requires admin privileges.').waitFor();
    }
  });

  test('an admin sees every page in the menu, and chooses among every dev account', async () => {
    const page = await d.as('carol');
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), [
      'Package Browser',
      'My Work',
      'Production Readiness',
      'Peer Review Queue',
      'Extension Manager',
      'Metrics',
      'Admin Approval Queue',
      'Mapping Viewer',
      'Approval Policy',
      'Client Accounts',
      'Freeze Windows',
      'Policy Rules',
      'Notifications',
      'Webhooks',
      'Audit Trail',
    ]);
    await page.getByText('Select a dev account to view packages').waitFor();
    await page.getByLabel('Select Dev Account').selectOption({ label: 'Dev Team B' });
    await page.getByRole('row', { name: /Shipment Tracker/ }).waitFor();
    assert.equal(await page.getByRole('row', { name: /Order Processing Main/ }).count(), 0);
  });

  test('a read-only user gets the no-access screen and access denied on every page', async () => {
    const page = await d.as('olga');
    await page.getByRole('heading', { name: 'No dashboard access' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    await page.goto('/packages');
    await page.getByText('Access denied. This page requires developer or admin privileges.').waitFor();
    for (const path of ['/reviews/peer', '/my-work']) {
      await page.goto(path);
      await page.getByText('Access denied. This page requires developer or admin privileges.').waitFor();
    }
    await page.goto('/admin/approvals');
    await page.getByText('Access denied. This page requires admin privileges.').waitFor();
  });

  test('keyboard use: a decision modal keeps focus inside, Escape closes it and focus goes back', async () => {
    const page = await d.as('alice');
    await page.getByRole('row', { name: /Order Processing Main/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Review for Promotion/ }).click();
    const promote = page.getByRole('button', { name: 'Promote to Primary Account' });
    await promote.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Confirm Promotion' });
    await dialog.waitFor();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      assert.equal(
        await dialog.evaluate((el) => el.contains(document.activeElement)),
        true,
        'focus stays in the dialog',
      );
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await promote.evaluate((el) => el === document.activeElement), true, 'focus returns to the opener');
  });

  test('a laptop screen (1280 x 720) shows the pages without sideways scrolling', async () => {
    const page = await d.as('carol');
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const path of ['/packages', '/production-readiness', '/reviews/peer', '/admin/approvals', '/admin/mappings']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the window`);
    }
  });

  test('the dashboard and the API docs work under the Content-Security-Policy, and refuse to be framed', async () => {
    const page = await d.as('carol');
    await page.goto('/admin/mappings');
    await page
      .getByRole('heading', { name: /Mapping/ })
      .first()
      .waitFor();
    await page.goto('/docs');
    await page.getByText('Promo API').first().waitFor();
    await page.getByText('/fs/PromotionService/executePromotion').first().waitFor();
    // A page of another origin that frames an approval page gets nothing inside its frame.
    const framed = await d.anonymous();
    await framed.setContent(`<iframe id="f" src="${d.url}/admin/approvals" width="800" height="600"></iframe>`);
    await framed.waitForTimeout(1500);
    const texts = await Promise.all(
      framed.frames().map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')),
    );
    assert.ok(!texts.some((text) => /Approval|Sign in/.test(text)), 'no page of ours renders inside a frame');
    assert.deepEqual(d.cspViolations(), []);
  });

  test('signing out ends the session', async () => {
    const page = await d.as('bob');
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.waitForURL(/\/login/);
    await page.goto('/packages');
    await page.waitForURL(/\/login/);
  });
});
