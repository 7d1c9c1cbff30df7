import { Gauge, type Registry } from 'prom-client';
import { FAILURE_WINDOW_HOURS } from '../../contracts/insight.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DeliveryMetrics } from './delivery-rules.ts';
import type { DeliveryService } from './delivery-service.ts';

const DAY_MS = 86_400_000;

/**
 * The four DORA gauges on /metrics, over a rolling window, labelled by team (team="all" for every
 * deployment). Computed when Prometheus scrapes, from one query shared by the four gauges and kept
 * for `cacheMs`, so several scrapes (or replicas behind one scraper) do not each run it.
 */
export function registerDeliveryGauges(
  registry: Registry,
  deps: {
    service: Pick<DeliveryService, 'forGauges'>;
    clock: Clock;
    log: { warn(obj: object, msg: string): void };
    windowDays?: number;
    cacheMs?: number;
  },
) {
  const windowDays = deps.windowDays ?? 30;
  const cacheMs = deps.cacheMs ?? 60_000;
  let cached: { at: number; value: Promise<DeliveryMetrics | null> } | undefined;

  const current = () => {
    const now = deps.clock.now();
    if (!cached || now - cached.at >= cacheMs) {
      const value = deps.service
        .forGauges(new Date(now - windowDays * DAY_MS), new Date(now), FAILURE_WINDOW_HOURS.default)
        .catch((err: unknown) => {
          // A scrape must not fail with the database: the gauges go missing until it answers.
          deps.log.warn({ err }, 'delivery metrics for /metrics failed');
          cached = undefined;
          return null;
        });
      cached = { at: now, value };
    }
    return cached.value;
  };

  type Row = DeliveryMetrics['overall'];
  const rows = (m: DeliveryMetrics) => [
    { team: 'all', x: m.overall as Row },
    ...m.teams.map((t) => ({ team: t.teamName, x: t as Row })),
  ];
  const help = `over the last ${windowDays} days, by team`;

  /** A gauge per team; `values` gives each row's samples (extra labels and value), none when unknown. */
  const gauge = (
    name: string,
    text: string,
    labelNames: string[],
    values: (x: Row) => Array<{ labels?: Record<string, string>; value: number | null | undefined }>,
  ) =>
    new Gauge({
      name,
      help: `${text} ${help}`,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const m = await current();
        for (const r of m ? rows(m) : [])
          for (const v of values(r.x))
            if (v.value !== null && v.value !== undefined) this.set({ team: r.team, ...v.labels }, v.value);
      },
    });
  const quantiles = (p: { median?: number | null; p90?: number | null }) => [
    { labels: { quantile: '0.5' }, value: p.median },
    { labels: { quantile: '0.9' }, value: p.p90 },
  ];

  gauge('promo_deployment_frequency', 'Production deployments per day', ['team'], (x) => [
    { value: x.deploymentsPerDay },
  ]);
  gauge(
    'promo_lead_time_seconds',
    'Lead time for changes (first promotion to production deployment)',
    ['team', 'quantile'],
    (x) => quantiles(x.leadTimeSeconds),
  );
  gauge(
    'promo_change_failure_rate',
    'Share of production deployments followed by a rollback or hotfix',
    ['team'],
    (x) => [{ value: x.changeFailureRate }],
  );
  gauge(
    'promo_time_to_restore_seconds',
    'Time from a failed production deployment to its fix live',
    ['team', 'quantile'],
    (x) => quantiles(x.timeToRestoreSeconds),
  );
}
