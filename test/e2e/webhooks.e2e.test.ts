import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PHONE, screenshot, startDashboard, type Dashboard } from './harness.ts';

// Issue 16 item 3: an admin adds a webhook, sees its secret once, sends a test event that a real
// receiver gets signed with that secret, and replays it from the delivery log.
describe('webhooks page', { timeout: 300_000 }, () => {
  let d: Dashboard;
  let server: Server;
  const got: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    d = await startDashboard();
  });
  after(async () => {
    await d?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('add a webhook, keep its secret, send a test event, replay it', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/promo`;
    const carol = await d.as('carol');
    await carol.goto('/admin/webhooks');
    await carol.getByText('No webhooks').waitFor();

    await carol.getByRole('button', { name: 'Add webhook' }).click();
    const form = carol.getByRole('form', { name: 'Add webhook' });
    await form.getByLabel('Name').fill('Release channel');
    await form.getByLabel('URL').fill(`${d.url}/hook`);
    await form.getByLabel('Deployments').check();
    await form.getByRole('button', { name: 'Save webhook' }).click();
    await form.getByText(/points at Promo itself/).waitFor();
    await form.getByLabel('URL').fill(url);
    await form.getByRole('button', { name: 'Save webhook' }).click();
    await carol.getByText('Webhook Release channel saved.').waitFor();
    const secret = await carol.getByRole('alert').locator('code').innerText();
    assert.match(secret, /^whsec_/);
    await carol.getByRole('button', { name: 'I have stored it' }).click();
    assert.equal(await carol.getByText(secret).count(), 0, 'the secret is shown once');

    const item = carol
      .getByRole('list', { name: 'Webhooks' })
      .getByRole('listitem')
      .filter({ hasText: 'Release channel' });
    await item.getByText('Sends: state transitions, deployments').waitFor();
    await item.getByRole('button', { name: 'Send a test event to Release channel' }).click();
    await carol.getByText('Test event delivered to Release channel.').waitFor();
    assert.equal(got.length, 1);
    const [t, v1] = String(got[0]!.headers['promo-signature'])
      .split(',')
      .map((p) => p.split('=')[1]);
    assert.equal(v1, createHmac('sha256', secret).update(`${t}.${got[0]!.body}`).digest('hex'));

    await item.getByRole('button', { name: 'Deliveries of Release channel' }).click();
    const log = carol.getByRole('table', { name: 'Deliveries of Release channel' });
    await log.getByRole('row').filter({ hasText: 'WEBHOOK_TEST' }).getByText('SENT').waitFor();
    await log.getByRole('button', { name: 'Replay WEBHOOK_TEST delivery' }).first().click();
    await log.getByText('(replay)').waitFor();
    await log.getByRole('row').filter({ hasText: '(replay)' }).getByText('SENT').waitFor();
    assert.equal(got.length, 2);
    assert.equal(got[1]!.headers['promo-event-id'], got[0]!.headers['promo-event-id'], 'a replay is the same event');

    await carol.reload();
    await item.waitFor();
    assert.equal(await carol.getByText(secret).count(), 0, 'never shown again');
    await screenshot(carol, 'webhooks');

    const phone = await d.as('carol', PHONE);
    await phone.goto('/admin/webhooks');
    await phone.getByRole('heading', { name: 'Release channel' }).waitFor();
  });
});
