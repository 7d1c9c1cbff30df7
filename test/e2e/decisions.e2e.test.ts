import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE, screenshot, startDashboard, type Dashboard } from './harness.ts';
import { DEMO, type DemoPackage } from '../../emulator/index.ts';
import { demoApi } from './demo-api.ts';
import { SECRETS, secretsFixture } from '../helpers/promotion-helpers.ts';
import { describeField } from '../../web/components/promotion/environment-values.ts';

/**
 * Issue 12 items 4 and 6 in the browser: the author reads on P3 who rejected her work, when and
 * why; P3 tells a Dev -> Test -> Production promotion as one history; and what P2 says must be
 * reconfigured is exactly what the promotion strips, which P3 lists per component.
 */
describe('decisions, history and what to reconfigure (P2, P3)', { timeout: 300_000 }, () => {
  let d: Dashboard;
  const call = (action: string, body: unknown, as: string) => demoApi(d.url).call(action, body, as);
  const record = async (promotionId: string) =>
    (
      (await call('queryStatus', { promotionId, includeResults: true }, 'carol')).promotions as Array<
        Record<string, unknown>
      >
    )[0]!;

  /** alice promotes a package, deploys it to test and asks for production. */
  async function submitted(pkg: DemoPackage): Promise<{ testId: string; prodId: string }> {
    const api = demoApi(d.url);
    const testId = await api.promote(pkg);
    await api.deployToTest(testId, { existingPackId: DEMO.packs.ordersTest.id });
    return { testId, prodId: await api.submitProduction(testId) };
  }

  /** The entries of P3's history: each one's label, then its time and who. */
  const history = (page: Page) =>
    page
      .getByRole('list', { name: 'History' })
      .locator(':scope > li')
      .evaluateAll((items) =>
        items.map((li) => ({
          label: li.querySelector('.timeline-head strong')?.textContent ?? '',
          when: li.querySelector('time')?.getAttribute('datetime') ?? '',
          meta: li.querySelector('.timeline-meta')?.textContent ?? '',
          text: li.textContent ?? '',
        })),
      );

  before(async () => {
    d = await startDashboard();
    // A package whose operation carries environment values (the demo's components keep none).
    d.service.emulator!.addFixture(secretsFixture());
  });
  after(async () => {
    await d?.close();
  });

  test('bob rejects with a reason; alice follows her email to P3 and reads who, when and why', async () => {
    const { testId, prodId } = await submitted(DEMO.packages.orderProcessingMain);
    const reason = 'The mapping of orderId drops the leading zeros';
    const bob = await d.as('bob');
    await bob.goto(`/reviews/peer/${prodId}`);
    await bob.getByRole('heading', { name: 'Peer Review Detail' }).waitFor();
    await bob.getByRole('button', { name: 'Reject' }).click();
    const modal = bob.getByRole('dialog', { name: 'Reject Promotion' });
    await modal.getByLabel('Reason for Rejection').fill(reason);
    await modal.getByRole('button', { name: 'Confirm Rejection' }).click();
    await bob.getByText('The submitter has been notified with your feedback.').waitFor();
    const rejectedAt = (await record(prodId)).peerReviewedAt as string;

    // The rejection email names the promotion's page; alice opens it.
    const outbox = (await call('listNotifications', { promotionId: prodId }, 'carol')).notifications as Array<{
      kind: string;
      to: string[];
      body: string;
    }>;
    const email = outbox.find((n) => n.kind === 'PEER_REJECTED')!;
    assert.deepEqual(email.to, ['alice@acme.example']);
    const link = /Promotion: (\S+)/.exec(email.body)![1]!;
    const alice = await d.as('alice');
    await alice.goto(link);
    const alert = alice.getByRole('alert').filter({ hasText: 'Rejected in peer review' });
    await alert.waitFor();
    const said = await alert.innerText();
    assert.match(said, /Rejected in peer review by bob@acme\.example/);
    assert.ok(said.includes(reason), said);
    assert.equal(await alert.locator('time').getAttribute('datetime'), rejectedAt);
    const decisions = alice.getByRole('region', { name: 'Decisions' });
    await decisions.getByText(/Rejected\s+by bob@acme\.example/).waitFor();
    // The same in the history, last, after the test deployment it was made from.
    const entries = await history(alice);
    const last = entries.at(-1)!;
    assert.equal(last.label, 'Rejected in peer review');
    assert.match(last.meta, /bob@acme\.example/);
    assert.ok(last.text.includes(reason), last.text);
    assert.equal(entries[0]!.label, 'Promotion started');
    await screenshot(alice, 'p3-peer-rejection');

    // From the test deployment's page, the way back to the rejected request.
    await alice.getByRole('navigation', { name: 'Related records' }).getByRole('link').click();
    await alice.waitForURL(`**/promotions/${testId}`);
    const related = alice.getByRole('navigation', { name: 'Related records' });
    await related.getByText('Peer Rejected').waitFor();
    await related.getByRole('link').click();
    await alice.waitForURL(`**/promotions/${prodId}`);
    await alice.getByRole('alert').filter({ hasText: reason }).waitFor();
  });

  test('Dev -> Test -> Production: P3 of the production request shows every step, in order, with who and when', async () => {
    const { prodId } = await submitted(DEMO.packages.customerMasterSync);
    const peer = await call('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'bob');
    assert.equal(peer.newStatus, 'PENDING_ADMIN_REVIEW', JSON.stringify(peer));
    const admin = await call(
      'submitAdminReview',
      { promotionId: prodId, decision: 'APPROVED', comments: 'Tested in TEST, go ahead' },
      'carol',
    );
    assert.equal(admin.success, true, JSON.stringify(admin));
    assert.equal((await record(prodId)).status, 'DEPLOYED');

    const alice = await d.as('alice', PHONE);
    await alice.goto(`/promotions/${prodId}`);
    await alice.getByRole('list', { name: 'History' }).waitFor();
    const entries = await history(alice);
    assert.deepEqual(
      entries.map((e) => e.label),
      [
        'Promotion started',
        'Promoted to a branch of the primary account',
        'Test deployment started',
        'Deployed to Test',
        'Submitted for production',
        'Approved in peer review',
        'Approved by an admin',
        'Branch merged to main',
        'Deployed to Production',
      ],
    );
    const who = ['alice', 'alice', 'alice', 'alice', 'alice', 'bob', 'carol', 'carol', 'carol'];
    entries.forEach((e, i) => assert.ok(e.meta.includes(`${who[i]}@acme.example`), `${e.label}: ${e.meta}`));
    const times = entries.map((e) => Date.parse(e.when));
    assert.ok(
      times.every((t, i) => !Number.isNaN(t) && (i === 0 || t >= times[i - 1]!)),
      `in order: ${entries.map((e) => e.when).join(', ')}`,
    );
    assert.ok(entries[3]!.text.includes('Orders - TEST'), entries[3]!.text);
    assert.ok(entries[6]!.text.includes('Tested in TEST, go ahead'), entries[6]!.text);
    assert.ok(entries[8]!.text.includes('Production'), entries[8]!.text);
    // The decisions on top, and the whole history readable on a phone held upright.
    await alice
      .getByRole('region', { name: 'Decisions' })
      .getByText(/Approved\s+by carol@acme\.example/)
      .waitFor();
    const fits = await alice.evaluate(() => {
      const list = document.querySelector('ol.timeline')!.getBoundingClientRect();
      return { right: list.right, width: window.innerWidth, page: document.scrollingElement!.scrollWidth };
    });
    assert.ok(fits.right <= fits.width && fits.page <= fits.width, JSON.stringify(fits));
    await screenshot(alice, 'phone-p3-history');
  });

  test("P2's count of components to reconfigure is what the promotion strips; P3 lists each one's values", async () => {
    const alice = await d.as('alice');
    await alice.goto('/packages');
    await alice.getByRole('row', { name: /Secret Sync/ }).click();
    await alice.getByRole('button', { name: /Review for Promotion/ }).click();
    const badge = alice.getByText(/with credentials to reconfigure/);
    await badge.waitFor();
    const said = /(\d+) (component|components) with/.exec(await badge.innerText())!;
    const forecast = Number(said[1]);
    assert.equal(said[2], forecast === 1 ? 'component' : 'components', 'the noun agrees with the count');
    const grid = alice.getByRole('table', { name: 'Dependencies' });
    const onP2 = new Map(
      await grid
        .getByRole('list', { name: /^Stripped from / })
        .evaluateAll((lists) =>
          lists.map((l) => [
            l.getAttribute('aria-label')!.replace('Stripped from ', ''),
            Array.from(l.querySelectorAll('li')).map((li) => li.textContent ?? ''),
          ]),
        ),
    );
    assert.equal(onP2.size, forecast);
    await screenshot(alice, 'p2-stripped-values');

    await alice.getByRole('button', { name: 'Promote to Primary Account' }).click();
    const confirm = alice.getByRole('dialog', { name: 'Confirm Promotion' });
    await confirm
      .getByText(`${forecast} component${forecast === 1 ? '' : 's'} needing credential reconfiguration`)
      .waitFor();
    await confirm.getByRole('button', { name: 'Confirm Promotion' }).click();
    await alice.getByRole('heading', { name: 'Promotion Results' }).waitFor({ timeout: 60_000 });
    const promotionId = alice.url().split('/').pop()!;
    const results = (await record(promotionId)).results as Array<{
      name: string;
      configStripped: boolean;
      strippedElements: string[];
    }>;
    const stripped = results.filter((r) => r.configStripped);
    assert.equal(stripped.length, forecast, 'P2 said what the promotion then stripped');
    assert.ok(stripped.some((r) => r.name === 'Secret Sync - Post'));

    const warning = alice.getByRole('note').filter({ hasText: 'Credential Reconfiguration Required' });
    await warning.getByText('Atom Management → Environment Extensions').waitFor();
    for (const r of stripped) {
      const fields = await warning
        .getByRole('list', { name: `Stripped from ${r.name}` })
        .getByRole('listitem')
        .allInnerTexts();
      assert.deepEqual(fields, r.strippedElements.map(describeField), r.name);
      assert.deepEqual(onP2.get(r.name), fields, `P2 listed the same values for ${r.name}`);
    }
    const text = await alice.locator('main').innerText();
    for (const secret of SECRETS.values.filter((v) => v.length >= 8)) assert.ok(!text.includes(secret), secret);
    await screenshot(alice, 'p3-stripped-values');
  });
});
