import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE, screenshot, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

/** A `datetime-local` value `minutes` from now, in the browser's own time zone. */
const localIn = (page: Page, minutes: number) =>
  // A string, not a function: the test's compiler would name inner functions with a helper the page lacks.
  page.evaluate<string>(`(() => {
    const d = new Date(Date.now() + ${minutes} * 60000);
    const two = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + 'T' + two(d.getHours()) + ':' + two(d.getMinutes());
  })()`);

// Issue 14 item 5: an admin creates freeze windows, everyone sees the freeze, and an approval is
// scheduled (into the freeze: it waits) and then called off.
describe('freeze windows and scheduled deployments', { timeout: 300_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('create windows, see the banner, schedule a deployment and cancel it', async () => {
    const carol = await d.as('carol');
    await carol.goto('/admin/freeze-windows');
    await carol.getByText('No freeze windows').waitFor();

    // A recurring window: the form previews its next starts, and names a bad expression.
    await carol.getByRole('button', { name: 'Add freeze window' }).click();
    const form = carol.getByRole('form', { name: 'Add freeze window' });
    await form.getByLabel('Recurring').check();
    await form.getByLabel('Name').fill('Christmas');
    await form.getByLabel('Starts on (cron expression)').fill('61 18 * * 5');
    await form.getByText(/Invalid value for minute/).waitFor();
    await form.getByLabel('Starts on (cron expression)').fill('0 18 24 12 *');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByLabel('Lasts (minutes)').fill('3780');
    const starts = form.getByRole('list', { name: 'Next starts' }).getByRole('listitem');
    await starts.first().waitFor();
    assert.equal(await starts.count(), 3);
    assert.match(await starts.first().innerText(), /18:00 Europe\/Berlin/);
    await form.getByRole('button', { name: 'Save freeze window' }).click();
    await carol.getByText('Freeze window Christmas saved.').waitFor();

    // A one-off window in force now: the banner shows on this page, on P7 and on P9.
    await carol.getByRole('button', { name: 'Add freeze window' }).click();
    const once = carol.getByRole('form', { name: 'Add freeze window' });
    await once.getByLabel('Name').fill('Quarter close');
    await once.getByLabel('Starts (your local time)').fill(await localIn(carol, -60));
    await once.getByLabel('Ends (your local time)').fill(await localIn(carol, 180));
    await once.getByRole('button', { name: 'Save freeze window' }).click();
    await carol.getByText('Freeze window Quarter close saved.').waitFor();
    const list = carol.getByRole('list', { name: 'Freeze windows' });
    await list.getByRole('listitem').filter({ hasText: 'Quarter close' }).getByText('Active now').waitFor();
    await list.getByRole('listitem').filter({ hasText: 'Christmas' }).getByText('Upcoming', { exact: true }).waitFor();
    await carol
      .getByRole('status', { name: 'Production freeze' })
      .getByText(/frozen by ‘Quarter close’/)
      .waitFor();

    const api = demoApi(d.url);
    const prodId = await api.submitHotfix(await api.promote(DEMO.packages.orderProcessingMain));
    await api.peerApprove(prodId);

    const alice = await d.as('alice', PHONE);
    await alice.goto('/production-readiness');
    await alice.getByRole('status', { name: 'Production freeze' }).waitFor();

    await carol.goto(`/admin/approvals?selected=${prodId}`);
    await carol.getByRole('status', { name: 'Production freeze' }).waitFor();
    await carol.getByRole('button', { name: 'Approve and Deploy' }).click();
    const modal = carol.getByRole('dialog', { name: 'Confirm Approval' });
    await modal.getByText(/a deployment now is refused/).waitFor();
    await modal.getByLabel('Schedule for').check();
    await modal.getByLabel('Deploy at (your local time)').fill(await localIn(carol, 90));
    await modal.getByText(/falls in the freeze window ‘Quarter close’/).waitFor();
    await modal.getByLabel('I acknowledge this is an emergency hotfix that bypassed testing').check();
    await modal.getByRole('button', { name: 'Confirm and Schedule' }).click();
    await carol.getByText(/Approved\. The production deployment is scheduled for/).waitFor();

    const scheduled = carol.getByRole('list', { name: 'Scheduled production deployments' });
    const item = scheduled.getByRole('listitem').filter({ hasText: 'Order Processing Main' });
    await item.getByText(/scheduled by carol@acme\.example/).waitFor();
    await item.getByText(/Waiting for freeze window 'Quarter close'/).waitFor();
    await screenshot(carol, 'freeze-p7-scheduled');

    // Contributors see it too (P9), without the Cancel button.
    await alice.reload();
    await alice
      .getByRole('list', { name: 'Scheduled production deployments' })
      .getByText(/Order Processing Main/)
      .waitFor();
    assert.equal(await alice.getByRole('button', { name: /Cancel the scheduled deployment/ }).count(), 0);

    await item.getByRole('button', { name: /Cancel the scheduled deployment of Order Processing Main/ }).click();
    const cancel = carol.getByRole('dialog', { name: 'Cancel Scheduled Deployment' });
    await cancel.getByLabel('Reason (optional)').fill('Wrong day');
    await cancel.getByRole('button', { name: 'Cancel Schedule' }).click();
    await carol.getByText(/is cancelled; it stays approved/).waitFor();
    const status = await api.call('queryStatus', { promotionId: prodId }, 'carol');
    const record = (status.promotions as Array<Record<string, unknown>>)[0]!;
    assert.deepEqual([record.status, record.scheduledDeployAt, record.jobId], ['ADMIN_APPROVED', null, null]);

    // The windows go: delete with a confirmation.
    await carol.goto('/admin/freeze-windows');
    await carol.getByRole('button', { name: 'Delete Quarter close' }).click();
    await carol.getByRole('dialog', { name: 'Delete Freeze Window' }).getByRole('button', { name: 'Delete' }).click();
    await carol.getByText('Freeze window Quarter close deleted.').waitFor();
    assert.equal(await carol.getByRole('status', { name: 'Production freeze' }).count(), 0);
  });
});
