import type { z } from 'zod';
import { METRIC_LIMITS, type DeliveryMeasures, type MetricBucket } from '../../contracts/insight.ts';
import type { DeliveryFigures, DeliveryGroup } from './delivery-store.ts';

// Pure rules of the delivery metrics: the period's buckets, and the figures as the contract shows them.

type Measures = z.input<typeof DeliveryMeasures>;
const DAY_MS = 86_400_000;

/** Why a period cannot be measured, or null. */
export function periodProblem(from: Date, to: Date, bucket: MetricBucket): { field: string; message: string } | null {
  // [from, from) is an empty period, answered with zeros; only a backwards one is refused.
  if (to < from) return { field: 'to', message: 'must not be before from' };
  if (to.getTime() - from.getTime() > METRIC_LIMITS.maxDays * DAY_MS)
    return { field: 'to', message: `the period may cover at most ${METRIC_LIMITS.maxDays} days` };
  if (bucketStarts(from, to, bucket, METRIC_LIMITS.maxBuckets + 1).length > METRIC_LIMITS.maxBuckets)
    return { field: 'bucket', message: `at most ${METRIC_LIMITS.maxBuckets} buckets; choose a longer bucket` };
  return null;
}

/** The start of the UTC bucket holding `at` (weeks start on Monday, as PostgreSQL's date_trunc). */
export function bucketStart(at: Date, bucket: MetricBucket): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (bucket === 'month') d.setUTCDate(1);
  if (bucket === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

export function nextBucket(start: Date, bucket: MetricBucket): Date {
  const d = new Date(start);
  if (bucket === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (bucket === 'week' ? 7 : 1));
  return d;
}

/** Every bucket that overlaps [from, to), so a quiet bucket draws as zero instead of a gap. */
export function bucketStarts(from: Date, to: Date, bucket: MetricBucket, limit = Infinity): Date[] {
  const out: Date[] = [];
  for (let s = bucketStart(from, bucket); s < to && out.length < limit; s = nextBucket(s, bucket)) out.push(s);
  return out;
}

/** Days of [start, end) inside the period: the first and last bucket may be partial. */
export function daysWithin(start: Date, end: Date, from: Date, to: Date): number {
  const ms = Math.min(end.getTime(), to.getTime()) - Math.max(start.getTime(), from.getTime());
  return Math.max(0, ms) / DAY_MS;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const seconds = (n: number | null) => (n === null ? null : round(n, 0));

export const NO_FIGURES: DeliveryFigures = {
  deployments: 0,
  failures: 0,
  leadTime: { count: 0, median: null, p90: null },
  restore: { count: 0, median: null, p90: null },
};

export function measures(f: DeliveryFigures, days: number): Measures {
  return {
    deployments: f.deployments,
    deploymentsPerDay: days > 0 ? round(f.deployments / days, 4) : 0,
    changeFailures: f.failures,
    changeFailureRate: f.deployments ? round(f.failures / f.deployments, 4) : null,
    leadTimeSeconds: { count: f.leadTime.count, median: seconds(f.leadTime.median), p90: seconds(f.leadTime.p90) },
    timeToRestoreSeconds: { count: f.restore.count, median: seconds(f.restore.median), p90: seconds(f.restore.p90) },
  };
}

/** One point per bucket of the period, zero where nothing was deployed. */
export function series(groups: readonly DeliveryGroup[], from: Date, to: Date, bucket: MetricBucket) {
  const byStart = new Map(groups.filter((g) => g.bucket).map((g) => [g.bucket!.getTime(), g]));
  return bucketStarts(from, to, bucket).map((start) => ({
    bucketStart: start.toISOString(),
    ...measures(byStart.get(start.getTime()) ?? NO_FIGURES, daysWithin(start, nextBucket(start, bucket), from, to)),
  }));
}

export interface MetricsQuery {
  from: Date;
  to: Date;
  bucket: MetricBucket;
  failureWindowHours: number;
}

/** The response of getDeliveryMetrics from the store's groups. */
export function assemble(groups: readonly DeliveryGroup[], q: MetricsQuery) {
  const days = (q.to.getTime() - q.from.getTime()) / DAY_MS;
  const of = (scope: DeliveryGroup['scope']) => groups.filter((g) => g.scope === scope);
  const all = of('ALL');
  const teamKeys = [...new Set(of('TEAM').map((g) => g.key!))];
  const teams = teamKeys.map((team) => {
    const rows = of('TEAM').filter((g) => g.key === team);
    const total = rows.find((g) => !g.bucket) ?? { ...NO_FIGURES, name: team };
    return {
      team,
      teamName: total.name ?? team,
      ...measures(total, days),
      series: series(rows, q.from, q.to, q.bucket),
    };
  });
  const processes = of('PROCESS').map((g) => ({ processId: g.key!, processName: g.name, ...measures(g, days) }));
  return {
    period: {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      bucket: q.bucket,
      days: round(days, 4),
      failureWindowHours: q.failureWindowHours,
    },
    overall: measures(all.find((g) => !g.bucket) ?? NO_FIGURES, days),
    series: series(all, q.from, q.to, q.bucket),
    teams: teams.sort((a, b) => b.deployments - a.deployments || a.teamName.localeCompare(b.teamName)),
    processes: processes.sort(
      (a, b) => b.deployments - a.deployments || (a.processName ?? '').localeCompare(b.processName ?? ''),
    ),
  };
}

export type DeliveryMetrics = ReturnType<typeof assemble>;

const CSV_HEADER = [
  'scope',
  'id',
  'name',
  'bucket_start',
  'deployments',
  'deployments_per_day',
  'change_failures',
  'change_failure_rate',
  'lead_time_median_seconds',
  'lead_time_p90_seconds',
  'time_to_restore_median_seconds',
  'time_to_restore_p90_seconds',
];

/** The CSV export: one row per total and per bucket, overall, per team and per process. */
export function csvRows(m: DeliveryMetrics): Array<Array<string | number | null>> {
  const row = (scope: string, id: string, name: string | null, bucket: string | null, x: Measures) => [
    scope,
    id,
    name,
    bucket ?? 'total',
    x.deployments,
    x.deploymentsPerDay,
    x.changeFailures,
    x.changeFailureRate ?? null,
    x.leadTimeSeconds.median ?? null,
    x.leadTimeSeconds.p90 ?? null,
    x.timeToRestoreSeconds.median ?? null,
    x.timeToRestoreSeconds.p90 ?? null,
  ];
  return [
    CSV_HEADER,
    row('overall', '', 'All teams', null, m.overall),
    ...m.series.map((p) => row('overall', '', 'All teams', p.bucketStart, p)),
    ...m.teams.flatMap((t) => [
      row('team', t.team, t.teamName, null, t),
      ...t.series.map((p) => row('team', t.team, t.teamName, p.bucketStart, p)),
    ]),
    ...m.processes.map((p) => row('process', p.processId, p.processName, null, p)),
  ];
}
