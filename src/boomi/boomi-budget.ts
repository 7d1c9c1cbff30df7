import type { Clock } from '../platform/clock.ts';
import { openDb, type Db } from '../platform/db.ts';
import { DatabaseBudget, budgetKey } from './database-budget.ts';
import { DEFAULT_BURST, sharedRateLimiter, type RateLimiter } from './rate-limiter.ts';

/** `auto`: shared through the database on a PostgreSQL server, per process on embedded PGlite. */
export type BudgetMode = 'auto' | 'database' | 'process';

export interface BoomiBudgetOptions {
  mode: BudgetMode;
  db: Db;
  baseUrl: string;
  accountId: string;
  ratePerSecond: number;
  burst?: number;
  clock: Clock;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export interface BoomiBudget {
  /** undefined: the client uses the process's bucket (boomi-client.ts). */
  readonly limiter: RateLimiter | undefined;
  readonly shared: boolean;
  close(): Promise<void>;
}

/**
 * Chooses where the Boomi request budget lives. On a PostgreSQL server the budget gets a pool of
 * its own: a reservation must never queue behind the service's transactions, some of which hold
 * a connection while they call Boomi (and would then wait for a reservation: a deadlock).
 */
export async function openBoomiBudget(o: BoomiBudgetOptions): Promise<BoomiBudget> {
  const embedded = o.db.kind === 'pglite' || !o.db.connection;
  if (o.mode === 'process' || (o.mode === 'auto' && embedded)) {
    return { limiter: undefined, shared: false, close: async () => {} };
  }
  const rate = { ratePerSecond: o.ratePerSecond, burst: o.burst ?? DEFAULT_BURST };
  const own =
    !embedded && o.db.connection
      ? await openDb({
          databaseUrl: o.db.connection.connectionString,
          schema: o.db.connection.schema,
          poolSize: 2,
        })
      : undefined;
  const limiter = new DatabaseBudget(
    { key: budgetKey(o.baseUrl, o.accountId), ...rate },
    {
      db: own ?? o.db,
      clock: o.clock,
      fallback: sharedRateLimiter(o.baseUrl, o.accountId, o.clock, rate),
      ...(o.log ? { log: o.log } : {}),
    },
  );
  return { limiter, shared: true, close: async () => own?.close() };
}
