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

  const rows = (m: DeliveryMetrics) => [
    { team: 'all', x: m.overall },
    ...m.teams.map((t) => ({ team: t.teamName, x: t })),
  ];

  const help = `over the last ${windowDays} days, by team`;
  new Gauge({
    name: 'promo_deployment_frequency',
    help: `Production deployments per day ${help}`,
    labelNames: ['team'],
    registers: [registry],
    async collect() {
      this.reset();
      const m = await current();
      for (const r of m ? rows(m) : []) this.set({ team: r.team }, r.x.deploymentsPerDay);
    },
  });
  new Gauge({
    name: 'promo_lead_time_seconds',
    help: `Lead time for changes (first promotion to production deployment) ${help}`,
    labelNames: ['team', 'quantile'],
    registers: [registry],
    async collect() {
      this.reset();
      const m = await current();
      for (const r of m ? rows(m) : []) {
        const { median, p90 } = r.x.leadTimeSeconds;
        if (median !== null && median !== undefined) this.set({ team: r.team, quantile: '0.5' }, median);
        if (p90 !== null && p90 !== undefined) this.set({ team: r.team, quantile: '0.9' }, p90);
      }
    },
  });
  new Gauge({
    name: 'promo_change_failure_rate',
    help: `Share of production deployments followed by a rollback or hotfix ${help}`,
    labelNames: ['team'],
    registers: [registry],
    async collect() {
      this.reset();
      const m = await current();
      for (const r of m ? rows(m) : [])
        if (r.x.changeFailureRate !== null && r.x.changeFailureRate !== undefined)
          this.set({ team: r.team }, r.x.changeFailureRate);
    },
  });
  new Gauge({
    name: 'promo_time_to_restore_seconds',
    help: `Time from a failed production deployment to its fix live ${help}`,
    labelNames: ['team', 'quantile'],
    registers: [registry],
    async collect() {
      this.reset();
      const m = await current();
      for (const r of m ? rows(m) : []) {
        const { median, p90 } = r.x.timeToRestoreSeconds;
        if (median !== null && median !== undefined) this.set({ team: r.team, quantile: '0.5' }, median);
        if (p90 !== null && p90 !== undefined) this.set({ team: r.team, quantile: '0.9' }, p90);
      }
    },
  });
}
