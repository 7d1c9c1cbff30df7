import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per app instance (tests build many apps in one process, so the global default
 * registry would collide). Every module registers its metrics here and nowhere else.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'action' | 'status'>;
  httpDuration: Histogram<'action'>;
  boomiCalls: Counter<'operation' | 'status'>;
  boomiDuration: Histogram<'operation'>;
  boomiRetries: Counter<'operation' | 'reason'>;
  jobs: Counter<'queue' | 'outcome'>;
  jobDuration: Histogram<'queue'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'promo_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'promo_http_requests_total',
      help: 'HTTP requests by action and status code',
      labelNames: ['action', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'promo_http_request_duration_seconds',
      help: 'HTTP request latency by action',
      labelNames: ['action'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    boomiCalls: new Counter({
      name: 'promo_boomi_calls_total',
      help: 'Boomi Platform API calls by operation and final status',
      labelNames: ['operation', 'status'],
      registers,
    }),
    boomiDuration: new Histogram({
      name: 'promo_boomi_call_duration_seconds',
      help: 'Boomi Platform API call latency (including retries)',
      labelNames: ['operation'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers,
    }),
    boomiRetries: new Counter({
      name: 'promo_boomi_retries_total',
      help: 'Boomi Platform API retries by operation and reason',
      labelNames: ['operation', 'reason'],
      registers,
    }),
    jobs: new Counter({
      name: 'promo_jobs_total',
      help: 'Durable jobs finished by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'promo_job_duration_seconds',
      help: 'Durable job run time by queue',
      labelNames: ['queue'],
      buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
  };
}
