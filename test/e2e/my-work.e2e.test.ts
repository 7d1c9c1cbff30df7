import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE, screenshot, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

const auth = (first: string) => `Basic ${Buffer.from(`${first}@acme.example:demo-${first}`).toString('base64')}`;

/**
 * Issue 12 in the browser: a promotion its author walks away from ("Back to Packages" on P3)
 * blocks its package; P2 says so before the click, naming and linking it, and the refusal after
 * the click does too, with advice that fits its status. Its author finds it on My work, abandons
 * it with a reason, and the package promotes again; P3 abandons the next one itself.
 */
describe('My work and abandoning a walked-away promotion', { timeout: 300_000 }, () => {
  let d: Dashboard;
  const record = async (promotionId: string) => {
    const res = await fetch(`${d.url}/fs/PromotionService/queryStatus`, {
      method: 'POST',
      headers: { authorization: auth('carol'), 'content-type': 'application/json' },
      body: JSON.stringify({ promotionId }),
    });
    return ((await res.json()) as { promotions: Array<Record<string, unknown>> }).promotions[0]!;
  };

  /** P1 -> P2 for Order Processing Main (Dev Team A). */
  async function review(page: Page) {
    await page.goto('/packages');
    await page.getByRole('row', { name: /Order Processing Main/ }).click();
    await page.getByRole('button', { name: /Review for Promotion/ }).click();
    await page.getByRole('button', { name: 'Promote to Primary Account' }).waitFor();
  }
  async function promote(page: Page) {
    await page.getByRole('button', { name: 'Promote to Primary Account' }).click();
    await page
      .getByRole('dialog', { name: 'Confirm Promotion' })
      .getByRole('button', { name: 'Confirm Promotion' })
      .click();
  }

  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('walked away, warned on P2, refused with a link, abandoned on My work, promoted again', async () => {
    const alice = await d.as('alice');
    await review(alice);
    await promote(alice);
    await alice.getByRole('heading', { name: 'Promotion Results' }).waitFor({ timeout: 60_000 });
    const promotionId = alice.url().split('/').pop()!;
    const stands = alice.getByRole('region', { name: 'Where this stands' });
    await stands.getByText('It was promoted onto its branch but has not been deployed anywhere yet.').waitFor();
    await stands.getByText('You', { exact: true }).waitFor();
    await alice.getByText('This promotion stays open: find it again in').waitFor();
    await screenshot(alice, 'p3-where-this-stands');
    // Walking away: the promotion stays open, and holds its components.
    await alice.getByRole('button', { name: 'Back to Packages' }).click();
    await alice.waitForURL(/\/packages$/);

    // bob, on the same team, is told before he clicks, with the promotion named and linked.
    const bob = await d.as('bob');
    await review(bob);
    const warning = bob.getByRole('status', { name: 'Blocking promotions' });
    await warning.getByText(/An open promotion holds these components/).waitFor();
    await warning.getByText(/started by alice@acme\.example/).waitFor();
    await warning.getByText(/promoted but not deployed: open it and continue to deployment, or abandon it/).waitFor();
    const named = warning.getByRole('link', { name: 'Order Processing Main v1.0.0' });
    assert.equal(await named.getAttribute('href'), `/promotions/${promotionId}`);
    await screenshot(bob, 'p2-blocking-promotion-warning');

    // He clicks anyway: the refusal names the same promotion, with advice for its real status.
    await promote(bob);
    const error = bob.locator('.error-page');
    await error.waitFor({ timeout: 60_000 });
    await error.getByText(/It was promoted but not deployed/).waitFor();
    assert.equal(await error.getByText(/waiting for review/).count(), 0, 'no advice for a status it is not in');
    for (const button of ['Back', 'Retry', 'Home']) await error.getByRole('button', { name: button }).waitFor();
    await error.getByRole('link', { name: /Order Processing Main \(Promoted \(not submitted\)\)/ }).click();
    await bob.waitForURL(new RegExp(`/promotions/${promotionId}$`));
    await bob
      .getByRole('region', { name: 'Where this stands' })
      .getByText(/Its author, alice@acme\.example/)
      .waitFor();
    assert.equal(await bob.getByRole('button', { name: 'Abandon Promotion' }).count(), 0, 'not his to abandon');

    // alice finds it on My work and abandons it; a double click sends one request.
    await alice.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My Work' }).click();
    const row = alice.getByRole('row', { name: /Order Processing Main/ });
    await row.getByText('Promoted (not submitted)').waitFor();
    await row.getByRole('link', { name: 'Continue to deployment' }).waitFor();
    await screenshot(alice, 'my-work');
    await row.getByRole('button', { name: 'Abandon' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Abandon Promotion' });
    const confirm = dialog.getByRole('button', { name: 'Abandon Promotion' });
    assert.equal(await confirm.isDisabled(), true, 'a reason is required');
    await dialog.getByLabel('Reason for Abandoning').fill('Superseded by the next release');
    await confirm.dblclick();
    await alice
      .getByRole('status')
      .getByText(/Promotion abandoned\. The branch was deleted\./)
      .waitFor();
    await row.getByText('Abandoned', { exact: true }).waitFor();
    await row.getByText('Abandoned by alice@acme.example: Superseded by the next release').waitFor();
    const abandoned = await record(promotionId);
    assert.deepEqual(
      [abandoned.status, abandoned.branchId, abandoned.errorMessage],
      ['ABANDONED', null, 'Abandoned by alice@acme.example: Superseded by the next release'],
    );
    await alice.getByLabel('Status').selectOption({ label: 'Open (not finished)' });
    await alice.getByText('No promotions here').waitFor();
    assert.match(alice.url(), /status=OPEN/);

    // The package promotes again: nothing warns, and the promotion runs.
    await review(alice);
    assert.equal(await alice.getByRole('status', { name: 'Blocking promotions' }).count(), 0);
    await promote(alice);
    await alice.getByRole('heading', { name: 'Promotion Results' }).waitFor({ timeout: 60_000 });
    const again = alice.url().split('/').pop()!;
    assert.notEqual(again, promotionId);

    // P3 abandons one too, and then shows it finished.
    await alice.getByRole('button', { name: 'Abandon Promotion' }).click();
    await dialog.getByLabel('Reason for Abandoning').fill('Only checking the tree');
    await dialog.getByRole('button', { name: 'Abandon Promotion' }).click();
    await alice.locator('.page-identity').getByText('Abandoned').waitFor();
    await stands.getByText('Nobody — it is finished').waitFor();
    await alice.getByRole('button', { name: 'Done' }).waitFor();
    assert.equal((await record(again)).status, 'ABANDONED');

    // On a phone My work is cards, each with its status and next step.
    const phone = await d.as('alice', PHONE);
    await phone.goto('/my-work');
    const cards = phone.getByRole('list', { name: 'Promotions' });
    const card = cards.locator(':scope > li');
    await card.first().getByText('Abandoned', { exact: true }).waitFor();
    assert.equal(await card.count(), 2);
    await cards.getByRole('link', { name: 'Start again from the Package Browser' }).first().waitFor();
  });

  test('the submitter withdraws a production request from P3; its test deployment stays', async () => {
    const api = demoApi(d.url);
    const testId = await api.promote(DEMO.packages.orderProcessingMain);
    await api.deployToTest(testId, { existingPackId: DEMO.packs.ordersTest.id });
    const prodId = await api.submitProduction(testId);
    const alice = await d.as('alice');
    await alice.goto(`/promotions/${prodId}`);
    const stands = alice.getByRole('region', { name: 'Where this stands' });
    await stands.getByRole('button', { name: 'Withdraw from Review' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Withdraw from Review' });
    await dialog.getByLabel('Reason for Withdrawing (optional)').fill('Wrong pack version');
    await dialog.getByRole('button', { name: 'Withdraw from Review' }).dblclick();
    await stands.getByText(/Withdrawn from review\. Its test deployment is kept/).waitFor();
    await alice.locator('.page-identity').getByText('Withdrawn').waitFor();
    await stands.getByRole('link', { name: 'Open its test deployment' }).click();
    await alice.waitForURL(new RegExp(`/promotions/${testId}$`));
    await stands.getByRole('link', { name: 'Promote it to production' }).waitFor();
    assert.deepEqual([(await record(prodId)).status, (await record(testId)).status], ['WITHDRAWN', 'TEST_DEPLOYED']);
    // bob (a peer, not the submitter) is offered no withdrawal of someone else's request.
    const again = await api.submitProduction(testId);
    const bob = await d.as('bob');
    await bob.goto(`/promotions/${again}`);
    await bob.getByRole('region', { name: 'Where this stands' }).getByRole('link', { name: 'Review it' }).waitFor();
    assert.equal(await bob.getByRole('button', { name: 'Withdraw from Review' }).count(), 0);
  });
});
