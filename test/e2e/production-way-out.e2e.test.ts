import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { DEMO, type DemoPackage } from '../../emulator/index.ts';
import { demoApi } from './demo-api.ts';

/**
 * P7's two ways out of a failed production deployment (issue 11): a retry with corrected choices
 * (a new pack and version, the server's refusal of a bad one shown at its field), and a
 * cancellation with a reason that ends the record DEPLOYMENT_CANCELLED.
 */
describe('a failed production deployment on P7', { timeout: 300_000 }, () => {
  let d: Dashboard;
  const call = (action: string, body: unknown, as: string) => demoApi(d.url).call(action, body, as);
  const record = async (promotionId: string) =>
    ((await call('queryStatus', { promotionId }, 'carol')).promotions as Array<Record<string, unknown>>)[0]!;

  /** alice promotes and deploys to test, submits for production; bob peer-approves. Returns the request's id. */
  async function awaitingAdmin(pkg: DemoPackage): Promise<{ testId: string; prodId: string }> {
    const api = demoApi(d.url);
    const testId = await api.promote(pkg);
    await api.deployToTest(testId, { existingPackId: DEMO.packs.ordersTest.id });
    const prodId = await api.submitProduction(testId);
    await api.peerApprove(prodId);
    return { testId, prodId };
  }

  /** The element that a control's aria-describedby names first: its message, next to it. */
  const describedBy = (page: Page, label: string) =>
    page.getByLabel(label).evaluate((el) => {
      const id = el.getAttribute('aria-describedby')?.split(' ')[0];
      return id ? (document.getElementById(id)?.textContent ?? '') : '';
    });

  before(async () => {
    d = await startDashboard();
    // Every release of the Orders pack ends in ERROR, after the merge: the approved deployments fail.
    d.service.emulator!.addFault({ release: 'ERROR', packId: DEMO.packs.orders.id });
  });
  after(async () => {
    await d?.close();
  });

  test('dan approves, the release fails, and he retries with a new pack and version: DEPLOYED with that pack', async () => {
    const { prodId } = await awaitingAdmin(DEMO.packages.orderProcessingMain);
    const dan = await d.as('dan');
    await dan.goto(`/admin/approvals?selected=${prodId}`);
    await dan.getByRole('button', { name: 'Approve and Deploy' }).click();
    await dan
      .getByRole('dialog', { name: 'Confirm Approval' })
      .getByRole('button', { name: 'Confirm Approval' })
      .click();
    await dan.getByText(/The production deployment failed/).waitFor({ timeout: 60_000 });
    const failed = dan.getByRole('region', { name: 'Failed deployment' });
    await failed.waitFor();
    assert.equal((await record(prodId)).status, 'ADMIN_APPROVED');

    await failed.getByRole('button', { name: 'Retry with Changes' }).click();
    const form = dan.getByRole('region', { name: 'Retry with Changes' });
    // The form starts from the stored request: its version, its pack, every production environment.
    assert.equal(await form.getByLabel('Package Version').inputValue(), '1.0.0');
    assert.equal(await form.getByLabel('Integration Pack').inputValue(), DEMO.packs.orders.id);
    const production = form.getByRole('group', { name: 'Production Environments' }).getByLabel('Production');
    assert.equal(await production.isChecked(), true);
    await form.getByLabel('Package Version').fill('1.0.1');
    await form.getByLabel('Integration Pack').selectOption({ label: '+ Create New Integration Pack' });
    // A test pack's name is the service's to refuse for production; the refusal sits at its field.
    await form.getByLabel('New Pack Name').fill('Orders Retry - TEST');
    await form.getByRole('button', { name: 'Retry with These Changes' }).click();
    await dan.waitForFunction(() =>
      /TEST/.test(document.querySelector('.retry-changes .field-error[role=alert]')?.textContent ?? ''),
    );
    assert.match(await describedBy(dan, 'New Pack Name'), /production pack name must not end in " - TEST"/);
    assert.equal(await form.getByLabel('New Pack Name').getAttribute('aria-invalid'), 'true');
    assert.equal((await record(prodId)).packageVersion, '1.0.0', 'a refused retry changes nothing');
    await screenshot(dan, 'p7-retry-with-changes-refused');

    await form.getByLabel('New Pack Name').fill('Orders Retry');
    await form.getByRole('button', { name: 'Retry with These Changes' }).dblclick();
    await dan.getByText(/Branch merged, packaged, and deployed successfully!/).waitFor({ timeout: 60_000 });
    const deployed = await record(prodId);
    assert.deepEqual(
      [deployed.status, deployed.integrationPackName, deployed.packageVersion, deployed.branchId],
      ['DEPLOYED', 'Orders Retry', '1.0.1', null],
    );
    await dan.getByText('No pending approvals').waitFor();

    // P3 of the deployed request: its production runtime; stopping the schedules there asks first.
    await dan.goto(`/promotions/${prodId}`);
    const runtime = dan.getByRole('region', { name: 'Runtime in Production' });
    await runtime.getByText(DEMO.runtimes.production.name).waitFor();
    await runtime.getByText('Enabled', { exact: true }).waitFor();
    await runtime.getByRole('button', { name: 'Disable schedules in Production' }).click();
    const ask = dan.getByRole('dialog', { name: 'Disable Schedules in Production' });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    await runtime.getByText('Enabled', { exact: true }).waitFor();
    await runtime.getByRole('button', { name: 'Disable schedules in Production' }).click();
    await ask.getByRole('button', { name: 'Disable Schedules' }).click();
    await dan.getByText('Schedules disabled in Production.').waitFor();
    await runtime.getByText('Disabled', { exact: true }).waitFor();
  });

  test('carol cancels another failed deployment with a reason; P3 shows it DEPLOYMENT_CANCELLED', async () => {
    const { testId, prodId } = await awaitingAdmin(DEMO.packages.customerMasterSync);
    const approved = await call('submitAdminReview', { promotionId: prodId, decision: 'APPROVED' }, 'dan');
    assert.equal(approved.success, false, 'the release fault fails the deployment');

    const carol = await d.as('carol');
    await carol.goto(`/admin/approvals?selected=${prodId}`);
    await carol.getByRole('row', { name: /Customer Master Sync.*Deployment failed/ }).waitFor();
    await carol.getByText(/The production deployment failed: The release of Orders ended in ERROR/).waitFor();
    await carol.getByRole('button', { name: 'Cancel Deployment' }).click();
    const modal = carol.getByRole('dialog', { name: 'Cancel Production Deployment' });
    const confirm = modal.getByRole('button', { name: 'Confirm Cancellation' });
    assert.equal(await confirm.isDisabled(), true, 'a reason is required');
    await modal.getByLabel('Reason for Cancellation').fill('   ');
    assert.equal(await confirm.isDisabled(), true, 'blanks are no reason');
    const reason = 'The Orders pack cannot be released this week';
    await modal.getByLabel('Reason for Cancellation').fill(reason);
    await modal.getByText(`${reason.length} / 500 characters`).waitFor();
    await screenshot(carol, 'p7-cancel-deployment');
    await confirm.click();
    const done = carol.getByRole('status').filter({ hasText: 'Production deployment cancelled' });
    await done.waitFor();
    // The release failed after the merge: main holds the components though no pack released them.
    await done.getByText(/Main already holds the merged components/).waitFor();
    await carol.getByText('No pending approvals').waitFor();
    const cancelled = await record(prodId);
    assert.deepEqual([cancelled.status, cancelled.branchId], ['DEPLOYMENT_CANCELLED', null]);
    assert.equal((await record(testId)).status, 'TEST_CANCELLED', 'its test deployment ends with it');

    await carol.goto(`/promotions/${prodId}`);
    await carol.getByRole('heading', { name: 'Promotion Results' }).waitFor();
    await carol.locator('.page-identity').getByText('Deployment Cancelled').waitFor();
  });
});
