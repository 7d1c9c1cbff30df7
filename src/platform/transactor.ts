import type { Queryable } from './db.ts';

/**
 * What services see of the database: a way to run work in one transaction. The handle is opaque
 * to them; they pass it on to stores so a state change, its audit event and its outbox email
 * commit together.
 */
export type Tx = Queryable;

export interface Transactor {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}
