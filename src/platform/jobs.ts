import PgBoss from 'pg-boss';
import type { Db, Queryable } from './db.ts';
import type { Tx } from './transactor.ts';
import type { Metrics } from './metrics.ts';

export type JobState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface JobRun {
  id: string;
  kind: string;
  state: JobState;
  promotionId: string | null;
  requestedBy: string;
  progress: { done: number; total: number; step: string | null };
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** A queued run pg-boss holds back until then (a scheduled deployment). */
  startAfter: Date | null;
  /** Touched at least every 15 s while a run is alive (its heartbeat). */
  updatedAt: Date;
}

/** A run the reaper ended because its process died, for the log. */
export interface ReapedRun {
  jobId: string | null;
  promotionId: string;
  reason: string;
}

export interface JobContext {
  id: string;
  /** 1 on the first run; more when a crash or expiry made pg-boss run the job again. */
  attempt: number;
  progress(done: number, total: number, step: string): Promise<void>;
}

/** A handler's outcome: the response the caller would have had synchronously. */
export type JobHandler<T> = (
  data: T,
  ctx: JobContext,
) => Promise<
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: string; message: string; result?: Record<string, unknown> }
>;

export interface Jobs {
  /** Queues a job inside the caller's transaction: it exists exactly when the transaction commits. */
  enqueue(
    tx: Tx,
    kind: string,
    data: Record<string, unknown>,
    meta: { requestedBy: string; promotionId?: string | undefined; startAfter?: Date | undefined },
  ): Promise<string>;
  /**
   * Cancels a run that has not started, in the caller's transaction: false when it has started
   * (or finished), which the caller must respect. A run that starts later finds it FAILED and does nothing.
   */
  cancelQueued(tx: Tx, id: string, code: string, message: string): Promise<boolean>;
  register<T>(
    kind: string,
    handler: JobHandler<T>,
    opts?: { concurrency?: number; expireInSeconds?: number; retryLimit?: number },
  ): Promise<void>;
  get(id: string): Promise<JobRun | undefined>;
  /**
   * Runs `kind` on a cron schedule (pg-boss's, in the database: one run per tick across every
   * replica), or stops it with 'off'. The queue must be registered first. Its runs get a job row
   * like queued ones, requested by `schedule`.
   */
  schedule(kind: string, cron: string, data?: Record<string, unknown>): Promise<void>;
  /**
   * Fails a run whose process died, in the transaction that fails its record, so the job API and
   * the record say the same at the same moment. False when the run had already finished.
   */
  failRun(tx: Tx, id: string, code: string, message: string): Promise<boolean>;
  /** Resolves when the job has finished or `timeoutMs` passed; returns its latest state. */
  waitFor(id: string, timeoutMs: number): Promise<JobRun | undefined>;
  /** Calls `onChange` when any job changes, on any replica. */
  watch(onChange: (jobId: string | undefined) => void): () => void;
  stop(): Promise<void>;
}

interface JobRunRow {
  id: string;
  kind: string;
  state: JobState;
  promotion_id: string | null;
  requested_by: string;
  progress_done: number;
  progress_total: number;
  step: string | null;
  result: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  start_after: Date | null;
  updated_at: Date;
}

const rowToRun = (r: JobRunRow): JobRun => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  promotionId: r.promotion_id,
  requestedBy: r.requested_by,
  progress: { done: r.progress_done, total: r.progress_total, step: r.step },
  result: r.result,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  attempts: r.attempts,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  startAfter: r.start_after,
  updatedAt: r.updated_at,
});

const asBossDb = (q: Queryable): PgBoss.Db => ({
  executeSql: async (text, values) => {
    // pg-boss sends its schema scripts without parameters and in several statements at once.
    if (!values || values.length === 0) {
      if (/;\s*\S/.test(text.trim().replace(/;\s*$/, ''))) {
        await q.exec(text);
        return { rows: [] };
      }
    }
    return q.query(text, values ?? []);
  },
});

/**
 * Durable jobs on pg-boss, on the same database as the records (PGlite or PostgreSQL), plus a
 * `job_run` row per job for progress and results that any replica can serve.
 */
export async function startJobs(
  db: Db,
  opts: {
    schema?: string;
    metrics?: Metrics;
    pollingIntervalSeconds?: number;
    /** How often pg-boss looks at its schedules (default 30 s; tests use less). */
    cronMonitorIntervalSeconds?: number;
  } = {},
): Promise<Jobs> {
  const schema = opts.schema ?? (db.connection?.schema ? `${db.connection.schema}_boss` : 'pgboss');
  const boss = new PgBoss({
    ...(db.kind === 'pglite' ? { db: asBossDb(db) } : { connectionString: db.connection!.connectionString, max: 4 }),
    schema,
    supervise: true,
    // Cron schedules (the drift check): pg-boss sends one job per tick whichever replica sees it.
    schedule: true,
    cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: Math.min(5, opts.cronMonitorIntervalSeconds ?? 5),
    migrate: true,
  });
  boss.on('error', () => {});
  await boss.start();
  const watchers = new Set<(id: string | undefined) => void>();
  const listener = await db.listen('promo_job_run', () => {
    for (const w of watchers) w(undefined);
  });
  const polling = opts.pollingIntervalSeconds ?? 0.5;

  const get = async (id: string) => {
    const { rows } = await db.query<JobRunRow>('select * from job_run where id = $1', [id]);
    return rows[0] ? rowToRun(rows[0]) : undefined;
  };
  const finished = (r: JobRun | undefined) => !r || r.state === 'SUCCEEDED' || r.state === 'FAILED';

  return {
    async enqueue(tx, kind, data, meta) {
      const id = crypto.randomUUID();
      await tx.query(
        'insert into job_run (id, kind, promotion_id, requested_by, start_after) values ($1, $2, $3, $4, $5)',
        [id, kind, meta.promotionId ?? null, meta.requestedBy, meta.startAfter ?? null],
      );
      await boss.send(
        kind,
        { ...data, jobId: id },
        { id, db: asBossDb(tx), ...(meta.startAfter ? { startAfter: meta.startAfter } : {}) },
      );
      return id;
    },
    async cancelQueued(tx, id, code, message) {
      const { rows } = await tx.query<{ kind: string }>(
        `update job_run set state = 'FAILED', error_code = $2, error_message = $3, finished_at = now(),
           updated_at = now() where id = $1 and state = 'QUEUED' returning kind`,
        [id, code, message],
      );
      if (!rows[0]) return false;
      await boss.cancel(rows[0].kind, id, { db: asBossDb(tx) });
      return true;
    },
    async register<T>(
      kind: string,
      handler: JobHandler<T>,
      o: { concurrency?: number; expireInSeconds?: number; retryLimit?: number } = {},
    ) {
      await boss.createQueue(kind, {
        name: kind,
        retryLimit: o.retryLimit ?? 2,
        retryDelay: 1,
        expireInSeconds: o.expireInSeconds ?? 15 * 60,
      });
      const workers = Math.max(1, o.concurrency ?? 2);
      for (let i = 0; i < workers; i++) {
        await boss.work<T & { jobId: string }>(
          kind,
          { pollingIntervalSeconds: polling, batchSize: 1 },
          async ([job]) => {
            if (!job) return;
            const started = Date.now();
            // A scheduled run was sent by pg-boss's clock, not by enqueue: it gets its row here.
            if ((job.data as { scheduled?: unknown }).scheduled === true)
              await db.query(
                `insert into job_run (id, kind, requested_by) values ($1, $2, 'schedule') on conflict (id) do nothing`,
                [job.id, kind],
              );
            // A run the reaper has failed stays failed: pg-boss repeating it later finds nothing to do.
            const { rows } = await db.query<{ attempts: number }>(
              `update job_run set state = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, now()),
                 updated_at = now() where id = $1 and state in ('QUEUED', 'RUNNING') returning attempts`,
              [job.id],
            );
            if (!rows.length) return;
            const ctx: JobContext = {
              id: job.id,
              attempt: rows[0]?.attempts ?? 1,
              progress: async (done, total, step) => {
                await db.query(
                  `update job_run set progress_done = $2, progress_total = $3, step = $4, updated_at = now()
                    where id = $1 and state = 'RUNNING'`,
                  [job.id, done, total, step],
                );
              },
            };
            let outcome: Awaited<ReturnType<JobHandler<T>>>;
            try {
              outcome = await handler(job.data, ctx);
            } catch (e) {
              outcome = { ok: false, code: 'INTERNAL_ERROR', message: (e as Error).message };
            }
            // A handled failure is a finished job (the record says what happened), not a retry.
            await db.query(
              `update job_run set state = $2, result = $3, error_code = $4, error_message = $5, finished_at = now(),
                 updated_at = now() where id = $1 and state = 'RUNNING'`,
              [
                job.id,
                outcome.ok ? 'SUCCEEDED' : 'FAILED',
                JSON.stringify(outcome.result ?? null),
                outcome.ok ? null : outcome.code,
                outcome.ok ? null : outcome.message,
              ],
            );
            opts.metrics?.jobs.inc({ queue: kind, outcome: outcome.ok ? 'succeeded' : 'failed' });
            opts.metrics?.jobDuration.observe({ queue: kind }, (Date.now() - started) / 1000);
          },
        );
      }
    },
    get,
    async schedule(kind, cron, data = {}) {
      if (cron === 'off') await boss.unschedule(kind);
      else await boss.schedule(kind, cron, { ...data, scheduled: true }, { tz: 'UTC' });
    },
    async failRun(tx, id, code, message) {
      const { rows } = await tx.query(
        `update job_run set state = 'FAILED', error_code = $2, error_message = $3, finished_at = now(),
           updated_at = now() where id = $1 and state in ('QUEUED', 'RUNNING') returning id`,
        [id, code, message],
      );
      return rows.length > 0;
    },
    async waitFor(id, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let run = await get(id);
      while (!finished(run) && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, Math.min(250, Math.max(0, deadline - Date.now())));
          function done() {
            clearTimeout(t);
            watchers.delete(done);
            resolve();
          }
          watchers.add(done);
        });
        run = await get(id);
      }
      return run;
    },
    watch(onChange) {
      watchers.add(onChange);
      return () => watchers.delete(onChange);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await listener.close();
    },
  };
}
