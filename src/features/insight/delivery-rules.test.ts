import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble, bucketStart, bucketStarts, csvRows, daysWithin, measures, periodProblem } from './delivery-rules.ts';
import type { DeliveryGroup } from './delivery-store.ts';

const d = (s: string) => new Date(s);

test('buckets start at UTC midnight, on Mondays and on the first of the month', () => {
  assert.equal(bucketStart(d('2026-03-04T17:30:00Z'), 'day').toISOString(), '2026-03-04T00:00:00.000Z');
  assert.equal(bucketStart(d('2026-03-08T23:59:00Z'), 'week').toISOString(), '2026-03-02T00:00:00.000Z');
  assert.equal(bucketStart(d('2026-03-09T00:00:00Z'), 'week').toISOString(), '2026-03-09T00:00:00.000Z');
  assert.equal(bucketStart(d('2026-02-28T10:00:00Z'), 'month').toISOString(), '2026-02-01T00:00:00.000Z');
  assert.deepEqual(
    bucketStarts(d('2026-01-15T00:00:00Z'), d('2026-03-01T00:00:00Z'), 'month').map((x) => x.toISOString()),
    ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
  );
});

test('a partial first bucket counts only its days inside the period', () => {
  const from = d('2026-03-04T00:00:00Z');
  assert.equal(daysWithin(d('2026-03-02T00:00:00Z'), d('2026-03-09T00:00:00Z'), from, d('2026-04-01T00:00:00Z')), 5);
});

test('refuses a backwards period, one too long, and too many buckets', () => {
  assert.equal(periodProblem(d('2026-03-02T00:00:00Z'), d('2026-03-01T00:00:00Z'), 'day')?.field, 'to');
  assert.equal(periodProblem(d('2026-03-02T00:00:00Z'), d('2026-03-02T00:00:00Z'), 'day'), null);
  assert.equal(periodProblem(d('2024-01-01T00:00:00Z'), d('2026-03-01T00:00:00Z'), 'month')?.field, 'to');
  assert.equal(periodProblem(d('2025-01-01T00:00:00Z'), d('2026-03-01T00:00:00Z'), 'day')?.field, 'bucket');
  assert.equal(periodProblem(d('2025-01-01T00:00:00Z'), d('2026-03-01T00:00:00Z'), 'week'), null);
});

test('measures: rates per day, a null failure rate without deployments', () => {
  const none = measures(
    {
      deployments: 0,
      failures: 0,
      leadTime: { count: 0, median: null, p90: null },
      restore: { count: 0, median: null, p90: null },
    },
    7,
  );
  assert.equal(none.changeFailureRate, null);
  assert.equal(none.deploymentsPerDay, 0);
  const some = measures(
    {
      deployments: 3,
      failures: 1,
      leadTime: { count: 3, median: 10.4, p90: 20.6 },
      restore: { count: 1, median: 5, p90: 5 },
    },
    7,
  );
  assert.equal(some.deploymentsPerDay, 0.4286);
  assert.equal(some.changeFailureRate, 0.3333);
  assert.deepEqual(some.leadTimeSeconds, { count: 3, median: 10, p90: 21 });
});

test('assembles quiet buckets as zero and teams in order of deployments', () => {
  const fig = (n: number) => ({
    deployments: n,
    failures: 0,
    leadTime: { count: n, median: 1, p90: 2 },
    restore: { count: 0, median: null, p90: null },
  });
  const groups: DeliveryGroup[] = [
    { scope: 'ALL', key: null, name: null, bucket: null, ...fig(3) },
    { scope: 'ALL', key: null, name: null, bucket: d('2026-03-09T00:00:00Z'), ...fig(3) },
    { scope: 'TEAM', key: 'b', name: 'Team B', bucket: null, ...fig(1) },
    { scope: 'TEAM', key: 'a', name: 'Team A', bucket: null, ...fig(2) },
    { scope: 'PROCESS', key: 'p', name: '@cmd', bucket: null, ...fig(3) },
  ];
  const m = assemble(groups, {
    from: d('2026-03-02T00:00:00Z'),
    to: d('2026-03-16T00:00:00Z'),
    bucket: 'week',
    failureWindowHours: 168,
  });
  assert.deepEqual(
    m.series.map((p) => p.deployments),
    [0, 3],
  );
  assert.deepEqual(
    m.teams.map((t) => [t.teamName, t.series.length]),
    [
      ['Team A', 2],
      ['Team B', 2],
    ],
  );
  const rows = csvRows(m);
  assert.equal(rows.length, 1 + 3 + 3 + 3 + 1);
  assert.deepEqual(rows.at(-1)!.slice(0, 5), ['process', 'p', '@cmd', 'total', 3]);
});
