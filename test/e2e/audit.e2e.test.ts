import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

// Issue 16 item 5: the Audit page lists and filters the hash-chained trail, verifies the chain on
// demand and exports what the filters select.
describe('audit trail page', { timeout: 300_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('an admin filters the trail, verifies the chain and exports it; a developer has no door', async () => {
    const promotionId = await demoApi(d.url).promote(DEMO.packages.orderProcessingMain);

    const carol = await d.as('carol');
    await carol.getByRole('link', { name: 'Audit Trail' }).click();
    const table = carol.getByRole('table', { name: 'Audit events' });
    await table.getByText(promotionId).first().waitFor();

    await carol.getByRole('button', { name: 'Verify chain' }).click();
    const result = carol.getByRole('status', { name: 'Verification result' });
    await result.getByText(/The audit trail verifies: \d+ events? checked/).waitFor();
    assert.match(await result.innerText(), /hash [0-9a-f]{64}/);

    const filters = carol.getByRole('form', { name: 'Filter audit events' });
    await filters.getByLabel('Promotion ID').fill(promotionId);
    await filters.getByLabel('Action').fill('promotion_completed');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    const rows = table.locator('tbody tr');
    await carol.waitForFunction((id) => {
      const cells = Array.from(document.querySelectorAll('table[aria-label="Audit events"] tbody tr'));
      return cells.length === 1 && cells[0]!.textContent!.includes(id);
    }, promotionId);
    assert.match(await rows.first().innerText(), /PROMOTION_COMPLETED/);
    await rows.first().getByRole('button', { name: 'Show details' }).click();
    await table.getByText('Previous hash').waitFor();
    await screenshot(carol, 'audit-trail');

    const [download] = await Promise.all([
      carol.waitForEvent('download'),
      carol.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^audit-trail-.*\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
    assert.match(csv[0]!, /^chainSeq,id,occurredAt,actor,action,promotionId,.*,prevHash,hash$/);
    assert.equal(csv.length, 2, csv.join('\n'));
    assert.match(csv[1]!, new RegExp(`alice@acme\\.example,PROMOTION_COMPLETED,${promotionId},`));

    // An event changed behind the service's back: the next verification names it.
    const found = await d.service.db.query<{ id: string }>(
      "select id from audit_event where action = 'PROMOTION_COMPLETED' and promotion_id = $1",
      [promotionId],
    );
    const eventId = found.rows[0]!.id;
    await d.service.db.transaction(async (tx) => {
      await tx.query('alter table audit_event disable trigger audit_event_no_update');
      await tx.query(`update audit_event set details = '{"componentsCreated": 0}' where id = $1`, [eventId]);
      await tx.query('alter table audit_event enable trigger audit_event_no_update');
    });
    await carol.getByRole('button', { name: 'Verify chain' }).click();
    const failed = carol.getByRole('alert', { name: 'Verification result' });
    await failed.getByText(`The audit trail does not verify: Content changed at event #${eventId}.`).waitFor();
    await screenshot(carol, 'audit-trail-tampered');

    const alice = await d.as('alice');
    assert.equal(await alice.getByRole('link', { name: 'Audit Trail' }).count(), 0);
    await alice.goto('/admin/audit');
    await alice.getByText('Access denied. This page requires admin privileges.').waitFor();
  });
});
