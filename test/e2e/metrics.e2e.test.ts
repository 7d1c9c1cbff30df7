import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { HOUR, insertDeployment } from '../helpers/delivery-history.ts';

// Issue 16 item 4: the Metrics page draws the trend and the per-team comparison from a known
// history, changes period and team, and offers the CSV.

const DAY = 24 * HOUR;

describe('delivery metrics page', { timeout: 300_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
    const db = d.service.db;
    const now = Date.now();
    const at = (ms: number) => new Date(now - ms);
    const orders = { account: 'acme-DEVA', process: 'prod-orders', processName: 'Orders Sync' };
    // Team A: one deployment 40 days ago; one 10 days ago, fixed by a hotfix 3 hours later.
    await insertDeployment(db, { ...orders, firstAt: at(41 * DAY), deployedAt: at(40 * DAY), viaTest: true });
    await insertDeployment(db, { ...orders, firstAt: at(12 * DAY), deployedAt: at(10 * DAY), viaTest: true });
    await insertDeployment(db, {
      ...orders,
      firstAt: at(10 * DAY - HOUR),
      deployedAt: at(10 * DAY - 3 * HOUR),
      hotfix: true,
    });
    // Team B: one deployment 5 days ago.
    await insertDeployment(db, {
      account: 'acme-DEVB',
      process: 'prod-invoices',
      processName: 'Invoice Export',
      firstAt: at(6 * DAY),
      deployedAt: at(5 * DAY),
      viaTest: true,
    });
  });
  after(async () => {
    await d?.close();
  });

  test('charts, period change, team comparison and CSV', async () => {
    const page = await d.as('alice');
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { name: 'Delivery Metrics' }).waitFor();
    const cards = page.locator('[aria-label="Measures of the period"]');
    await cards.getByText('4 production deployments').waitFor();
    assert.match(await cards.innerText(), /25%/);
    // Both charts drew on their canvas, with a line per team and the overall one in the legend.
    const charts = page.locator('.metrics-chart');
    assert.equal(await charts.count(), 2);
    await charts.first().locator('canvas').waitFor();
    assert.equal(await page.locator('.metrics-chart canvas').count(), 2);
    const legend = await charts.first().locator('.u-legend').innerText();
    assert.match(legend, /All teams/);
    assert.match(legend, /ABC_BOOMI_FLOW_DEVTEAMA/);
    assert.match(legend, /ABC_BOOMI_FLOW_DEVTEAMB/);

    const teams = page.getByRole('table', { name: 'Measures by team' });
    const teamA = teams.getByRole('row', { name: /DEVTEAMA/ });
    assert.match(await teamA.innerText(), /\b3\b[\s\S]*33\.3% \(1\)/);
    assert.match(await teams.getByRole('row', { name: /DEVTEAMB/ }).innerText(), /\b1\b[\s\S]*0% \(0\)/);
    // Alice (team A) sees her team's processes only.
    const processes = page.getByRole('table', { name: 'Measures by process' });
    await processes.getByText('Orders Sync').waitFor();
    assert.equal(await processes.getByText('Invoice Export').count(), 0);
    await screenshot(page, 'metrics-90-days');

    // The last 30 days, by day: the deployment 40 days ago drops out; 30 daily points.
    await page.getByRole('combobox', { name: 'Period' }).selectOption('30d');
    await cards.getByText('3 production deployments').waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Group by' }).inputValue(), 'day');
    await page.getByText('Trend as a table').click();
    assert.equal(await page.getByRole('table', { name: 'Measures per day' }).locator('tbody tr').count(), 30);

    // One team: the cards follow; the comparison shows that team.
    await page.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'ABC_BOOMI_FLOW_DEVTEAMB' });
    await cards.getByText('1 production deployment', { exact: true }).waitFor();
    assert.match(await cards.innerText(), /0%/);

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    assert.ok(href?.startsWith('/api/metrics/delivery.csv?'), href ?? '');
    const res = await page.request.get(href!);
    assert.equal(res.status(), 200);
    const csv = await res.text();
    assert.match(csv.split('\r\n')[1]!, /^overall,,All teams,total,1,/);

    // The page's own address loads the page (the service's /metrics is Prometheus's).
    assert.equal(new URL(page.url()).pathname, '/delivery-metrics');
    await page.reload();
    await page.getByRole('heading', { name: 'Delivery Metrics' }).waitFor();
  });
});
