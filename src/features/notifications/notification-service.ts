import type { Clock } from '../../platform/clock.ts';
import type { Mailer } from '../../platform/mail.ts';
import { createOutboxLoop, NO_DELIVERIES, type OutboxLog, type OutboxReport } from '../../platform/outbox.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { ComposeEmail, Email, MailContext } from './email-templates.ts';
import type { Notification, NotificationQuery, NotificationStore } from './notification-store.ts';

export type NotificationLog = OutboxLog;

export interface NotificationDeps {
  store: NotificationStore;
  context: MailContext;
  /** Undefined without SMTP_URL: messages then stay PENDING in the outbox, visible to admins. */
  mailer: Mailer | undefined;
  clock: Clock;
  log: NotificationLog;
  /** How often the dispatcher looks for due messages. */
  intervalMs?: number;
  /** Attempts before a message is FAILED for good. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  batchSize?: number;
  /** How long a claimed message stays hidden from other replicas while it is being sent. */
  leaseMs?: number;
}

export type DeliveryReport = OutboxReport;

export interface NotificationService {
  /** The distribution lists and dashboard URL the templates compose with. */
  readonly context: MailContext;
  /**
   * Writes the email to the outbox in the caller's transaction (D12): it is sent only if the
   * transition commits, and its delivery never affects the transition.
   */
  queue(tx: Tx, email: Email | ComposeEmail, opts?: { dedupeKey?: string }): Promise<void>;
  /** Sends what is due now; runs one at a time per process. Without SMTP it sends nothing. */
  deliverDue(): Promise<DeliveryReport>;
  list(q: NotificationQuery): Promise<Notification[]>;
  /** Starts the periodic dispatcher (no-op without SMTP). */
  start(): void;
  /** Stops the dispatcher and waits for a delivery in flight. */
  stop(): Promise<void>;
}

export function createNotificationService(deps: NotificationDeps): NotificationService {
  const { store, context, mailer, clock, log } = deps;
  // Without a mailer nothing is sent: messages stay PENDING, visible to admins.
  const loop =
    mailer &&
    createOutboxLoop({
      timing: {
        intervalMs: deps.intervalMs ?? 15_000,
        maxAttempts: deps.maxAttempts ?? 8,
        baseBackoffMs: deps.baseBackoffMs ?? 30_000,
        maxBackoffMs: deps.maxBackoffMs ?? 3_600_000,
        batchSize: deps.batchSize ?? 20,
        leaseMs: deps.leaseMs ?? 5 * 60_000,
      },
      clock,
      log,
      claimDue: (now, limit, leaseUntil) => store.claimDue(now, limit, leaseUntil),
      send: async (n) => {
        await mailer.send({ to: n.to, cc: n.cc, subject: n.subject, text: n.text });
        return { ok: true };
      },
      markSent: (n, at) => store.markSent(n.id, at),
      markFailed: (n, failure, next) => store.markFailed(n.id, failure.error, next),
      describe: (n) => ({ notificationId: n.id, kind: n.kind }),
      messages: {
        retrying: 'email delivery failed; will retry',
        gaveUp: 'email failed for good',
        runFailed: 'email dispatcher run failed',
      },
    });

  const service: NotificationService = {
    context,
    async queue(tx, email, opts) {
      const e = typeof email === 'function' ? email(context) : email;
      await store.enqueue(tx, {
        kind: e.kind,
        promotionId: e.promotionId,
        to: e.to,
        cc: e.cc,
        subject: e.subject,
        text: e.text,
        dedupeKey: opts?.dedupeKey,
        dueAt: new Date(clock.now()),
      });
    },
    deliverDue: () => loop?.deliverDue() ?? Promise.resolve(NO_DELIVERIES),
    list: (q) => store.list(q),
    start: () => loop?.start(),
    async stop() {
      await loop?.stop();
      mailer?.close();
    },
  };
  return service;
}
