import type { Clock } from './clock.ts';

// The dispatcher of a transactional outbox (D12): emails and webhook deliveries are rows written
// with the change they report; this loop claims the due ones, sends them, and retries with
// backoff until they are sent or their attempts are spent. Each outbox brings its rows and how
// one is sent.

export interface OutboxLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface OutboxReport {
  sent: number;
  retrying: number;
  failed: number;
}

export interface OutboxTiming {
  /** How often the loop looks for due rows. */
  intervalMs: number;
  /** Attempts before a row is FAILED for good. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  batchSize: number;
  /** How long a claimed row stays hidden from other replicas while it is being sent. */
  leaseMs: number;
}

/** Why one attempt failed, as the row keeps it. */
export interface OutboxFailure {
  error: string;
  httpStatus?: number | null;
}

/** One attempt's outcome; an HTTP receiver's status is kept either way. */
export type OutboxAttempt = { ok: true; httpStatus?: number | null } | ({ ok: false } & OutboxFailure);

export interface OutboxLoop {
  /** Sends what is due now; runs one at a time per process. */
  deliverDue(): Promise<OutboxReport>;
  /** Asks for a run soon (after a commit that queued rows), without waiting for it. */
  kick(): void;
  start(): void;
  /** Stops the timer and waits for a run in flight. */
  stop(): Promise<void>;
}

export const NO_DELIVERIES: OutboxReport = { sent: 0, retrying: 0, failed: 0 };

/** Exponential backoff: base, 2x base, 4x base ... capped. */
export const backoffMs = (attempts: number, baseMs: number, maxMs: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));

export function createOutboxLoop<T extends { attempts: number }>(deps: {
  timing: OutboxTiming;
  clock: Clock;
  log: OutboxLog;
  /** Claims up to `limit` due rows, counting the attempt and hiding them until `leaseUntil`. */
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<T[]>;
  /** One attempt; a throw counts as a failed attempt with its message. */
  send(row: T): Promise<OutboxAttempt>;
  markSent(row: T, at: Date, httpStatus: number | null): Promise<void>;
  /** `nextAttemptAt` undefined: the attempts are spent, the row is FAILED. */
  markFailed(row: T, failure: OutboxFailure, nextAttemptAt: Date | undefined): Promise<void>;
  /** What a log line says of a row (never a secret or an address that is one). */
  describe(row: T): Record<string, unknown>;
  messages: { retrying: string; gaveUp: string; runFailed: string };
  /** Rows sent side by side, so one slow receiver does not hold up the others; else one by one. */
  parallel?: boolean;
}): OutboxLoop {
  const { timing: t, clock, log } = deps;
  let running: Promise<OutboxReport> = Promise.resolve(NO_DELIVERIES);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const deliverOne = async (row: T, report: OutboxReport) => {
    const attempt = await deps.send(row).catch((e: unknown): OutboxAttempt => ({
      ok: false,
      error: (e instanceof Error ? e.message : String(e)).slice(0, 1000),
    }));
    if (attempt.ok) {
      await deps.markSent(row, new Date(clock.now()), attempt.httpStatus ?? null);
      report.sent++;
      return;
    }
    const giveUp = row.attempts >= t.maxAttempts;
    const next = giveUp ? undefined : new Date(clock.now() + backoffMs(row.attempts, t.baseBackoffMs, t.maxBackoffMs));
    await deps.markFailed(row, attempt, next);
    if (giveUp) report.failed++;
    else report.retrying++;
    log.warn(
      { ...deps.describe(row), attempts: row.attempts, error: attempt.error, retryAt: next?.toISOString() },
      giveUp ? deps.messages.gaveUp : deps.messages.retrying,
    );
  };

  const deliverOnce = async (): Promise<OutboxReport> => {
    const report = { ...NO_DELIVERIES };
    const now = clock.now();
    const due = await deps.claimDue(new Date(now), t.batchSize, new Date(now + t.leaseMs));
    if (deps.parallel) await Promise.all(due.map((row) => deliverOne(row, report)));
    else for (const row of due) await deliverOne(row, report);
    return report;
  };

  const loop: OutboxLoop = {
    deliverDue() {
      // Chained, so the timer, a kick and a direct call never claim at the same time in one process.
      const next = running.catch(() => NO_DELIVERIES).then(deliverOnce);
      running = next;
      return next;
    },
    kick() {
      if (stopped) return;
      loop
        .deliverDue()
        .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, deps.messages.runFailed));
    },
    start() {
      if (timer) return;
      stopped = false;
      timer = setInterval(() => loop.kick(), t.intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running.catch(() => NO_DELIVERIES);
    },
  };
  return loop;
}
