import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

// Issue 14: an admin changes the approval policy in the dashboard; reviewers see what it asks,
// and a hotfix goes out by break-glass, shown as such.
describe('approval policy and break-glass', { timeout: 300_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('two peer approvals asked; break-glass allowed for hotfixes and used from P6', async () => {
    const carol = await d.as('carol');
    await carol.goto('/admin/approval-policy');
    await carol.getByLabel('Emergency hotfix: peer approvals').fill('2');
    await carol.getByLabel('Emergency hotfix: break-glass allowed').check();
    await carol.getByLabel('Why this change (optional)').fill('incident season');
    await carol.getByRole('button', { name: 'Save policy' }).click();
    await carol.getByText('Saved as version 1.').waitFor();
    await carol.getByText(/Version 1: carol@acme\.example.*incident season/).waitFor();

    const api = demoApi(d.url);
    const hotfix = await api.submitHotfix(await api.promote(DEMO.packages.orderProcessingMain));
    const first = await api.call('submitPeerReview', { promotionId: hotfix, decision: 'APPROVED' }, 'bob');
    assert.equal(first.newStatus, 'PENDING_PEER_REVIEW', 'one of two peer approvals');
    const bob = await d.as('bob');
    await bob.goto(`/promotions/${hotfix}`);
    await bob.getByText(/HOTFIX path \(policy version 1\): 1 of 2 peer approvals, 0 of 1 admin approval/).waitFor();

    await carol.goto(`/reviews/peer/${hotfix}`);
    await carol.getByRole('button', { name: 'Break glass: deploy now' }).click();
    const dialog = carol.getByRole('dialog', { name: 'Break glass: deploy this hotfix now' });
    const go = dialog.getByRole('button', { name: 'Deploy with break-glass' });
    await dialog.getByLabel(/Why it cannot wait/).fill('Every order fails since 09:00');
    await dialog.getByLabel(/skips the remaining reviews/).check();
    await go.click();
    await carol.getByText(/The hotfix is being deployed to production/).waitFor();

    // The deployment runs as a job: the page is read once it has finished.
    for (let i = 0; i < 120; i++) {
      const r = await api.call('queryStatus', { promotionId: hotfix }, 'carol');
      if ((r.promotions as Array<{ status: string }>)[0]?.status === 'DEPLOYED') break;
      await new Promise((done) => setTimeout(done, 500));
    }
    await bob.goto(`/promotions/${hotfix}`);
    await bob.getByText('Deployed', { exact: true }).first().waitFor();
    await bob.getByText('BREAK-GLASS').first().waitFor();
    await bob.getByText(/Deployed by break-glass/).waitFor();
  });
});
