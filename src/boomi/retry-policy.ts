/**
 * When and how long to wait before repeating a Boomi call (README D10; 10-backend.md §5.2, §7.13).
 * 401 and 403 are never repeated: repeated authentication failures can lock the Boomi account.
 */
export interface RetryOptions {
  /** Retries after the first attempt (the spec's schedule is 3: at 1 s, 2 s, 4 s). */
  maxRetries: number;
  /** Delay before the first retry; doubles each time. */
  baseDelayMs: number;
  /** Ceiling of a single computed backoff delay. */
  maxDelayMs: number;
  /** Relative spread around the computed delay: 0.2 means ±20 %. */
  jitter: number;
  /** A `Retry-After` longer than this ends the retries instead of parking the caller. */
  maxRetryAfterMs: number;
  /** Total time one call may spend sleeping between attempts. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  jitter: 0.2,
  maxRetryAfterMs: 60_000,
  budgetMs: 90_000,
};

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter: string | null }
  | { kind: 'timeout' }
  | { kind: 'network'; connectPhase: boolean };

/** Statuses worth repeating: rate limiting (503 is Boomi's documented answer, 429 defensive) and gateway errors. */
const RETRY_STATUS: Record<number, string> = { 429: '429', 502: '502', 503: '503', 504: '504' };

/**
 * The retry reason (a metrics label), or undefined when the outcome must not be repeated. A
 * request that is not idempotent (a create, a merge execute) is repeated after a timeout or a
 * dropped connection only when the connection never opened: otherwise Boomi may already have
 * acted on it (10-backend.md §5.2: look before creating again).
 */
export function retryReason(outcome: AttemptOutcome, idempotent: boolean): string | undefined {
  if (outcome.kind === 'response') return RETRY_STATUS[outcome.status];
  if (outcome.kind === 'network' && outcome.connectPhase) return 'connect';
  if (!idempotent) return undefined;
  return outcome.kind;
}

/** Exponential backoff with proportional jitter; `retry` counts from 1. */
export function backoffDelay(retry: number, opts: RetryOptions, random: () => number): number {
  const raw = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (retry - 1));
  const spread = 1 + opts.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(raw * spread));
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
