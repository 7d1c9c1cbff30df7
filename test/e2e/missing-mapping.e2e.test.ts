import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

/**
 * Issue 12 item 7: P2 lists each dev connection that has no mapping; an admin seeds it there and
 * promotes, a contributor copies a request for an admin. Invoice Sync's "Invoice SFTP" is the
 * demo's deliberately unmapped connection.
 */
describe('a missing connection mapping, fixed from P2', { timeout: 300_000 }, () => {
  let d: Dashboard;
  const sftp = DEMO.unmappedConnections.find((c) => c.name === 'Invoice SFTP')!;
  // The admin has just set up the shared connection in the primary account's #Connections folder.
  const prodSftp = randomUUID();
  before(async () => {
    d = await startDashboard();
    d.service.emulator!.addFixture({
      components: [
        {
          accountId: DEMO.primaryAccountId,
          id: prodSftp,
          name: 'Invoice SFTP',
          type: 'connector-settings',
          subType: 'sftp',
          folder: DEMO.connectionsFolderPath,
          params: { host: 'sftp.prod.acme.example', port: 22, user: 'invoice-drop' },
        },
      ],
    });
  });
  after(async () => {
    await d?.close();
  });

  /** P1 -> P2 for Invoice Sync of Dev Team A, as a user gets there. */
  async function reviewInvoiceSync(page: Page, chooseAccount: boolean) {
    await page.goto('/packages');
    if (chooseAccount) await page.getByLabel('Select Dev Account').selectOption({ label: 'Dev Team A' });
    await page.getByRole('row', { name: /Invoice Sync/ }).click();
    await page.getByRole('button', { name: /Review for Promotion/ }).click();
    const missing = page.getByRole('region', { name: '✕ 1 connection without a mapping' });
    await missing.waitFor();
    // One connection, said in the singular everywhere.
    await page.getByText('✕ 1 connection missing mappings — promotion will fail', { exact: true }).waitFor();
    assert.equal(await page.getByText(/1 connections/).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Promote to Primary Account' }).isDisabled(), true);
    // Each dev connection with its name, type and id.
    await missing.getByText('Invoice SFTP', { exact: true }).waitFor();
    await missing.getByText('(connector-settings)').waitFor();
    await missing.getByText(sftp.devComponentId, { exact: true }).waitFor();
    await missing.getByRole('button', { name: `Copy: ${sftp.devComponentId}` }).waitFor();
    return missing;
  }

  test('alice (contributor) gets a request for an admin to copy, and no way to seed', async () => {
    const alice = await d.as('alice');
    await alice.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.url });
    const missing = await reviewInvoiceSync(alice, false);
    assert.equal(await missing.getByRole('button', { name: 'Seed mapping' }).count(), 0);
    const request = await missing.getByLabel('Request for an admin', { exact: true }).innerText();
    assert.equal(
      request.trim(),
      [
        'Please seed connection mappings for dev account Dev Team A (acme-DEVA), so that Invoice Sync v1.0.0 can be promoted:',
        `- Invoice SFTP / connector-settings / dev id ${sftp.devComponentId}`,
        'Map each to its component in the primary account\'s #Connections folder (Mapping Viewer > "Seed Connection Mapping").',
      ].join('\n'),
    );
    await missing.getByRole('button', { name: 'Copy the request for an admin' }).click();
    await missing.getByText('Copied!').waitFor();
    assert.equal(await alice.evaluate(() => navigator.clipboard.readText()), request.trim());
    await screenshot(alice, 'p2-missing-mapping-contributor');
  });

  test('carol (admin) seeds the mapping on P2, the warning goes, and the promotion succeeds', async () => {
    const carol = await d.as('carol');
    const missing = await reviewInvoiceSync(carol, true);
    const form = missing.getByRole('form', { name: 'Seed mapping for Invoice SFTP' });
    const prodId = form.getByLabel('Production connection id (#Connections)');
    await prodId.fill('Invoice SFTP');
    await form.getByRole('button', { name: 'Seed mapping' }).click();
    await form
      .getByRole('alert')
      .getByText(/must be a GUID/)
      .waitFor();
    await screenshot(carol, 'p2-missing-mapping-admin');
    await prodId.fill(prodSftp);
    await form.getByRole('button', { name: 'Seed mapping' }).click();

    // The tree is resolved again: the connection is mapped, and nothing blocks the promotion.
    await carol.getByText(/✓ Mapping seeded for Invoice SFTP\. No connection is missing a mapping now/).waitFor();
    await missing.waitFor({ state: 'detached' });
    assert.equal(await carol.getByText(/missing mappings/).count(), 0);
    await carol.getByRole('button', { name: 'Promote to Primary Account', disabled: false }).click();
    await carol
      .getByRole('dialog', { name: 'Confirm Promotion' })
      .getByRole('button', { name: 'Confirm Promotion' })
      .click();
    await carol
      .getByRole('heading', { name: 'Promotion Results' })
      .or(carol.locator('.error-page'))
      .waitFor({ timeout: 60_000 });
    if (await carol.locator('.error-page').count())
      assert.fail(`promotion refused: ${await carol.locator('.error-page').innerText()}`);

    const api = demoApi(d.url);
    const promotionId = carol.url().split('/').pop()!;
    const record = (await api.call('queryStatus', { promotionId }, 'carol')).promotions as Array<{ status: string }>;
    assert.equal(record[0]!.status, 'COMPLETED');
    const mappings = await api.call(
      'manageMappings',
      { operation: 'list', filters: { devAccountId: 'acme-DEVA', devComponentId: sftp.devComponentId } },
      'carol',
    );
    const [seeded] = mappings.mappings as Array<Record<string, string>>;
    assert.equal(seeded!.prodComponentId, prodSftp);
    assert.equal(seeded!.mappingSource, 'ADMIN_SEEDING');
    assert.equal(seeded!.componentType, 'connector-settings');
    assert.equal(seeded!.lastPromotedBy, 'carol@acme.example');
  });
});
