import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDashboard, type Dashboard } from './harness.ts';

// 20-dashboard.md §7.1: sign-in, the menu each tier sees, and "Access denied" on direct links.
describe('dashboard access', { timeout: 120_000 }, () => {
  let d: Dashboard;
  before(async () => { d = await startDashboard(); });
  after(async () => { await d?.close(); });

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
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['Package Browser', 'Production Readiness', 'Peer Review Queue']);
    await page.getByText('alice@acme.example').first().waitFor();
    for (const path of ['/admin/approvals', '/admin/mappings', '/admin/notifications']) {
      await page.goto(path);
      await page.getByText('Access denied. This page requires admin privileges.').waitFor();
    }
  });

  test('an admin sees every page in the menu', async () => {
    const page = await d.as('carol');
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['Package Browser', 'Production Readiness', 'Peer Review Queue', 'Admin Approval Queue', 'Mapping Viewer', 'Notifications']);
  });

  test('a read-only user gets the no-access screen and access denied on every page', async () => {
    const page = await d.as('olga');
    await page.getByRole('heading', { name: 'No dashboard access' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    await page.goto('/packages');
    await page.getByText('Access denied. This page requires developer or admin privileges.').waitFor();
    await page.goto('/reviews/peer');
    await page.getByText('Access denied. This page requires developer or admin privileges.').waitFor();
    await page.goto('/admin/approvals');
    await page.getByText('Access denied. This page requires admin privileges.').waitFor();
  });

  test('signing out ends the session', async () => {
    const page = await d.as('bob');
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.waitForURL(/\/login/);
    await page.goto('/packages');
    await page.waitForURL(/\/login/);
  });
});
