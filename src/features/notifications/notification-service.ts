import type { Clock } from '../../platform/clock.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { ComposeEmail, Email, MailContext } from './email-templates.ts';
import type { Notification, NotificationQuery, NotificationStore } from './notification-store.ts';

export interface NotificationLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

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

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

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

const NOTHING: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };

/** Exponential backoff: base, 2x base, 4x base ... capped. */
export const backoffMs = (attempts: number, baseMs: number, maxMs: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));

export function createNotificationService(deps: NotificationDeps): NotificationService {
  const { store, context, mailer, clock, log } = deps;
  const intervalMs = deps.intervalMs ?? 15_000;
  const maxAttempts = deps.maxAttempts ?? 8;
  const baseBackoffMs = deps.baseBackoffMs ?? 30_000;
  const maxBackoffMs = deps.maxBackoffMs ?? 3_600_000;
  const batchSize = deps.batchSize ?? 20;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  let running: Promise<DeliveryReport> = Promise.resolve(NOTHING);
  let timer: NodeJS.Timeout | undefined;

  const deliverOnce = async (m: Mailer): Promise<DeliveryReport> => {
    const report = { ...NOTHING };
    const now = clock.now();
    const due = await store.claimDue(new Date(now), batchSize, new Date(now + leaseMs));
    for (const n of due) {
      try {
        await m.send({ to: n.to, cc: n.cc, subject: n.subject, text: n.text });
      } catch (e) {
        const error = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
        const giveUp = n.attempts >= maxAttempts;
        const next = giveUp ? undefined : new Date(clock.now() + backoffMs(n.attempts, baseBackoffMs, maxBackoffMs));
        await store.markFailed(n.id, error, next);
        if (giveUp) report.failed++;
        else report.retrying++;
        log.warn(
          { notificationId: n.id, kind: n.kind, attempts: n.attempts, error, retryAt: next?.toISOString() },
          giveUp ? 'email failed for good' : 'email delivery failed; will retry',
        );
        continue;
      }
      await store.markSent(n.id, new Date(clock.now()));
      report.sent++;
    }
    return report;
  };

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
    deliverDue() {
      if (!mailer) return Promise.resolve(NOTHING);
      // Chained, so the timer and a direct call never claim at the same time in one process.
      const next = running.catch(() => NOTHING).then(() => deliverOnce(mailer));
      running = next;
      return next;
    },
    list: (q) => store.list(q),
    start() {
      if (!mailer || timer) return;
      timer = setInterval(() => {
        service
          .deliverDue()
          .catch((e: unknown) =>
            log.error({ err: e instanceof Error ? e.message : String(e) }, 'email dispatcher run failed'),
          );
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running.catch(() => NOTHING);
      mailer?.close();
    },
  };
  return service;
}
