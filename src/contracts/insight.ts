import { z } from 'zod';
import { defineContract } from './common.ts';

// Delivery (DORA) metrics (issue 16 item 4, ADR 0021): deployment frequency, lead time for
// changes, change failure rate and time to restore, overall, per team and per process.

export const METRIC_BUCKETS = ['day', 'week', 'month'] as const;
export type MetricBucket = (typeof METRIC_BUCKETS)[number];

/** How long after a production deployment a rollback or hotfix still counts it as failed. */
export const FAILURE_WINDOW_HOURS = { default: 168, min: 1, max: 2160 } as const;
/** The longest period one request may cover, and the most buckets it may draw. */
export const METRIC_LIMITS = { maxDays: 731, maxBuckets: 400 } as const;

const Instant = z.iso.datetime({ offset: true });

const Percentiles = z.object({
  /** How many values the figures summarise. */
  count: z.number().int(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

export const DeliveryMeasures = z.object({
  /** Production deployments (hotfixes included) that went live in the period or bucket. */
  deployments: z.number().int(),
  deploymentsPerDay: z.number(),
  /** Of those, the ones followed by a rollback or a hotfix of the same process within the window. */
  changeFailures: z.number().int(),
  /** changeFailures / deployments; null without deployments. */
  changeFailureRate: z.number().nullable(),
  /** From the first promotion of the change (its dev package) to its production deployment. */
  leadTimeSeconds: Percentiles,
  /** From a failed deployment to its fix live (the hotfix deployed or the rollback done). */
  timeToRestoreSeconds: Percentiles,
});

const Point = DeliveryMeasures.extend({ bucketStart: z.string() });

const requestFields = {
  from: Instant,
  to: Instant,
  bucket: z.enum(METRIC_BUCKETS).default('week'),
  /** A team SSO group: only deployments of dev accounts it reaches. */
  team: z.string().trim().min(1).max(200).optional(),
  /** A process (the production component id of a promotion's root). */
  processId: z.string().trim().min(1).max(100).optional(),
  failureWindowHours: z
    .number()
    .int()
    .min(FAILURE_WINDOW_HOURS.min)
    .max(FAILURE_WINDOW_HOURS.max)
    .default(FAILURE_WINDOW_HOURS.default),
};

export const getDeliveryMetrics = defineContract({
  name: 'getDeliveryMetrics',
  summary:
    'The four DORA measures of production deployments that went live in [from, to): overall, per team and per ' +
    'process, with a series per bucket (day, week or month, UTC) for trend lines. Lead time runs from the first ' +
    'promotion of the dev package to its production deployment; a deployment failed when a rollback of it was ' +
    'requested, or the next deployment of its process was a hotfix, within failureWindowHours (default 168). ' +
    'Contributors see per-process rows only for the dev accounts they may see.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject(requestFields),
  response: z.object({
    period: z.object({
      from: z.string(),
      to: z.string(),
      bucket: z.enum(METRIC_BUCKETS),
      days: z.number(),
      failureWindowHours: z.number().int(),
    }),
    overall: DeliveryMeasures,
    series: z.array(Point),
    teams: z.array(DeliveryMeasures.extend({ team: z.string(), teamName: z.string(), series: z.array(Point) })),
    processes: z.array(DeliveryMeasures.extend({ processId: z.string(), processName: z.string().nullable() })),
  }),
});

/** GET /api/metrics/delivery.csv: the same request as query parameters. */
export const DeliveryMetricsCsvQuery = z.strictObject({
  ...requestFields,
  failureWindowHours: z.coerce
    .number()
    .int()
    .min(FAILURE_WINDOW_HOURS.min)
    .max(FAILURE_WINDOW_HOURS.max)
    .default(FAILURE_WINDOW_HOURS.default),
});
