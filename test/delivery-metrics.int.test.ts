import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, demoAuth, type TestApp } from './helpers/test-app.ts';
import { HOUR, insertDeployment, insertRollback } from './helpers/delivery-history.ts';
import type { Db } from '../src/platform/db.ts';
import { systemClock } from '../src/platform/clock.ts';

// Issue 16 item 4: the four DORA measures on a hand-built history with known times, per team and
// per process, at the edges of the failure window and of the period; the CSV; the gauges.

const T0 = Date.parse('2026-03-02T00:00:00Z'); // a Monday: weekly buckets start on it
const at = (hours: number) => new Date(T0 + hours * HOUR);
const FROM = at(0).toISOString();
const TO = at(336).toISOString(); // two weeks
const TEAM_A = 'ABC_BOOMI_FLOW_DEVTEAMA';
const TEAM_B = 'ABC_BOOMI_FLOW_DEVTEAMB';

interface Measures {
  deployments: number;
  deploymentsPerDay: number;
  changeFailures: number;
  changeFailureRate: number | null;
  leadTimeSeconds: { count: number; median: number | null; p90: number | null };
  timeToRestoreSeconds: { count: number; median: number | null; p90: number | null };
}
type Metrics = {
  overall: Measures;
  series: Array<Measures & { bucketStart: string }>;
  teams: Array<Measures & { team: string; series: Array<Measures & { bucketStart: string }> }>;
  processes: Array<Measures & { processId: string; processName: string }>;
};

const h = (hours: number) => hours * 3600;
const figures = (m: Measures) => ({
  deployments: m.deployments,
  failures: m.changeFailures,
  rate: m.changeFailureRate,
  lead: [m.leadTimeSeconds.count, m.leadTimeSeconds.median, m.leadTimeSeconds.p90],
  restore: [m.timeToRestoreSeconds.count, m.timeToRestoreSeconds.median, m.timeToRestoreSeconds.p90],
});

/*
 * Orders (P1, team A): d1 at +24h (test promotion at 0) fixed by hotfix d2 at +30h; d3 at +200h
 * (test at +100h) rolled back, requested +210h, done +212h; d4 at +330h (started +320h) fixed by
 * hotfix d5 at +340h, after the period. Invoices (P2, team B): e0 at -1h (before the period), e1
 * at +72h, hotfix e2 at +272h (200 h later: outside the 7-day window), a denied rollback of e2,
 * e4 at +336h (the period's end, excluded), and a production record never deployed.
 */
async function buildHistory(db: Db) {
  const p1 = { account: 'acme-DEVA', process: 'prod-orders', processName: 'Orders' };
  const p2 = { account: 'acme-DEVB', process: 'prod-invoices', processName: '=SUM(1) Invoices' };
  await insertDeployment(db, { ...p1, firstAt: at(0), deployedAt: at(24), viaTest: true });
  await insertDeployment(db, { ...p1, firstAt: at(28), deployedAt: at(30), hotfix: true });
  const d3 = await insertDeployment(db, { ...p1, firstAt: at(100), deployedAt: at(200), viaTest: true });
  const d3Before = await insertDeployment(db, { ...p1, firstAt: at(-500), deployedAt: at(-400) });
  await insertRollback(db, {
    ...p1,
    rolledBack: d3,
    restores: d3Before,
    requestedAt: at(210),
    finishedAt: at(212),
    status: 'DONE',
  });
  await insertDeployment(db, { ...p1, firstAt: at(320), deployedAt: at(330) });
  await insertDeployment(db, { ...p1, firstAt: at(338), deployedAt: at(340), hotfix: true });
  await insertDeployment(db, { ...p1, firstAt: at(300), deployedAt: null, status: 'PEER_APPROVED' });
  const e0 = await insertDeployment(db, { ...p2, firstAt: at(-10), deployedAt: at(-1) });
  await insertDeployment(db, { ...p2, firstAt: at(48), deployedAt: at(72) });
  const e2 = await insertDeployment(db, { ...p2, firstAt: at(270), deployedAt: at(272), hotfix: true });
  await insertRollback(db, {
    ...p2,
    rolledBack: e2,
    restores: e0,
    requestedAt: at(280),
    finishedAt: null,
    status: 'DENIED',
  });
  await insertDeployment(db, { ...p2, firstAt: at(330), deployedAt: at(336) });
}

for (const variant of dbVariants()) {
  describe(`delivery metrics [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { clock: { ...systemClock, now: () => T0 + 336 * HOUR } });
      await buildHistory(db);
    });
    after(async () => {
      await t?.app.close();
      await dropDb(db);
    });

    const metrics = async (body: Record<string, unknown>, as = 'carol') => {
      const res = await t.action('getDeliveryMetrics', { from: FROM, to: TO, ...body }, as);
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      return res.body as unknown as Metrics;
    };

    test('the four measures overall, per team, per process and per week', async () => {
      const m = await metrics({ bucket: 'week' });
      assert.deepEqual(figures(m.overall), {
        deployments: 6,
        failures: 3,
        rate: 0.5,
        lead: [6, h(17), h(62)],
        restore: [3, h(10), h(11.6)],
      });
      assert.equal(m.overall.deploymentsPerDay, 0.4286);
      const [a, b] = [m.teams.find((x) => x.team === TEAM_A)!, m.teams.find((x) => x.team === TEAM_B)!];
      assert.deepEqual(figures(a), {
        deployments: 4,
        failures: 3,
        rate: 0.75,
        lead: [4, h(17), h(77.2)],
        restore: [3, h(10), h(11.6)],
      });
      assert.deepEqual(figures(b), {
        deployments: 2,
        failures: 0,
        rate: 0,
        lead: [2, h(13), h(21.8)],
        restore: [0, null, null],
      });
      const orders = m.processes.find((p) => p.processId === 'prod-orders')!;
      assert.deepEqual(figures(orders), figures(a));
      assert.equal(m.processes.find((p) => p.processId === 'prod-invoices')!.deployments, 2);
      assert.deepEqual(
        m.series.map((p) => [p.bucketStart, p.deployments, p.changeFailures]),
        [
          [at(0).toISOString(), 3, 1],
          [at(168).toISOString(), 3, 2],
        ],
      );
      assert.deepEqual(
        a.series.map((p) => p.deployments),
        [2, 2],
      );
    });

    test('filters by team and process; contributors see only their processes', async () => {
      const b = await metrics({ team: TEAM_B.toLowerCase() });
      assert.equal(b.overall.deployments, 2);
      assert.deepEqual(
        b.teams.map((x) => x.team),
        [TEAM_B],
      );
      const orders = await metrics({ processId: 'prod-orders', bucket: 'day' });
      assert.equal(orders.overall.deployments, 4);
      assert.equal(orders.series.length, 14);
      const erin = await metrics({}, 'erin');
      assert.equal(erin.overall.deployments, 6);
      assert.deepEqual(
        erin.processes.map((p) => p.processId),
        ['prod-invoices'],
      );
      const olga = await t.action('getDeliveryMetrics', { from: FROM, to: TO }, 'olga');
      assert.equal(olga.body.errorCode, 'INSUFFICIENT_TIER');
    });

    test('the failure window is inclusive at its edge and configurable', async () => {
      const five = await metrics({ failureWindowHours: 5 });
      assert.deepEqual(figures(five.overall).restore, [0, null, null]);
      assert.equal(five.overall.changeFailures, 0);
      const six = await metrics({ failureWindowHours: 6 });
      assert.equal(six.overall.changeFailures, 1, 'the hotfix 6 h later is on the edge of a 6 h window');
      assert.deepEqual(figures(six.overall).restore, [1, h(6), h(6)]);
      const wide = await metrics({ failureWindowHours: 200 });
      assert.equal(wide.overall.changeFailures, 4, 'the Invoices hotfix 200 h later now counts');
    });

    test('refuses a backwards or too long period, naming the field', async () => {
      const back = await t.action('getDeliveryMetrics', { from: TO, to: FROM }, 'carol');
      assert.equal(back.body.errorCode, 'INVALID_REQUEST');
      assert.match(String(back.body.errorMessage), /^to: must not be before from/);
      const empty = await metrics({ to: FROM });
      assert.deepEqual([empty.overall.deployments, empty.series.length, empty.overall.deploymentsPerDay], [0, 0, 0]);
      const long = await t.action('getDeliveryMetrics', { from: FROM, to: at(24 * 800).toISOString() }, 'carol');
      assert.equal(long.body.errorCode, 'INVALID_REQUEST');
      const days = await t.action(
        'getDeliveryMetrics',
        { from: FROM, to: at(24 * 500).toISOString(), bucket: 'day' },
        'carol',
      );
      assert.match(String(days.body.errorMessage), /^bucket: at most 400 buckets/);
    });

    test('the CSV export has the same figures, with spreadsheet formulas defused', async () => {
      const res = await t.inject({
        method: 'GET',
        url: `/api/metrics/delivery.csv?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&bucket=week`,
        headers: { authorization: demoAuth('carol') },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      const lines = res.body.trim().split('\r\n');
      assert.equal(lines[0]!.split(',')[0], 'scope');
      assert.equal(lines[1], `overall,,All teams,total,6,0.4286,3,0.5,${h(17)},${h(62)},${h(10)},${h(11.6)}`);
      assert.ok(lines.some((l) => l.startsWith(`process,prod-invoices,'=SUM(1) Invoices,total,2,`)));
      const bad = await t.inject({
        method: 'GET',
        url: `/api/metrics/delivery.csv?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&failureWindowHours=0`,
        headers: { authorization: demoAuth('carol') },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errorCode, 'INVALID_REQUEST');
      const anonymous = await t.inject({ method: 'GET', url: `/api/metrics/delivery.csv?from=${FROM}&to=${TO}` });
      assert.equal(anonymous.statusCode, 401);
    });

    test('the gauges appear on /metrics over the last 30 days, by team', async () => {
      const res = await t.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      const line = (name: string) =>
        res.body
          .split('\n')
          .find((l) => l.startsWith(name))
          ?.split(' ')[1];
      // The window [-16 days, +14 days) also holds e0 (at -1 h): 7 deployments, 3 failed.
      assert.equal(line('promo_deployment_frequency{team="all"}'), String(Math.round((7 / 30) * 1e4) / 1e4));
      assert.equal(line(`promo_deployment_frequency{team="${TEAM_B}"}`), '0.1');
      assert.equal(line('promo_change_failure_rate{team="all"}'), String(Math.round((3 / 7) * 1e4) / 1e4));
      assert.equal(line(`promo_time_to_restore_seconds{team="${TEAM_A}",quantile="0.5"}`), String(h(10)));
      assert.ok(line('promo_lead_time_seconds{team="all",quantile="0.9"}'));
    });
  });
}
