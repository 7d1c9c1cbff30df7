import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { DEMO } from '../../emulator/index.ts';
import { demoApi } from './demo-api.ts';

// 20-dashboard.md §7.6 (Mapping Viewer), §7.5 (Production Readiness) and the admin's email outbox.
describe('admin pages and production readiness', { timeout: 180_000 }, () => {
  let d: Dashboard;
  const call = (action: string, body: unknown, as = 'alice') => demoApi(d.url).call(action, body, as);
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('Mapping Viewer: filter, export, add, refuse a duplicate, seed a connection, delete', async () => {
    const carol = await d.as('carol');
    await carol.goto('/admin/approvals');
    await carol.getByRole('link', { name: 'View Component Mappings' }).click();
    await carol.getByRole('heading', { name: 'Component Mapping Viewer' }).waitFor();
    await carol.getByText('Admin: Carol').waitFor();
    const rows = carol.getByRole('table', { name: 'Component mappings' }).getByRole('row');
    await rows.nth(1).waitFor();
    const all = await rows.count();

    await carol.getByLabel('Type').selectOption('connection');
    await carol.getByLabel('Dev Account').selectOption({ label: 'Dev Team A' });
    await carol.getByRole('button', { name: 'Apply Filters' }).click();
    await carol.getByLabel('Search').fill('API');
    await carol.getByRole('row', { name: /Orders API/ }).waitFor();
    const expected = DEMO.connectionMappings.filter(
      (m) => m.devAccountId === 'acme-DEVA' && m.name.toLowerCase().includes('api'),
    ).length;
    await carol.waitForFunction(
      (n) => document.querySelectorAll('table[aria-label="Component mappings"] tbody tr').length === n,
      expected,
    );

    const [download] = await Promise.all([
      carol.waitForEvent('download'),
      carol.getByRole('button', { name: /Export to CSV/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^component-mappings-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    assert.equal(
      csv[0],
      'Component Name,Type,Dev Account,Dev Component ID,Prod Component ID,Prod Version,Last Promoted,Promoted By,Mapping Source',
    );
    assert.equal(csv.length, expected + 1);
    for (const line of csv.slice(1))
      assert.match(line, /^[^,]*API[^,]*,connection,acme-DEVA,[0-9a-f-]{36},[0-9a-f-]{36},/);

    await carol.getByRole('button', { name: 'Clear' }).click();
    assert.equal(await carol.getByLabel('Search').inputValue(), '');
    await carol.waitForFunction(
      (n) => document.querySelectorAll('table[aria-label="Component mappings"] tbody tr').length === n - 1,
      all,
    );

    // Add: a malformed id is refused in the form; a valid one is saved; the same key again is a duplicate.
    await carol.getByRole('button', { name: 'Add/Edit Mapping' }).click();
    const form = carol.getByRole('form', { name: 'Add/Edit Mapping' });
    await form.getByLabel('Dev Component ID').fill('not-a-guid');
    await form.getByLabel('Prod Component ID').fill('11111111-2222-4333-8444-555555555555');
    await form.getByLabel('Component Name').fill('Legacy Order Map');
    await form.getByLabel('Component Type').selectOption({ label: 'map' });
    await form.getByRole('button', { name: 'Save Mapping' }).click();
    await form.getByText('Dev Component ID must be a GUID').waitFor();
    await form.getByLabel('Dev Component ID').fill('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
    await form.getByRole('button', { name: 'Save Mapping' }).click();
    await carol.getByText('Mapping saved successfully').waitFor();
    await carol.getByRole('row', { name: /Legacy Order Map/ }).waitFor();
    await carol.getByRole('button', { name: 'Add/Edit Mapping' }).click();
    await form.getByLabel('Dev Component ID').fill('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
    await form.getByLabel('Prod Component ID').fill('11111111-2222-4333-8444-555555555556');
    await form.getByLabel('Component Name').fill('Legacy Order Map again');
    await form.getByRole('button', { name: 'Save Mapping' }).click();
    await form.getByText('already exists').waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Seed the connection Invoice Sync is missing; the row is a connection, "Admin Seeded".
    const missing = DEMO.unmappedConnections[0]!;
    await carol.getByRole('button', { name: 'Seed Connection Mapping' }).click();
    const seed = carol.getByRole('form', { name: 'Connection Mapping Seeding' });
    await seed.getByLabel('Dev Account').selectOption(missing.devAccountId);
    await seed.getByLabel('Dev Connection Component ID').fill(missing.devComponentId);
    await seed.getByLabel('Connection Name').fill('SFTP - Orders Server');
    await seed.getByLabel('Parent Account Connection ID (from #Connections folder)').fill(DEMO.prodConnections[0]!.id);
    await seed.getByRole('button', { name: 'Seed Connection Mapping' }).click();
    await carol.getByText('Connection mapping seeded successfully').waitFor();
    const seeded = carol.getByRole('row', { name: /SFTP - Orders Server/ });
    await seeded.getByText('Admin Seeded').waitFor();
    await seeded.getByText('connection').waitFor();
    await screenshot(carol, 'p8-mapping-viewer');

    // Delete asks first; cancelling keeps the row.
    await carol.getByRole('button', { name: 'Delete mapping of Legacy Order Map' }).click();
    await carol.getByRole('dialog', { name: 'Delete Mapping' }).getByRole('button', { name: 'Cancel' }).click();
    await carol.getByRole('row', { name: /Legacy Order Map/ }).waitFor();
    await carol.getByRole('button', { name: 'Delete mapping of Legacy Order Map' }).click();
    await carol.getByRole('dialog', { name: 'Delete Mapping' }).getByRole('button', { name: 'Delete' }).click();
    await carol.getByText('Mapping of Legacy Order Map deleted').waitFor();
    assert.equal(await carol.getByRole('row', { name: /Legacy Order Map/ }).count(), 0);

    await carol.getByRole('link', { name: /Back to Admin Approval Queue/ }).click();
    await carol.getByRole('heading', { name: 'Deployment Approval Queue' }).waitFor();
  });

  test('Production Readiness: the test deployment with its branch age, and cancelling it deletes the branch', async () => {
    const pkg = DEMO.packages.customerMasterSync;
    const tree = await call('resolveDependencies', { devAccountId: pkg.accountId, rootComponentId: pkg.componentId });
    const components = (tree.components as Array<Record<string, string>>).map((c) => ({
      devComponentId: c.devComponentId,
      name: c.name,
      type: c.type,
      folderFullPath: c.folderFullPath,
    }));
    const promoted = await call('executePromotion', {
      devAccountId: pkg.accountId,
      devPackageId: pkg.packageId,
      packageVersion: pkg.packageVersion,
      rootComponentId: pkg.componentId,
      components,
    });
    assert.equal(promoted.status, 'COMPLETED', JSON.stringify(promoted).slice(0, 300));
    const deployed = await call('packageAndDeploy', {
      promotionId: promoted.promotionId,
      deploymentTarget: 'TEST',
      packageVersion: '1.0.0',
      existingPackId: DEMO.packs.ordersTest.id,
    });
    assert.equal(deployed.status, 'TEST_DEPLOYED', JSON.stringify(deployed).slice(0, 300));

    const bob = await d.as('bob');
    await bob.goto('/production-readiness');
    const row = bob.getByRole('row', { name: /Customer Master Sync/ });
    await row.getByLabel('0 days').waitFor();
    assert.match(await row.innerText(), /Today|today/);
    assert.equal(await bob.getByText(/over 30 days/).count(), 0);
    const promote = bob.getByRole('button', { name: /Promote to Production/ });
    assert.equal(await promote.isDisabled(), true);
    await row.press('Enter');
    assert.equal(await promote.isDisabled(), false);
    await bob.getByText('Active — preserved for production review').waitFor();
    // Only the initiator (alice) or an admin may cancel it.
    assert.equal(await bob.getByRole('button', { name: 'Cancel Test Deployment' }).count(), 0);
    const alice = await d.as('alice');
    await alice.goto('/production-readiness');
    await alice.getByRole('row', { name: /Customer Master Sync/ }).click();
    await alice.getByRole('button', { name: 'Cancel Test Deployment' }).click();
    const modal = alice.getByRole('dialog', { name: 'Cancel Test Deployment' });
    await modal.getByLabel('Reason (optional)').fill('Superseded by a newer package');
    await modal.getByRole('button', { name: 'Confirm Cancellation' }).click();
    await alice.getByText('No test deployments ready for production').or(modal.locator('.banner-error')).waitFor();
    if (await modal.locator('.banner-error').count()) assert.fail(await modal.locator('.banner-error').innerText());
    const record = await call('queryStatus', { promotionId: promoted.promotionId });
    const p = (record.promotions as Array<Record<string, unknown>>)[0]!;
    assert.deepEqual([p.status, p.branchId], ['TEST_CANCELLED', null]);
  });

  test('Notifications: admins read the outbox; contributors cannot open it', async () => {
    const carol = await d.as('carol');
    await carol.goto('/admin/notifications');
    const row = carol.getByRole('row', { name: /Customer Master Sync/ }).first();
    await row.waitFor();
    await row.getByRole('button', { name: /Show email/ }).click();
    await carol
      .getByText(/Customer Master Sync/)
      .nth(1)
      .waitFor();
    await screenshot(carol, 'notifications');
    const alice = await d.as('alice');
    await alice.goto('/admin/notifications');
    await alice.getByText('Access denied. This page requires admin privileges.').waitFor();
  });
});
