import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, screenshot, startDashboard, type Dashboard } from './harness.ts';
import { DEMO } from '../../emulator/index.ts';
import { createBoomiClient, toWriteXml } from '../../src/boomi/index.ts';
import { demoApi } from './demo-api.ts';

/**
 * Issue 14 in the browser: a production map edited by hand in Boomi shows on P9 after "Check now"
 * (with who changed it), on P8 next to its mapping, and on P7, whose approval then needs the
 * admin's acknowledgement.
 */
describe('drift views', { timeout: 300_000 }, () => {
  let d: Dashboard;

  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('P9 and P8 show a hand edit with its author; P7 asks for the acknowledgement', async () => {
    const api = demoApi(d.url);
    const opm = DEMO.packages.orderProcessingMain;
    const first = await api.submitHotfix(await api.promote(opm));
    await api.peerApprove(first);
    const shipped = await api.call(
      'submitAdminReview',
      { promotionId: first, decision: 'APPROVED', hotfixAcknowledged: true },
      'carol',
    );
    assert.equal(shipped.status, 'DEPLOYED', JSON.stringify(shipped));
    const results = (await api.call('queryStatus', { promotionId: first, includeResults: true }, 'carol'))
      .promotions as Array<{ results: Array<{ name: string; type: string; prodComponentId: string | null }> }>;
    const map = results[0]!.results.find((r) => r.type === 'transform.map' && r.prodComponentId)!;

    // Mallory changes the production map straight in Boomi, with her own API token.
    d.service.emulator!.addFixture({
      users: [{ userName: 'mallory@acme.example', token: 'mallory-token', accountId: DEMO.primaryAccountId }],
    });
    const mallory = createBoomiClient(
      {
        baseUrl: `${d.url}/boomi-emulator`,
        accountId: DEMO.primaryAccountId,
        user: 'BOOMI_TOKEN.mallory@acme.example',
        token: 'mallory-token',
      },
      { rateLimiter: { acquire: async () => {} } },
    );
    const source = await mallory.components.get(map.prodComponentId!);
    await mallory.components.update(
      map.prodComponentId!,
      toWriteXml(source).replace('optimizeExecutionOrder="true"', 'optimizeExecutionOrder="false"'),
    );

    const carol = await d.as('carol');
    await carol.goto('/production-readiness');
    const panel = carol.getByRole('region', { name: 'Production Drift' });
    await panel.getByText('No check has run yet.').waitFor();
    await panel.getByRole('button', { name: 'Check now' }).click();
    const row = panel.getByRole('table', { name: 'Drift findings' }).getByRole('row', { name: new RegExp(map.name) });
    await row.waitFor();
    assert.match(await row.innerText(), /mallory@acme\.example/);
    assert.match(await row.innerText(), /Changed outside Promo/);
    await panel
      .getByRole('status', { name: 'Last drift check' })
      .getByText(/succeeded/)
      .waitFor();
    assert.match(await panel.getByRole('status', { name: 'Branch count' }).innerText(), /\d+ of 15/);
    await screenshot(carol, 'p9-drift');

    await carol.goto('/admin/mappings');
    const mapping = carol
      .getByRole('table', { name: 'Component mappings' })
      .getByRole('row', { name: new RegExp(map.name) });
    await mapping.getByText('Changed outside Promo').waitFor();
    assert.match(await mapping.innerText(), /mallory@acme\.example/);
    await screenshot(carol, 'p8-drift');

    // The next hotfix of the same package would overwrite the edit.
    const again = await api.promote(opm);
    const second = await api.call(
      'submitForPeerReview',
      {
        promotionId: again,
        isHotfix: true,
        hotfixJustification: 'Second fix',
        packageVersion: '1.0.2',
        existingPackId: DEMO.packs.orders.id,
      },
      'alice',
    );
    const secondId = second.promotionId as string;
    await api.peerApprove(secondId);
    await carol.goto(`/admin/approvals?selected=${secondId}`);
    const drift = carol.getByRole('region', { name: 'Production drift' });
    await drift.getByText(map.name).waitFor();
    await carol.getByRole('button', { name: 'Approve and Deploy' }).click();
    const dialog = carol.getByRole('dialog', { name: 'Confirm Approval' });
    const confirm = dialog.getByRole('button', { name: 'Confirm Approval' });
    await dialog.getByLabel('I acknowledge this is an emergency hotfix that bypassed testing').check();
    assert.equal(await confirm.isEnabled(), false, 'the drift acknowledgement is still missing');
    await dialog.getByLabel('I acknowledge that approving overwrites these changes in production').check();
    await screenshot(carol, 'p7-drift-acknowledgement');
    await confirm.click();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await api.call('queryStatus', { promotionId: secondId }, 'carol');
      if ((status.promotions as { status: string }[])[0]?.status === 'DEPLOYED') break;
      assert.ok(Date.now() < deadline, `not deployed: ${JSON.stringify(status).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    // On a phone the panel fits the screen; its table scrolls inside its own frame.
    const phone = await d.as('carol', PHONE);
    await phone.goto('/production-readiness');
    await phone.getByRole('region', { name: 'Production Drift' }).waitFor();
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  });
});
