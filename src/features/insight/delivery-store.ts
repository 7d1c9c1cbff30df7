import type { MetricBucket } from '../../contracts/insight.ts';

/** What one metrics query asks for. */
export interface DeliveryQuery {
  from: Date;
  to: Date;
  bucket: MetricBucket;
  failureWindowHours: number;
  /** A team SSO group id (case-insensitive). */
  team?: string | undefined;
  processId?: string | undefined;
  /** Dev accounts whose processes may be listed; undefined: every account. */
  processAccounts?: readonly string[] | undefined;
}

/** The figures of one group of production deployments. */
export interface DeliveryFigures {
  deployments: number;
  failures: number;
  leadTime: Percentiles;
  restore: Percentiles;
}

export interface Percentiles {
  count: number;
  median: number | null;
  p90: number | null;
}

/** One group: overall, a team or a process, over the whole period (bucket null) or one bucket. */
export interface DeliveryGroup extends DeliveryFigures {
  scope: 'ALL' | 'TEAM' | 'PROCESS';
  key: string | null;
  name: string | null;
  bucket: Date | null;
}

export interface DeliveryStore {
  /** Every group of the query in one pass over the records. */
  groups(q: DeliveryQuery): Promise<DeliveryGroup[]>;
}
