import type { Clock } from '../platform/clock.ts';
import type { Queryable } from '../platform/db.ts';
import type { RateLimiter, TokenBucketOptions } from './rate-limiter.ts';
import { Semaphore } from './semaphore.ts';

export interface DatabaseBudgetOptions extends TokenBucketOptions {
  /** One budget per Boomi base URL and account (`budgetKey`). */
  key: string;
  /**
   * How far ahead a caller may reserve a slot (default 1 s). A caller whose slot would lie further
   * out waits in its own process and asks again, so a replica killed with callers waiting wastes
   * at most this much of the budget: nothing held in the table needs cleaning up.
   */
  horizonMs?: number;
  /** A reservation slower than this counts as a database failure (default 2 s). */
  statementTimeoutMs?: number;
  /** After a database failure, callers use the fallback this long before asking again (default 5 s). */
  retryAfterMs?: number;
}

export interface DatabaseBudgetDeps {
  db: Pick<Queryable, 'query'>;
  clock: Clock;
  /** The process's own bucket at the same rate, used while the database cannot be asked. */
  fallback: RateLimiter;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export const budgetKey = (baseUrl: string, accountId: string) => `${baseUrl.replace(/\/+$/, '')}|${accountId}`;

/** A statement parameter holding milliseconds, as an interval. */
const ms = (param: string) => `${param}::float8 * interval '1 millisecond'`;
const msOf = (expr: string) => `(extract(epoch from ${expr}) * 1000)::float8`;

/**
 * A time column, or the server's time when the column lies further ahead than any reservation
 * can (`$max` ms): should the server's clock step back, the budget recovers at once instead of
 * stalling for the step (the reservations made before it may then overlap, once).
 */
const capped = (col: string, max: string) =>
  `(case when ${col} > clock_timestamp() + ${ms(max)} then clock_timestamp() else ${col} end)`;
const start = (max: string) => `greatest(${capped('b.tat', max)}, clock_timestamp())`;

// One statement per reservation, evaluated on the server's clock. clock_timestamp() rather than
// now(): under contention the row lock is taken after a wait, and PostgreSQL re-evaluates these
// expressions on the latest row version after it, so the time read is the time of the grant.
// `cur` is the row as the statement's snapshot saw it: when the slot lies beyond the horizon it
// says how long until it would not. $2 interval, $3 tolerance, $4 horizon, $5 largest lead.
const FOREGROUND = `
  with cur as (select tat from boomi_budget where budget_key = $1),
  upd as (
    update boomi_budget b
       set tat = ${start('$5')} + ${ms('$2')},
           foreground_until = greatest(${capped('b.foreground_until', '$5')}, ${start('$5')} - ${ms('$3')})
     where b.budget_key = $1
       and ${start('$5')} - ${ms('$3')} <= clock_timestamp() + ${ms('$4')}
    returning b.tat - ${ms('$2')} - ${ms('$3')} as allowed_at
  )
  select (select ${msOf('allowed_at - clock_timestamp()')} from upd) as wait_ms,
         (select ${msOf(`${capped('tat', '$5')} - ${ms('$3')} - ${ms('$4')} - clock_timestamp()`)} from cur) as retry_ms`;

// A background caller takes a slot only when no foreground caller of any replica holds one still
// to come and the bucket keeps a spare token for the next foreground arrival. $2 interval,
// $3 spare, $4 largest lead.
const BACKGROUND = `
  with cur as (select tat, foreground_until from boomi_budget where budget_key = $1),
  upd as (
    update boomi_budget b set tat = ${start('$4')} + ${ms('$2')}
     where b.budget_key = $1
       and ${capped('b.foreground_until', '$4')} <= clock_timestamp()
       and ${capped('b.tat', '$4')} - ${ms('$3')} <= clock_timestamp()
    returning 1
  )
  select exists (select 1 from upd) as granted,
         (select ${msOf(`greatest(${capped('foreground_until', '$4')}, ${capped('tat', '$4')} - ${ms('$3')}) - clock_timestamp()`)}
            from cur) as free_in_ms`;

const CREATE = 'insert into boomi_budget (budget_key) values ($1) on conflict (budget_key) do nothing';

/**
 * The Boomi request budget of one account shared by every replica on one PostgreSQL server: the
 * same GCRA as TokenBucket (any window T holds at most burst + rate * T requests), its state in a
 * `boomi_budget` row. Callers of one process queue here and only the head asks the database, so
 * a process has one reservation statement in flight and its callers keep their order.
 *
 * When the database cannot be asked, callers fall back to the process's own bucket at the
 * configured rate rather than fail: a promotion half-way through should not fail for a brief
 * failover, and the client retries the 503s that several replicas pacing alone may draw.
 */
export class DatabaseBudget implements RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly spareMs: number;
  private readonly horizonMs: number;
  private readonly statementTimeoutMs: number;
  private readonly retryAfterMs: number;
  /** Further than `tat` can lie ahead: a slot at the horizon, its interval, and a millisecond. */
  private readonly maxLeadMs: number;
  private readonly head = new Semaphore(1);
  private foregroundWaiting = 0;
  /** While set, the database failed and callers use the fallback until this time (clock ms). */
  private degradedUntil: number | undefined;

  constructor(
    private readonly opts: DatabaseBudgetOptions,
    private readonly deps: DatabaseBudgetDeps,
  ) {
    if (!(opts.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    if (!(opts.burst >= 1)) throw new RangeError('burst must be >= 1');
    this.intervalMs = 1000 / opts.ratePerSecond;
    this.toleranceMs = (Math.floor(opts.burst) - 1) * this.intervalMs;
    this.spareMs = Math.max(0, this.toleranceMs - this.intervalMs);
    this.horizonMs = opts.horizonMs ?? 1000;
    this.statementTimeoutMs = opts.statementTimeoutMs ?? 2000;
    this.retryAfterMs = opts.retryAfterMs ?? 5000;
    this.maxLeadMs = this.horizonMs + this.toleranceMs + this.intervalMs + 1;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.foregroundWaiting++;
    let wait: number | undefined;
    try {
      const release = await this.head.acquire(signal);
      try {
        wait = await this.reserveForeground(signal);
      } finally {
        release();
      }
    } finally {
      this.foregroundWaiting--;
    }
    if (wait === undefined) return this.deps.fallback.acquire(signal);
    if (wait > 0) await this.deps.clock.sleep(wait, signal);
  }

  async acquireBackground(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.degraded()) {
        const { fallback } = this.deps;
        return (fallback.acquireBackground ?? fallback.acquire).call(fallback, signal);
      }
      // A foreground caller of this process queued for the head has no reservation yet, so the
      // table cannot show it; it goes first.
      if (this.foregroundWaiting > 0) {
        await this.deps.clock.sleep(this.intervalMs, signal);
        continue;
      }
      const row = await this.ask<{ granted: boolean; free_in_ms: number | null }>(BACKGROUND, [
        this.opts.key,
        this.intervalMs,
        this.spareMs,
        this.maxLeadMs,
      ]);
      if (!row) continue;
      if (row.granted) return;
      if (row.free_in_ms === null) await this.ask(CREATE, [this.opts.key]);
      else await this.deps.clock.sleep(clamp(row.free_in_ms, 5, this.intervalMs), signal);
    }
  }

  /** Milliseconds to wait for the reserved slot, or undefined when the database failed. */
  private async reserveForeground(signal?: AbortSignal): Promise<number | undefined> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.degraded()) return undefined;
      const row = await this.ask<{ wait_ms: number | null; retry_ms: number | null }>(FOREGROUND, [
        this.opts.key,
        this.intervalMs,
        this.toleranceMs,
        this.horizonMs,
        this.maxLeadMs,
      ]);
      if (!row) return undefined;
      if (row.wait_ms !== null) return Math.max(0, row.wait_ms);
      if (row.retry_ms === null) await this.ask(CREATE, [this.opts.key]);
      else await this.deps.clock.sleep(clamp(row.retry_ms, 5, this.horizonMs), signal);
    }
  }

  private degraded(): boolean {
    return this.degradedUntil !== undefined && this.deps.clock.now() < this.degradedUntil;
  }

  /** Runs one statement; a failure or a timeout starts (or extends) the fallback period. */
  private async ask<R>(sql: string, params: unknown[]): Promise<R | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' })),
        this.statementTimeoutMs,
      );
    });
    try {
      const { rows } = await Promise.race([this.deps.db.query<R>(sql, params), timeout]);
      if (this.degradedUntil !== undefined) {
        this.degradedUntil = undefined;
        this.deps.log?.info(
          { budget: this.opts.key },
          'Boomi budget: the database answers again; shared pacing resumed',
        );
      }
      return rows[0];
    } catch (e) {
      // Logged once per outage, with the error's code and text only, and any credentials in a
      // URL of that text masked: the log must never hold the database password.
      if (this.degradedUntil === undefined) {
        const err = e as { code?: unknown; message?: unknown };
        const error = String(err.message ?? e).replace(/\/\/[^/@\s]*@/g, '//***@');
        this.deps.log?.warn(
          { budget: this.opts.key, code: err.code, error },
          'Boomi budget: the database cannot be asked; pacing this process on its own bucket until it can',
        );
      }
      this.degradedUntil = this.deps.clock.now() + this.retryAfterMs;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));
