import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

// Issue 16 item 1: P3 shows what the policy rules found, with the component and the element; an
// admin turns a rule off on the Policy Rules page, and a custom rule's bad XPath is refused there.
describe('policy checks on P3 and the Policy Rules page', { timeout: 180_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
  });

  test('findings on P3; a rule disabled by an admin drops out; a bad XPath is named', async () => {
    const id = await demoApi(d.url).promote(DEMO.packages.orderProcessingMain);
    const alice = await d.as('alice');
    await alice.goto(`/promotions/${id}`);
    const region = alice.getByRole('region', { name: 'Policy checks' });
    const row = region.getByRole('row', { name: /Order Persist Sub/ });
    await row.waitFor();
    assert.match(await row.innerText(), /WARN[\s\S]*Process without a description[\s\S]*\/bns:Component/);

    const carol = await d.as('carol');
    await carol.goto('/admin/policy-rules');
    // Saved on the server first, then shown: a click, not Playwright's uncheck (which wants the change at once).
    await carol.getByLabel('Process without a description enabled').click();
    await carol.getByText('Rule Process without a description saved.').waitFor();
    assert.equal(await carol.getByLabel('Process without a description enabled').isChecked(), false);
    await alice.reload();
    await region.getByText(/no findings/).waitFor();

    const form = carol.getByRole('form', { name: 'Add an XPath rule' });
    await form.getByLabel('Rule ID').fill('acme.bad');
    await form.getByLabel('Title').fill('Bad');
    await form.getByLabel('Message').fill('Bad rule');
    await form.getByLabel('XPath').fill('//shape[frobnicate(@x)]');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await form.getByText(/unknown function frobnicate/).waitFor();
  });
});
