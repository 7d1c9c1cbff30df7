import type { Clock } from '../../platform/clock.ts';
import {
  createOutboxLoop,
  type OutboxAttempt,
  type OutboxLog,
  type OutboxLoop,
  type OutboxTiming,
} from '../../platform/outbox.ts';
import { deliveryBody } from './webhook-messages.ts';
import { describeFailure, signatureHeader } from './webhook-rules.ts';
import type { DueDelivery, WebhookStore } from './webhook-store.ts';

export type DispatcherLog = OutboxLog;

export interface DispatcherOptions extends OutboxTiming {
  /** One attempt's limit: a receiver that hangs is a failed attempt, not a stuck dispatcher. */
  timeoutMs: number;
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

/** The webhook outbox's loop; new events are also sent at once after the commit that queued them (`kick`). */
export type WebhookDispatcher = OutboxLoop;

export function createWebhookDispatcher(deps: {
  store: WebhookStore;
  clock: Clock;
  log: DispatcherLog;
  options?: Partial<DispatcherOptions> | undefined;
}): WebhookDispatcher {
  const { store, clock } = deps;
  const o: DispatcherOptions = { ...DEFAULT_DISPATCHER_OPTIONS, ...deps.options };

  const post = async (d: DueDelivery): Promise<OutboxAttempt> => {
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

  return createOutboxLoop({
    timing: o,
    clock,
    log: deps.log,
    claimDue: (now, limit, leaseUntil) => store.claimDue(now, limit, leaseUntil),
    send: post,
    markSent: (d, at, httpStatus) => store.markSent(d.deliveryId, at, httpStatus ?? 0),
    markFailed: (d, failure, next) =>
      store.markFailed(d.deliveryId, { httpStatus: failure.httpStatus ?? null, error: failure.error }, next),
    // Neither the URL (Slack's and Teams' URLs are credentials) nor the secret is logged.
    describe: (d) => ({ deliveryId: d.deliveryId, webhookId: d.webhookId, eventType: d.eventType }),
    messages: {
      retrying: 'webhook delivery failed; will retry',
      gaveUp: 'webhook delivery failed for good',
      runFailed: 'webhook dispatch failed',
    },
    // One slow receiver must not hold up every other endpoint's events.
    parallel: true,
  });
}
