import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { AppError } from './errors.ts';

/** What stores need: parameterised SQL. A transaction hands out the same shape. */
export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs a parameterless script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Inside a transaction: runs `fn` once it has committed (never when it rolls back). Outside
   * one there is nothing to wait for, so `fn` runs at once. For logs that must not claim a change
   * that did not happen.
   */
  afterCommit(fn: () => void): void;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * LISTEN on a channel. `onChange` also fires when the listening connection is lost, because
   * notifications may have been missed; `healthy()` is false until it is back.
   */
  listen(channel: string, onChange: () => void): Promise<Listener>;
  /**
   * Runs `fn` while holding a lock named by `key` across every replica (a PostgreSQL session
   * advisory lock; in-process for embedded PGlite, which one process owns). For work that must
   * not interleave but cannot sit inside one transaction, such as checking and taking a Boomi
   * branch slot.
   */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** The embedded database, for pg-boss's adapter; undefined on a PostgreSQL server. */
  readonly pglite: PGlite | undefined;
  /** Connection settings for a second client of the same database (pg-boss). */
  readonly connection: { connectionString: string; schema: string | undefined } | undefined;
}

export interface Listener {
  healthy(): boolean;
  close(): Promise<void>;
}

// Errors that mean "the database is not there right now", as opposed to a bad statement.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);

export function isDbUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | undefined;
  if (!err) return false;
  if (err.code && UNAVAILABLE_CODES.has(err.code)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    err.message ?? '',
  );
}

function translate(e: unknown): never {
  if (isDbUnavailable(e))
    throw new AppError('DATAHUB_ERROR', 'The database is unavailable; try again shortly.', { cause: e });
  throw e;
}

export interface OpenDbOptions {
  /** postgres:// URL; when unset, embedded PGlite under dataDir (or in memory when dataDir is undefined). */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** PostgreSQL schema to use (tests isolate themselves in a fresh schema). */
  schema?: string | undefined;
  poolSize?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.schema, opts.poolSize ?? 10) : openPglite(opts.dataDir);
}

async function openPostgres(connectionString: string, schema: string | undefined, max: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const q = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    try {
      const r = await client.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    } catch (e) {
      return translate(e);
    }
  };
  const db: Db = {
    kind: 'postgres',
    pglite: undefined,
    connection: { connectionString, schema },
    query: (sql, params) => q(pool, sql, params),
    exec: async (sql) => {
      await q(pool, sql);
    },
    afterCommit: (fn) => fn(),
    async transaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        return translate(e);
      }
      const committed: Array<() => void> = [];
      const tx: Queryable = {
        query: (sql, params) => q(client, sql, params),
        exec: async (sql) => {
          await q(client, sql);
        },
        afterCommit: (f) => committed.push(f),
      };
      try {
        await client.query('begin');
        const result = await fn(tx);
        await client.query('commit');
        runAll(committed);
        return result;
      } catch (e) {
        await client.query('rollback').catch(() => {});
        return translate(e);
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await q(pool, 'select 1');
    },
    close: () => pool.end(),
    listen: (channel, onChange) => listenPostgres(connectionString, channel, onChange),
    async withLock(key, fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        return translate(e);
      }
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
  };
  if (schema) {
    await db.exec(`create schema if not exists "${schema.replace(/"/g, '')}"`);
  }
  return db;
}

/** A failing after-commit callback must not turn a committed change into an error. */
function runAll(fns: Array<() => void>) {
  for (const fn of fns) {
    try {
      fn();
    } catch {
      // Logging only; the change is committed.
    }
  }
}

/** Per-key promise chains: the in-process equivalent of an advisory lock. */
class KeyedMutex {
  private tails = new Map<number, Promise<unknown>>();
  run<T>(key: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  const locks = new KeyedMutex();
  let dir: string | undefined;
  if (dataDir) {
    dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const pglite = dir ? await PGlite.create(dir) : await PGlite.create();
  const wrap = (conn: Pick<PGlite, 'query' | 'exec'>, committed?: Array<() => void>): Queryable => ({
    afterCommit: (fn) => (committed ? committed.push(fn) : fn()),
    async query<R>(sql: string, params?: readonly unknown[]) {
      const r = await conn.query<R>(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows = 0 for SELECT; pg reports the row count. Match pg.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
  });
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    pglite,
    connection: undefined,
    ...base,
    async transaction(fn) {
      const committed: Array<() => void> = [];
      const result = await pglite.transaction((tx) => fn(wrap(tx, committed)));
      runAll(committed);
      return result;
    },
    ping: async () => {
      await pglite.query('select 1');
    },
    close: () => pglite.close(),
    async listen(channel, onChange) {
      const unlisten = await pglite.listen(channel, () => onChange());
      return { healthy: () => true, close: () => unlisten() };
    },
    withLock: (key, fn) => locks.run(key, fn),
  };
}

/** A dedicated connection for LISTEN that reconnects with backoff after losing the server. */
async function listenPostgres(connectionString: string, channel: string, onChange: () => void): Promise<Listener> {
  let client: pg.Client | undefined;
  let healthy = false;
  let closed = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
    const lost = () => {
      if (client !== c) return;
      healthy = false;
      client = undefined;
      onChange();
      if (!closed)
        timer = setTimeout(() => {
          void connect().catch(() => {});
        }, retryMs);
      retryMs = Math.min(retryMs * 2, 30_000);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      if (n.channel === channel) onChange();
    });
    client = c;
    try {
      await c.connect();
      await c.query(`listen "${channel.replace(/"/g, '')}"`);
      healthy = true;
      retryMs = 500;
      onChange();
    } catch (e) {
      lost();
      throw e;
    }
  };
  await connect().catch(() => {});
  return {
    healthy: () => healthy,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
