import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

/** Within one of the queues' 10 s refreshes, with room for a slow machine. */
const NEXT_REFRESH = 25_000;

/**
 * Issue 12 item 5: the queues refresh themselves while open, a decision the user is typing stays
 * put while they do, and the user's own action shows at once, on this page and the next.
 */
describe('live queues', { timeout: 300_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  /** From now on, whether `text` ever shows on the page at `path` (in this tab, across navigations). */
  const watchFor = (page: Page, path: string, text: string) =>
    page.evaluate(
      ({ path, text }) => {
        const w = window as unknown as { seen: boolean };
        w.seen = false;
        new MutationObserver(() => {
          if (location.pathname === path && document.querySelector('main')?.textContent?.includes(text)) w.seen = true;
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      },
      { path, text },
    );
  const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: boolean }).seen);

  test('P7 and P5 take in new requests while open; the decision being typed stays; own decisions show at once', async () => {
    const api = demoApi(d.url);
    const carol = await d.as('carol');
    await carol.goto('/admin/approvals');
    await carol.getByText('No pending approvals').waitFor();
    const updated = carol.getByText(/^Updated \d\d:\d\d:\d\d$/);
    const firstRead = await updated.innerText();

    // alice's hotfix, peer-approved by bob, reaches carol's open queue without a reload.
    const first = await api.submitHotfix(await api.promote(DEMO.packages.orderProcessingMain));
    await api.peerApprove(first);
    const firstRow = carol.getByRole('row', { name: /Order Processing Main/ });
    await firstRow.waitFor({ timeout: NEXT_REFRESH });
    assert.notEqual(await updated.innerText(), firstRead, 'the time of the last read moved on');

    // carol opens it and starts on her comments.
    await firstRow.click();
    const comments = carol.getByLabel('Admin Comments');
    await comments.fill('Checking the runtime first');

    // bob has his queue open when alice's next hotfix arrives; he approves it on P6.
    const bob = await d.as('bob');
    await bob.goto('/reviews/peer');
    await bob.getByText('No pending peer reviews').waitFor();
    const second = await api.submitHotfix(await api.promote(DEMO.packages.customerMasterSync));
    const secondRow = bob.getByRole('row', { name: /Customer Master Sync/ });
    await secondRow.waitFor({ timeout: NEXT_REFRESH });
    await secondRow.click();
    await bob.waitForURL(new RegExp(`/reviews/peer/${second}$`));
    await bob.getByRole('button', { name: /Approve — Send to Admin Review/ }).click();
    await bob
      .getByRole('dialog', { name: 'Confirm Peer Approval' })
      .getByRole('button', { name: 'Confirm Approval' })
      .click();
    await bob.getByRole('heading', { name: 'Peer review approved!' }).waitFor();
    // Back in the queue, the request he just approved is never shown again, not even for a moment.
    await watchFor(bob, '/reviews/peer', 'Customer Master Sync');
    await bob.getByRole('link', { name: '← Back to Peer Review Queue' }).click();
    await bob.getByText('No pending peer reviews').waitFor();
    assert.equal(await seen(bob), false, 'P5 showed the request bob had just approved');

    // The approved request reaches carol's queue; what she typed is still there, her panel open.
    await carol.getByRole('row', { name: /Customer Master Sync/ }).waitFor({ timeout: NEXT_REFRESH });
    assert.equal(await comments.inputValue(), 'Checking the runtime first');

    // Her own denial shows at once, long before the next refresh: the request leaves her queue.
    await carol.getByRole('button', { name: 'Deny' }).click();
    const deny = carol.getByRole('dialog', { name: 'Deny Deployment Request' });
    await deny.getByLabel('Reason for Denial').fill('Wait for the fix of the order totals');
    const clicked = Date.now();
    await deny.getByRole('button', { name: 'Confirm Denial' }).click();
    await carol.getByText('Deployment request denied. Submitter has been notified.').waitFor();
    await firstRow.waitFor({ state: 'detached', timeout: 5_000 });
    assert.ok(Date.now() - clicked < 5_000);
    await carol.getByRole('row', { name: /Customer Master Sync/ }).waitFor();
    const record = await api.call('queryStatus', { promotionId: first }, 'carol');
    assert.equal((record.promotions as Array<{ status: string }>)[0]!.status, 'ADMIN_REJECTED');

    // The Refresh button reads the queue again on demand.
    await Promise.all([
      carol.waitForRequest('**/fs/PromotionService/queryAdminReviewQueue'),
      carol.getByRole('button', { name: 'Refresh' }).click(),
    ]);
  });
});
