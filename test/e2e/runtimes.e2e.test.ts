import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, screenshot, startDashboard, type Dashboard } from './harness.ts';
import { DEMO, type DemoPackage } from '../../emulator/index.ts';
import { demoApi } from './demo-api.ts';

const WARNING = /'Production' has no online runtime/;

/**
 * Runtimes in the dashboard (issue 11): the environments' runtime state and warnings before a
 * deployment is made (P4) or approved (P7), and P3's runtime panel with the admin's switches.
 */
describe('runtimes in the dashboard', { timeout: 300_000 }, () => {
  let d: Dashboard;
  const call = (action: string, body: unknown, as: string) => demoApi(d.url).call(action, body, as);

  /** alice promotes the package through the API; returns the COMPLETED promotion's id. */
  const promoted = (pkg: DemoPackage) => demoApi(d.url).promote(pkg);

  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('with the Production runtime OFFLINE, P4 warns before the submission and P7 before the approval', async () => {
    const testId = await promoted(DEMO.packages.orderProcessingMain);
    d.service.emulator!.setAtomStatus(DEMO.runtimes.production.id, 'OFFLINE');
    try {
      const alice = await d.as('alice');
      // Test: its runtime is online, nothing to warn about.
      await alice.goto(`/promotions/${testId}/deploy?mode=test`);
      const testEnvs = alice.getByRole('group', { name: 'Test Environments' });
      await testEnvs.getByText(DEMO.runtimes.test.name).waitFor();
      await testEnvs.getByText('ONLINE', { exact: true }).waitFor();
      assert.equal(await alice.getByRole('region', { name: 'Runtime warnings' }).count(), 0);
      await alice.getByLabel('Integration Pack').selectOption({ label: 'Orders - TEST' });
      await alice.getByRole('button', { name: 'Deploy to Test' }).click();
      await alice
        .getByText('Successfully deployed to Test Integration Pack: Orders - TEST')
        .waitFor({ timeout: 60_000 });
      assert.equal(await alice.getByRole('region', { name: 'Runtime warnings' }).count(), 0);

      // Production from test: the offline runtime next to its environment, and the warning before submitting.
      await alice.goto(`/test-deployments/${testId}/promote`);
      const production = alice.getByRole('group', { name: 'Production Environments' }).getByLabel('Production');
      await production.waitFor();
      const state = await production.evaluate(
        (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      );
      assert.equal(state, `${DEMO.runtimes.production.name} OFFLINE`, 'the checkbox is described by its runtime state');
      const warnings = alice.getByRole('region', { name: 'Runtime warnings' });
      await warnings.getByText(WARNING).waitFor();
      await production.uncheck();
      await warnings.waitFor({ state: 'detached' });
      await production.check();
      await warnings.getByText(WARNING).waitFor();
      await alice.getByLabel('Package Version').fill('1.0.1');
      await alice.getByLabel('Integration Pack').selectOption({ label: 'Orders' });
      await screenshot(alice, 'p4-runtime-warning');
      const submit = alice.getByRole('button', { name: 'Submit for Peer Review' });
      assert.equal(await submit.isEnabled(), true, 'Boomi allows it: the warning does not block');
      await submit.click();
      await alice.getByRole('heading', { name: 'Submitted for Peer Review' }).waitFor();
      // The confirmation repeats the service's own warning.
      await alice.getByRole('region', { name: 'Runtime warnings' }).getByText(WARNING).waitFor();
      const prodId = (await alice.locator('.copyable code').first().innerText()).trim();
      const peer = await call('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'bob');
      assert.equal(peer.newStatus, 'PENDING_ADMIN_REVIEW', JSON.stringify(peer));

      const carol = await d.as('carol');
      await carol.goto(`/admin/approvals?selected=${prodId}`);
      await carol.getByRole('region', { name: 'Runtime warnings' }).getByText(WARNING).waitFor();
      await screenshot(carol, 'p7-runtime-warning');
      await carol.getByRole('button', { name: 'Approve and Deploy' }).click();
      const modal = carol.getByRole('dialog', { name: 'Confirm Approval' });
      await modal.getByRole('region', { name: 'Runtime warnings' }).getByText(WARNING).waitFor();
      await modal.getByRole('button', { name: 'Cancel' }).click();

      // P3 of the request, deployed nowhere yet: the service says so, and the page shows no Runtime section.
      const answered = carol.waitForResponse('**/fs/PromotionService/getProcessRuntime');
      await carol.goto(`/promotions/${prodId}`);
      assert.equal((await answered).status(), 200);
      assert.equal(((await (await answered).json()) as { errorCode?: string }).errorCode, 'INVALID_PROMOTION_STATUS');
      await carol.getByRole('heading', { name: 'Promotion Results' }).waitFor();
      assert.equal(await carol.getByRole('heading', { name: 'Runtime' }).count(), 0);
      assert.equal(await carol.locator('.error-page').count(), 0);
    } finally {
      d.service.emulator!.setAtomStatus(DEMO.runtimes.production.id, 'ONLINE');
    }
  });

  test("P3's runtime panel lists the Test runtime; an admin disables and re-enables the schedules", async () => {
    const testId = await promoted(DEMO.packages.customerMasterSync);
    const tested = await call(
      'packageAndDeploy',
      {
        promotionId: testId,
        deploymentTarget: 'TEST',
        packageVersion: '1.0.0-test',
        existingPackId: DEMO.packs.ordersTest.id,
      },
      'alice',
    );
    assert.equal(tested.status, 'TEST_DEPLOYED', JSON.stringify(tested).slice(0, 300));
    const enabled = async () => {
      const view = (await call('getProcessRuntime', { promotionId: testId }, 'alice')) as {
        environments: Array<{ runtimes: Array<{ schedulesEnabled: boolean | null }> }>;
      };
      return view.environments[0]!.runtimes[0]!.schedulesEnabled;
    };

    const alice = await d.as('alice');
    await alice.goto(`/promotions/${testId}`);
    const aliceView = alice.getByRole('region', { name: 'Runtime in Test' });
    await aliceView.getByText(DEMO.runtimes.test.name).waitFor();
    await aliceView.getByText('ONLINE', { exact: true }).waitFor();
    await aliceView.getByText('no schedule').waitFor();
    await aliceView.getByText('Enabled', { exact: true }).waitFor();
    assert.equal(await aliceView.getByRole('button').count(), 0, 'a contributor reads, and does not switch');

    const carol = await d.as('carol');
    await carol.goto(`/promotions/${testId}`);
    const view = carol.getByRole('region', { name: 'Runtime in Test' });
    const disable = view.getByRole('button', { name: 'Disable schedules in Test' });
    const enable = view.getByRole('button', { name: 'Enable schedules in Test' });
    assert.equal(await enable.isDisabled(), true, 'already enabled');
    // In TEST there is nothing to confirm; the answer is the refreshed view.
    await disable.dblclick();
    await carol.getByText('Schedules disabled in Test.').waitFor();
    await view.getByText('Disabled', { exact: true }).waitFor();
    assert.equal(await disable.isDisabled(), true);
    assert.equal(await enabled(), false);
    await screenshot(carol, 'p3-runtime-panel');
    await enable.click();
    await carol.getByText('Schedules enabled in Test.').waitFor();
    await view.getByText('Enabled', { exact: true }).waitFor();
    assert.equal(await enabled(), true);

    // On a phone the panel fits the screen, its buttons stacked full width.
    const phone = await d.as('carol', PHONE);
    await phone.goto(`/promotions/${testId}`);
    const onPhone = phone.getByRole('region', { name: 'Runtime in Test' });
    await onPhone.getByText(DEMO.runtimes.test.name).waitFor();
    const fit = await phone.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth]);
    assert.ok(fit[0]! <= fit[1]!, `the page is ${fit[0]}px wide in a ${fit[1]}px window`);
    const [own, room] = await onPhone.getByRole('button', { name: 'Disable schedules in Test' }).evaluate((el) => {
      const s = getComputedStyle(el.parentElement!);
      return [
        el.getBoundingClientRect().width,
        el.parentElement!.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),
      ];
    });
    assert.ok(Math.abs(own! - room!) <= 1, `the button is ${own}px wide in ${room}px`);
    await screenshot(phone, 'phone-p3-runtime-panel');
  });
});
