import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';

/**
 * The three Phase 7 paths in the browser (20-dashboard.md §2.3, §7.3), each step signed in as the
 * demo user whose job it is: Dev -> Test -> Production, the emergency hotfix, and the rejections
 * and failures (peer rejection, admin denial, a failed test deployment retried).
 */
describe('deployment paths', { timeout: 300_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  /** P1 -> P2 -> P3 for a package of Dev Team A; returns the new promotion's id. */
  async function promote(page: Page, packageName: string, shots = false): Promise<string> {
    await page.goto('/packages');
    await page.getByRole('row', { name: new RegExp(packageName) }).click();
    if (shots) await screenshot(page, '01-p1-package-browser');
    await page.getByRole('button', { name: /Review for Promotion/ }).click();
    await page.getByRole('button', { name: 'Promote to Primary Account' }).waitFor();
    if (shots) await screenshot(page, '02-p2-promotion-review');
    await page.getByRole('button', { name: 'Promote to Primary Account' }).click();
    await page
      .getByRole('dialog', { name: 'Confirm Promotion' })
      .getByRole('button', { name: 'Confirm Promotion' })
      .click();
    // Either the results or an error page: say which error, rather than time out.
    await page
      .getByRole('heading', { name: 'Promotion Results' })
      .or(page.locator('.error-page'))
      .waitFor({ timeout: 60_000 });
    if (await page.locator('.error-page').count())
      assert.fail(`promotion refused: ${await page.locator('.error-page').innerText()}`);
    if (shots) await screenshot(page, '03-p3-promotion-status');
    return page.url().split('/').pop()!;
  }

  async function deployToTest(page: Page) {
    await page.getByRole('button', { name: /Continue to Deployment/ }).click();
    await page.getByRole('heading', { name: 'Deploy to Test Environment' }).waitFor();
    await page.getByLabel('Integration Pack').selectOption({ label: 'Orders - TEST' });
    // Every TEST environment is chosen until unticked; at least one must stay.
    const testEnv = page.getByRole('group', { name: 'Test Environments' }).getByLabel('Test');
    assert.equal(await testEnv.isChecked(), true);
    await testEnv.uncheck();
    await page.getByRole('button', { name: 'Deploy to Test' }).click();
    await page.getByText('Choose at least one environment').waitFor();
    await testEnv.check();
    await page.getByRole('button', { name: 'Deploy to Test' }).click();
  }

  async function submitHotfix(page: Page, justification: string, version: string) {
    await page.getByLabel('Deploy to Production (Emergency Hotfix)').check();
    await page.getByLabel('Hotfix Justification (Required)').fill(justification);
    await page.getByRole('button', { name: /Continue to Deployment/ }).click();
    await page.getByRole('heading', { name: 'Submit Emergency Hotfix for Peer Review' }).waitFor();
    await page.getByText(justification).waitFor();
    await page.getByLabel('Package Version').fill(version);
    await page.getByLabel('Integration Pack').selectOption({ label: 'Orders' });
    await page.getByRole('button', { name: 'Submit Emergency Hotfix for Peer Review' }).click();
    await page.getByRole('heading', { name: 'Submitted for Peer Review' }).waitFor();
    return (await page.locator('.copyable code').first().innerText()).trim();
  }

  async function peerDecision(page: Page, promotionId: string, decision: 'approve' | 'reject', shots = false) {
    await page.goto('/reviews/peer');
    await page
      .getByRole('row', { name: /Order Processing Main|Customer Master Sync/ })
      .first()
      .waitFor();
    if (shots) await screenshot(page, '07-p5-peer-review-queue');
    await page.goto(`/reviews/peer/${promotionId}`);
    await page.getByRole('heading', { name: 'Peer Review Detail' }).waitFor();
    if (shots) await screenshot(page, '08-p6-peer-review-detail');
    if (decision === 'approve') {
      await page.getByRole('button', { name: /Approve — Send to Admin Review/ }).click();
      await page
        .getByRole('dialog', { name: 'Confirm Peer Approval' })
        .getByRole('button', { name: 'Confirm Approval' })
        .click();
      await page.getByRole('heading', { name: 'Peer review approved!' }).or(page.locator('.banner-error')).waitFor();
      if (await page.locator('.banner-error').count())
        assert.fail(`peer approval refused: ${await page.locator('.banner-error').innerText()}`);
    } else {
      await page.getByRole('button', { name: 'Reject' }).click();
      const modal = page.getByRole('dialog', { name: 'Reject Promotion' });
      assert.equal(await modal.getByRole('button', { name: 'Confirm Rejection' }).isDisabled(), true);
      await modal.getByLabel('Reason for Rejection').fill('The mapping of orderId is wrong');
      await modal.getByRole('button', { name: 'Confirm Rejection' }).click();
      await page.getByText('The submitter has been notified with your feedback.').waitFor();
    }
  }

  async function status(promotionId: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${d.url}/fs/PromotionService/queryStatus`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ promotionId }),
    });
    return ((await res.json()) as { promotions: Array<Record<string, unknown>> }).promotions[0]!;
  }

  test('Dev -> Test -> Production: alice promotes and deploys to test, bob reviews, carol approves', async () => {
    const alice = await d.as('alice');
    const testId = await promote(alice, 'Order Processing Main', true);
    await deployToTest(alice);
    await alice.getByText('Successfully deployed to Test Integration Pack: Orders - TEST').waitFor({ timeout: 60_000 });
    await screenshot(alice, '04-p4-deploy-to-test');
    await alice.getByRole('button', { name: 'View in Production Readiness' }).click();
    await alice.getByRole('heading', { name: 'Production Readiness — Tested Deployments' }).waitFor();
    const row = alice.getByRole('row', { name: /Order Processing Main/ });
    await row.click();
    await screenshot(alice, '05-p9-production-readiness');
    await alice.getByRole('button', { name: /Promote to Production/ }).click();
    await alice.getByRole('heading', { name: 'Submit for Production Deployment' }).waitFor();
    await alice.getByText('Previously Tested Deployment').waitFor();
    await alice.getByLabel('Package Version').fill('1.0.1');
    await alice.getByLabel('Integration Pack').selectOption({ label: 'Orders' });
    await screenshot(alice, '06-p4-production-from-test');
    await alice.getByRole('button', { name: 'Submit for Peer Review' }).click();
    await alice.getByRole('heading', { name: 'Submitted for Peer Review' }).waitFor();
    const prodId = (await alice.locator('.copyable code').first().innerText()).trim();
    assert.notEqual(prodId, testId);

    // The submitter does not see her own request, and cannot open it by its address either.
    await alice.goto('/reviews/peer');
    await alice.getByText('No pending peer reviews').waitFor();
    await alice.goto(`/reviews/peer/${prodId}`);
    await alice.getByText('You cannot review your own submission').waitFor();
    assert.equal(await alice.getByRole('button', { name: /Approve — Send to Admin Review/ }).isDisabled(), true);

    const bob = await d.as('bob');
    await peerDecision(bob, prodId, 'approve', true);
    assert.equal((await status(prodId)).status, 'PENDING_ADMIN_REVIEW');

    const carol = await d.as('carol');
    await carol.goto(`/admin/approvals?selected=${prodId}`);
    await carol.getByText('Test Environment Validation').waitFor();
    // The request names the production pack by its id; the detail shows its name.
    await carol
      .locator('dl.facts dd', { hasText: /^Orders$/ })
      .first()
      .waitFor();
    await carol.getByText('(Production)').waitFor();
    await screenshot(carol, '09-p7-admin-approval');
    await carol.getByRole('button', { name: 'Approve and Deploy' }).click();
    await carol
      .getByRole('dialog', { name: 'Confirm Approval' })
      .getByRole('button', { name: 'Confirm Approval' })
      .dblclick();
    await carol
      .getByText(/Branch merged, packaged, and deployed successfully!/)
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(carol, '10-p7-deployed');
    const prod = await status(prodId);
    assert.equal(prod.status, 'DEPLOYED');
    assert.equal(prod.branchId, null);
    assert.equal((await status(testId)).branchId, null);

    await carol.goto('/admin/mappings');
    await carol.getByRole('row', { name: /Order Processing Main/ }).waitFor();
    await screenshot(carol, '11-p8-mapping-viewer');
    await carol.goto('/admin/notifications');
    await carol
      .getByRole('row', { name: /deployed|Deployed/ })
      .first()
      .waitFor();
    await screenshot(carol, '12-notifications');
  });

  test('emergency hotfix: bob justifies, alice reviews, dan acknowledges and approves', async () => {
    const bob = await d.as('bob');
    await promote(bob, 'Order Processing Main');
    const justification = 'Orders are being dropped in production since 09:00';
    const prodId = await submitHotfix(bob, justification, '2.0.0');

    const alice = await d.as('alice');
    await alice.goto('/reviews/peer');
    await alice.getByRole('row', { name: /EMERGENCY HOTFIX/ }).waitFor();
    await alice.goto(`/reviews/peer/${prodId}`);
    await alice.getByText('⚠ EMERGENCY HOTFIX').waitFor();
    await alice.getByText(justification).waitFor();
    await peerDecision(alice, prodId, 'approve');

    const dan = await d.as('dan');
    await dan.goto(`/admin/approvals?selected=${prodId}`);
    await dan.getByText(justification).waitFor();
    await dan.getByRole('button', { name: 'Approve and Deploy' }).click();
    const modal = dan.getByRole('dialog', { name: 'Confirm Approval' });
    await modal.getByText('This is an emergency hotfix that bypassed the test environment.').waitFor();
    assert.equal(await modal.getByRole('button', { name: 'Confirm Approval' }).isDisabled(), true);
    await modal.getByLabel('I acknowledge this is an emergency hotfix that bypassed testing').check();
    await modal.getByRole('button', { name: 'Confirm Approval' }).click();
    await dan
      .getByText(/Branch merged, packaged, and deployed successfully!/)
      .first()
      .waitFor({ timeout: 60_000 });
    const prod = await status(prodId);
    assert.equal(prod.status, 'DEPLOYED');
    assert.equal(prod.isHotfix, true);
    assert.equal(prod.hotfixJustification, justification);
  });

  test('failures: a failed test deployment is retried, a peer rejects, an admin denies', async () => {
    const alice = await d.as('alice');
    const testId = await promote(alice, 'Customer Master Sync');
    d.service.emulator!.addFault({ release: 'ERROR', times: 1 });
    await deployToTest(alice);
    const banner = alice.locator('.banner-error');
    await banner.waitFor({ timeout: 60_000 });
    assert.equal((await status(testId)).status, 'TEST_DEPLOY_FAILED');
    assert.notEqual((await status(testId)).branchId, null);
    await screenshot(alice, 'p4-test-deploy-failed');
    await banner.getByRole('button', { name: 'Retry' }).click();
    await alice.getByText('Successfully deployed to Test Integration Pack: Orders - TEST').waitFor({ timeout: 60_000 });

    // Production from that test deployment, rejected by the peer: the branch goes.
    await alice.goto(`/test-deployments/${testId}/promote`);
    await alice.getByLabel('Package Version').fill('1.0.1');
    await alice.getByLabel('Integration Pack').selectOption({ label: 'Orders' });
    await alice.getByRole('button', { name: 'Submit for Peer Review' }).click();
    await alice.getByRole('heading', { name: 'Submitted for Peer Review' }).waitFor();
    const rejectedId = (await alice.locator('.copyable code').first().innerText()).trim();
    const bob = await d.as('bob');
    await peerDecision(bob, rejectedId, 'reject');
    const rejected = await status(rejectedId);
    assert.equal(rejected.status, 'PEER_REJECTED');
    assert.equal(rejected.branchId, null);

    // A hotfix the admin denies, with a reason.
    await promote(bob, 'Customer Master Sync');
    const hotfixId = await submitHotfix(bob, 'Urgent fix for the customer mapping', '3.0.0');
    const alice2 = await d.as('alice');
    await peerDecision(alice2, hotfixId, 'approve');
    const carol = await d.as('carol');
    await carol.goto(`/admin/approvals?selected=${hotfixId}`);
    await carol.getByRole('button', { name: 'Deny' }).click();
    const modal = carol.getByRole('dialog', { name: 'Deny Deployment Request' });
    assert.equal(await modal.getByRole('button', { name: 'Confirm Denial' }).isDisabled(), true);
    await modal.getByLabel('Reason for Denial').fill('Needs a test deployment first');
    await modal.getByRole('button', { name: 'Confirm Denial' }).click();
    await carol.getByText('Deployment request denied. Submitter has been notified.').waitFor();
    const denied = await status(hotfixId);
    assert.equal(denied.status, 'ADMIN_REJECTED');
    assert.equal(denied.branchId, null);
  });
});
