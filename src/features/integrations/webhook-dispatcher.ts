import type { Clock } from '../../platform/clock.ts';
import { deliveryBody } from './webhook-messages.ts';
import { describeFailure, retryDelayMs, signatureHeader } from './webhook-rules.ts';
import type { DueDelivery, WebhookStore } from './webhook-store.ts';

export interface DispatcherLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface DispatcherOptions {
  /** How often the dispatcher looks for due deliveries (new events are also sent at once after commit). */
  intervalMs: number;
  /** Attempts before a delivery is FAILED for good. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** One attempt's limit: a receiver that hangs is a failed attempt, not a stuck dispatcher. */
  timeoutMs: number;
  batchSize: number;
  /** How long a claimed delivery stays hidden from other replicas while it is being sent. */
  leaseMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  intervalMs: 5_000,
  maxAttempts: 10,
  baseBackoffMs: 10_000,
  maxBackoffMs: 3_600_000,
  timeoutMs: 10_000,
  batchSize: 20,
  leaseMs: 5 * 60_000,
};

export interface DispatchReport {
  sent: number;
  retrying: number;
  failed: number;
}

export interface WebhookDispatcher {
  /** Sends what is due now; runs one at a time per process. */
  deliverDue(): Promise<DispatchReport>;
  /** Asks for a run soon (after a commit that queued deliveries), without waiting for it. */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
}

const NOTHING: DispatchReport = { sent: 0, retrying: 0, failed: 0 };

type Outcome = { ok: true; httpStatus: number } | { ok: false; httpStatus: number | null; error: string };

export function createWebhookDispatcher(deps: {
  store: WebhookStore;
  clock: Clock;
  log: DispatcherLog;
  options?: Partial<DispatcherOptions> | undefined;
}): WebhookDispatcher {
  const { store, clock, log } = deps;
  const o: DispatcherOptions = { ...DEFAULT_DISPATCHER_OPTIONS, ...deps.options };
  let running: Promise<DispatchReport> = Promise.resolve(NOTHING);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const post = async (d: DueDelivery): Promise<Outcome> => {
    const body = deliveryBody(d.format, d.event);
    const timestamp = Math.floor(clock.now() / 1000);
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Promo-Webhooks/1',
          'promo-signature': signatureHeader(d.secret, timestamp, body),
          'promo-event-id': d.eventId,
          'promo-event-type': d.eventType,
          'promo-delivery-id': d.deliveryId,
        },
        body,
        // A redirect could lead anywhere, Promo itself included: it counts as a failed attempt.
        redirect: 'manual',
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      // The receiver's body is not ours to keep (it may echo anything); only the status is logged.
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status };
      return { ok: false, httpStatus: res.status, error: `HTTP ${res.status} ${res.statusText}`.trim() };
    } catch (e) {
      return { ok: false, httpStatus: null, error: describeFailure(e, o.timeoutMs) };
    }
  };

  const deliverOne = async (d: DueDelivery, report: DispatchReport) => {
    const outcome = await post(d);
    if (outcome.ok) {
      await store.markSent(d.deliveryId, new Date(clock.now()), outcome.httpStatus);
      report.sent++;
      return;
    }
    const giveUp = d.attempts >= o.maxAttempts;
    const next = giveUp ? undefined : new Date(clock.now() + retryDelayMs(d.attempts, o.baseBackoffMs, o.maxBackoffMs));
    await store.markFailed(d.deliveryId, { httpStatus: outcome.httpStatus, error: outcome.error }, next);
    if (giveUp) report.failed++;
    else report.retrying++;
    // Neither the URL (Slack's and Teams' URLs are credentials) nor the secret is logged.
    log.warn(
      {
        deliveryId: d.deliveryId,
        webhookId: d.webhookId,
        eventType: d.eventType,
        attempts: d.attempts,
        error: outcome.error,
        retryAt: next?.toISOString(),
      },
      giveUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
    );
  };

  const deliverOnce = async (): Promise<DispatchReport> => {
    const report = { ...NOTHING };
    const now = clock.now();
    const due = await store.claimDue(new Date(now), o.batchSize, new Date(now + o.leaseMs));
    // In parallel: one slow receiver must not hold up every other endpoint's events.
    await Promise.all(due.map((d) => deliverOne(d, report)));
    return report;
  };

  const dispatcher: WebhookDispatcher = {
    deliverDue() {
      // Chained, so the timer, a kick and a direct call never claim at the same time in one process.
      const next = running.catch(() => NOTHING).then(deliverOnce);
      running = next;
      return next;
    },
    kick() {
      if (stopped) return;
      dispatcher
        .deliverDue()
        .catch((e: unknown) =>
          log.error({ err: e instanceof Error ? e.message : String(e) }, 'webhook dispatch failed'),
        );
    },
    start() {
      if (timer) return;
      stopped = false;
      timer = setInterval(() => dispatcher.kick(), o.intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running.catch(() => NOTHING);
    },
  };
  return dispatcher;
}
