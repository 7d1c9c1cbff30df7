import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { PHONE, screenshot, startDashboard, type Dashboard } from './harness.ts';

/**
 * What nothing on a phone may do: scroll the page sideways, or reach past the window's right or
 * left edge, except inside an element that scrolls or clips on its own (a diff body, a table
 * left as a table). Returns those inner scrollers, so a page can say which it expects.
 */
async function assertFits(page: Page, where: string): Promise<string[]> {
  const r = await page.evaluate(() => {
    const width = window.innerWidth;
    const offenders: string[] = [];
    const scrollers = new Set<string>();
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.left >= -0.5 && box.right <= width + 0.5) continue;
      // Off-screen on purpose, for screen readers and keyboard users.
      if (el.matches('.skip-link:not(:focus), .sr-only')) continue;
      let clip = el.parentElement;
      while (clip && clip !== document.body && getComputedStyle(clip).overflowX === 'visible')
        clip = clip.parentElement;
      // Named by tag and classes; no helper function, since tsx would wrap it in a name-keeping call the page lacks.
      const at = clip && clip !== document.body ? clip : el;
      const name = [at.tagName.toLowerCase(), ...Array.from(at.classList)].join('.');
      if (at !== el) scrollers.add(name);
      else
        offenders.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}] ${el.textContent?.slice(0, 40)}`);
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, width, offenders, scrollers: [...scrollers] };
  });
  assert.equal(r.width, 390, `${where}: the phone's window`);
  assert.ok(r.scrollWidth <= r.width, `${where}: the page is ${r.scrollWidth}px wide in a ${r.width}px window`);
  assert.deepEqual(r.offenders.slice(0, 10), [], `${where}: elements past the window's edge`);
  return r.scrollers;
}

/** The grid's cards are on screen and its table, still in the page for wider screens, is not. */
async function assertCards(page: Page, name: string) {
  await page.getByRole('list', { name }).waitFor();
  const table = page.getByRole('table', { name, includeHidden: true });
  assert.equal(await table.count(), 1, `${name}: the table is in the page`);
  assert.equal(await table.isVisible(), false, `${name}: the table is hidden on a phone`);
}

/** A control as wide as its container's content box (the phone's stacked, full-width buttons). */
async function assertFullWidth(page: Page, name: string | RegExp) {
  const [own, room] = await page.getByRole('button', { name }).evaluate((el) => {
    const parent = el.parentElement!;
    const s = getComputedStyle(parent);
    return [
      el.getBoundingClientRect().width,
      parent.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),
    ];
  });
  assert.ok(Math.abs(own - room) <= 1, `"${name}" is ${own}px wide in ${room}px`);
}

/** Waits until the focus is on the element (or, `within`, inside it): pages move it in effects, after drawing. */
async function waitForFocus(locator: Locator, within = false) {
  const el = await locator.elementHandle();
  await locator
    .page()
    .waitForFunction(
      ({ el, within }) => (within ? !!el?.contains(document.activeElement) : el === document.activeElement),
      { el, within },
    );
}

// 20-dashboard.md §3.9 and §5 (responsive): what a reviewer does away from a desk, at 390 x 844.
describe('phone layouts (390 x 844)', { timeout: 300_000 }, () => {
  let d: Dashboard;
  let prodId = '';
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('alice on her phone: the menu, P3 results as cards with a unified diff, test deployment, P9', async () => {
    const alice = await d.as('alice', PHONE);
    // The menu folds behind one button; it opens as a list and closes once a page is chosen.
    const menu = alice.getByRole('button', { name: 'Menu' });
    const nav = alice.getByRole('navigation', { name: 'Main' });
    await alice.getByRole('button', { name: 'Menu', expanded: false }).waitFor();
    assert.equal(await nav.isVisible(), false);
    await menu.tap();
    await nav.getByRole('link', { name: 'Production Readiness' }).waitFor();
    await assertFits(alice, 'the open menu');
    await screenshot(alice, 'phone-menu');
    await nav.getByRole('link', { name: 'Package Browser' }).tap();
    await nav.waitFor({ state: 'hidden' });
    await alice.getByRole('button', { name: 'Menu', expanded: false }).waitFor();

    await alice.getByRole('row', { name: /Order Processing Main/ }).tap();
    await alice.getByRole('button', { name: /Review for Promotion/ }).tap();
    await alice.getByRole('button', { name: 'Promote to Primary Account' }).tap();
    await alice
      .getByRole('dialog', { name: 'Confirm Promotion' })
      .getByRole('button', { name: 'Confirm Promotion' })
      .tap();
    await alice.getByRole('heading', { name: 'Promotion Results' }).waitFor({ timeout: 60_000 });
    const testId = alice.url().split('/').pop()!;

    // P3: one card per component, with what the grid says about it.
    await assertCards(alice, 'Promotion results');
    const card = alice
      .getByRole('list', { name: 'Promotion results' })
      .getByRole('listitem')
      .filter({ hasText: 'Order JSON Profile' });
    for (const text of ['profile', 'CREATE', '✓ SUCCESS', 'Prod Component', 'Config Stripped', '✓ No'])
      await card.getByText(text, { exact: true }).waitFor();
    await assertFits(alice, 'P3');
    await assertFullWidth(alice, /Continue to Deployment/);

    // The demo's first promotion only creates components; its diff is answered as an update with
    // one changed line, so the viewer has a Split/Unified choice to hide.
    await alice.route('**/fs/PromotionService/generateComponentDiff', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { branchXml: string };
      const mainXml = body.branchXml.replace('<bns:description/>', '<bns:description>old</bns:description>');
      await route.fulfill({ response: res, json: { ...body, componentAction: 'UPDATE', mainXml } });
    });
    await card.getByRole('button', { name: 'View New' }).tap();
    await alice.getByRole('table', { name: 'XML differences' }).waitFor();
    await alice.getByText('main → branch').waitFor();
    assert.equal(await alice.getByRole('radiogroup', { name: 'Diff layout' }).count(), 0, 'no Split on a phone');
    const toolbar = alice.getByRole('toolbar', { name: 'Diff view controls' });
    assert.equal(await toolbar.evaluate((el) => getComputedStyle(el).flexDirection), 'column');
    await assertFullWidth(alice, 'Enable line wrapping');
    const scrollers = await assertFits(alice, 'P3 with a diff open');
    assert.ok(
      scrollers.every((s) => /xd-/.test(s)),
      `only the diff scrolls or clips inside itself: ${scrollers.join(', ')}`,
    );
    await screenshot(alice, 'phone-p3-promotion-status');

    // Wider, the same page is the desktop page again (table, Split chosen); narrower, the phone page.
    await alice.setViewportSize({ width: 1280, height: 720 });
    await alice.getByRole('table', { name: 'Promotion results' }).waitFor();
    await alice.getByRole('list', { name: 'Promotion results' }).waitFor({ state: 'hidden' });
    await alice.getByRole('radio', { name: 'Split', checked: true }).waitFor();
    await menu.waitFor({ state: 'hidden' });
    await nav.getByRole('link', { name: 'Peer Review Queue' }).waitFor();
    await alice.setViewportSize(PHONE.viewport!);
    await alice.getByRole('list', { name: 'Promotion results' }).waitFor();
    await alice.getByRole('radiogroup', { name: 'Diff layout' }).waitFor({ state: 'detached' });
    await alice.getByRole('button', { name: 'Close diff' }).tap();
    await alice.unroute('**/fs/PromotionService/generateComponentDiff');

    // The credential warning folds to its title on a phone. The demo's components keep no
    // credentials of their own, so one result is answered as stripped.
    await alice.route('**/fs/PromotionService/queryStatus', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { promotions: Array<{ results?: Array<Record<string, unknown>> }> };
      const profile = body.promotions[0]?.results?.find((r) => r.name === 'Order JSON Profile');
      if (profile) Object.assign(profile, { configStripped: true, strippedElements: ['@url'] });
      await route.fulfill({ response: res, json: body });
    });
    await alice.reload();
    const warning = alice.getByRole('button', { name: /Credential Reconfiguration Required/ });
    assert.equal(await warning.getAttribute('aria-expanded'), 'false');
    const where = alice.getByText(/Atom Management → Environment Extensions/);
    assert.equal(await where.isVisible(), false);
    await warning.tap();
    await where.waitFor();
    await alice.getByRole('list', { name: 'Stripped from Order JSON Profile' }).getByText('url (attribute)').waitFor();
    await alice.getByRole('note').getByText('Order JSON Profile').waitFor();
    await assertFits(alice, 'P3 with the credential warning open');
    await warning.tap();
    await alice.getByRole('button', { name: /Credential Reconfiguration Required/, expanded: false }).waitFor();
    await alice.unroute('**/fs/PromotionService/queryStatus');

    // P4 (test), then P9: cards with the branch age; a tap selects one and shows its detail.
    await alice.getByRole('button', { name: /Continue to Deployment/ }).tap();
    await alice.getByRole('heading', { name: 'Deploy to Test Environment' }).waitFor();
    await alice.getByLabel('Integration Pack').selectOption({ label: 'Orders - TEST' });
    await assertFits(alice, 'P4 (test)');
    await alice.getByRole('button', { name: 'Deploy to Test' }).tap();
    await alice.getByText('Successfully deployed to Test Integration Pack: Orders - TEST').waitFor({ timeout: 60_000 });
    await alice.getByRole('button', { name: 'View in Production Readiness' }).tap();
    await alice.getByRole('heading', { name: 'Production Readiness — Tested Deployments' }).waitFor();
    await assertCards(alice, 'Test deployments');
    const tested = alice.getByRole('list', { name: 'Test deployments' }).getByRole('listitem');
    assert.equal(await tested.count(), 1);
    await tested.getByText('Branch age: 0 days').waitFor();
    await tested.getByText('Orders - TEST').waitFor();
    const target = tested.getByRole('button', { name: /Order Processing Main/ });
    assert.equal(await target.getAttribute('aria-pressed'), 'false');
    await target.tap();
    await tested.getByRole('button', { name: /Order Processing Main/, pressed: true }).waitFor();
    await alice.getByText('Active — preserved for production review').waitFor();
    await alice.getByText(testId, { exact: true }).waitFor();
    await assertFits(alice, 'P9 with a test deployment selected');
    await assertFullWidth(alice, /Promote to Production/);
    await screenshot(alice, 'phone-p9-production-readiness');
    await alice.getByRole('button', { name: /Promote to Production/ }).tap();
    await alice.getByRole('heading', { name: 'Submit for Production Deployment' }).waitFor();
    await alice.getByLabel('Package Version').fill('1.0.1');
    await alice.getByLabel('Integration Pack').selectOption({ label: 'Orders' });
    await assertFits(alice, 'P4 (production from test)');
    await alice.getByRole('button', { name: 'Submit for Peer Review' }).tap();
    await alice.getByRole('heading', { name: 'Submitted for Peer Review' }).waitFor();
    prodId = (await alice.locator('.copyable code').first().innerText()).trim();
    assert.notEqual(prodId, testId);
  });

  test('bob peer-reviews on his phone: P5 cards, P6, approve', async () => {
    assert.ok(prodId, 'the production request of the first test');
    const bob = await d.as('bob', PHONE);
    await bob.getByRole('button', { name: 'Menu' }).tap();
    await bob.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Peer Review Queue' }).tap();
    await bob.getByRole('heading', { name: 'Peer Review Queue' }).waitFor();
    await assertCards(bob, 'Pending peer reviews');
    const card = bob.getByRole('list', { name: 'Pending peer reviews' }).getByRole('listitem');
    assert.equal(await card.count(), 1);
    for (const text of ['PENDING_PEER_REVIEW', 'PRODUCTION', 'alice@acme.example'])
      await card.getByText(text, { exact: true }).waitFor();
    await card.getByText(/\(today\)$/).waitFor();
    await assertFits(bob, 'P5');
    await screenshot(bob, 'phone-p5-peer-review-queue');

    // The card is reachable by keyboard too: Enter on its title opens the review.
    await card.getByRole('button', { name: /Order Processing Main/ }).focus();
    await bob.keyboard.press('Enter');
    await bob.waitForURL(new RegExp(`/reviews/peer/${prodId}$`));
    await bob.getByRole('heading', { name: 'Peer Review Detail' }).waitFor();
    await bob.getByText('Previously Tested').waitFor();
    await assertCards(bob, 'Promotion results');
    await assertFits(bob, 'P6');
    await assertFullWidth(bob, /Approve — Send to Admin Review/);
    await assertFullWidth(bob, 'Reject');
    await screenshot(bob, 'phone-p6-peer-review-detail');

    await bob.getByLabel('Peer Review Comments').fill('Checked on my phone');
    await bob.getByRole('button', { name: /Approve — Send to Admin Review/ }).tap();
    const modal = bob.getByRole('dialog', { name: 'Confirm Peer Approval' });
    await modal.waitFor();
    await assertFits(bob, 'P6 confirmation');
    await modal.getByRole('button', { name: 'Confirm Approval' }).tap();
    await bob.getByRole('heading', { name: 'Peer review approved!' }).or(bob.locator('.banner-error')).waitFor();
    if (await bob.locator('.banner-error').count())
      assert.fail(`peer approval refused: ${await bob.locator('.banner-error').innerText()}`);
  });

  test('carol approves on her phone: P7 cards, the detail full screen, approve and deploy', async () => {
    assert.ok(prodId, 'the production request of the first test');
    const carol = await d.as('carol', PHONE);
    await carol.goto('/admin/approvals');
    await carol.getByRole('heading', { name: 'Deployment Approval Queue' }).waitFor();
    await assertCards(carol, 'Pending approvals');
    const card = carol.getByRole('list', { name: 'Pending approvals' }).getByRole('listitem');
    assert.equal(await card.count(), 1);
    for (const text of ['Awaiting Admin Review', 'PRODUCTION', 'alice@acme.example', 'bob@acme.example'])
      await card.getByText(text, { exact: true }).waitFor();
    await assertFits(carol, 'P7');
    await screenshot(carol, 'phone-p7-approval-queue');

    // A tap opens the detail over the whole screen; focus goes in, Escape closes it and goes back.
    const target = card.getByRole('button', { name: /Order Processing Main/ });
    await target.tap();
    const overlay = carol.getByRole('dialog', { name: /Order Processing Main/ });
    await overlay.waitFor();
    await carol.waitForURL(new RegExp(`selected=${prodId}$`));
    await waitForFocus(overlay, true);
    const box = await overlay.boundingBox();
    assert.deepEqual(box, { x: 0, y: 0, width: 390, height: 844 }, 'the detail covers the screen');
    await overlay.getByText('Test Environment Validation').waitFor();
    await assertCards(carol, 'Promotion results');
    await assertFits(carol, 'P7 detail');
    await assertFullWidth(carol, 'Approve and Deploy');
    await screenshot(carol, 'phone-p7-detail-overlay');
    await carol.keyboard.press('Shift+Tab');
    await waitForFocus(overlay, true);
    await carol.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    await waitForFocus(target);
    await card.getByRole('button', { name: /Order Processing Main/, pressed: false }).waitFor();

    // The Close control closes it too.
    await target.tap();
    await overlay.getByRole('button', { name: 'Close details' }).tap();
    await overlay.waitFor({ state: 'detached' });

    // Turned to a laptop's width, the detail is back in the page, keeping what was typed.
    await target.tap();
    await overlay.getByLabel('Admin Comments').fill('Approved from my phone');
    await carol.setViewportSize({ width: 1280, height: 720 });
    await carol.getByRole('table', { name: 'Pending approvals' }).waitFor();
    await overlay.waitFor({ state: 'detached' });
    assert.equal(await carol.getByLabel('Admin Comments').inputValue(), 'Approved from my phone');
    await carol.setViewportSize(PHONE.viewport!);
    await overlay.waitFor();
    assert.equal(await overlay.getByLabel('Admin Comments').inputValue(), 'Approved from my phone');

    // The confirmation opens above the detail; Escape closes the confirmation only.
    await overlay.getByRole('button', { name: 'Approve and Deploy' }).tap();
    const confirm = carol.getByRole('dialog', { name: 'Confirm Approval' });
    await confirm.waitFor();
    // Focus goes to the dialog's first control: when to deploy.
    await waitForFocus(confirm.getByRole('radio', { name: 'Deploy now' }));
    await carol.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await overlay.isVisible(), true, 'the detail stays open');
    await overlay.getByRole('button', { name: 'Approve and Deploy' }).tap();
    await assertFits(carol, 'P7 confirmation');
    await confirm.getByRole('button', { name: 'Confirm Approval' }).tap();
    const done = carol.getByText(/Branch merged, packaged, and deployed successfully!/);
    await done.or(carol.locator('.banner-error')).first().waitFor({ timeout: 60_000 });
    if (await carol.locator('.banner-error').count())
      assert.fail(`approval refused: ${await carol.locator('.banner-error').first().innerText()}`);
    await overlay.waitFor({ state: 'detached' });
    await waitForFocus(done);
    await carol.getByText('No pending approvals').waitFor();
    await assertFits(carol, 'P7 after the approval');

    const res = await fetch(`${d.url}/fs/PromotionService/queryStatus`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ promotionId: prodId }),
    });
    const prod = ((await res.json()) as { promotions: Array<Record<string, unknown>> }).promotions[0]!;
    assert.equal(prod.status, 'DEPLOYED');
    assert.equal(prod.adminComments, 'Approved from my phone', 'the comments typed before turning the phone');

    // The other pages are not laid out for phones, but their wide tables scroll inside their frame.
    for (const path of ['/packages', '/admin/mappings', '/admin/notifications']) {
      await carol.goto(path);
      if (path === '/packages') await carol.getByLabel('Select Dev Account').selectOption({ label: 'Dev Team A' });
      await carol.getByRole('table').first().waitFor();
      const scrollers = await assertFits(carol, path);
      assert.ok(
        scrollers.every((s) => s.startsWith('div.table-wrap')),
        `${path}: only tables scroll inside themselves: ${scrollers}`,
      );
    }
  });
});
