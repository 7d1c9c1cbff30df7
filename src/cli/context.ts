import type { Client } from './client.ts';
import type { Log } from './follow.ts';

/** What a command works with: the service, and where its words go. */
export interface Ctx {
  client: Client;
  /** The result: a record id, a table, or (with --json) one JSON document. */
  out(text: string): void;
  /** Progress, summaries and warnings: never mixed into what a script captures. */
  log: Log;
}

/** An option given several times (`--env Test --env Staging`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Finds one item by its id or its (case-insensitive) name. */
export function byIdOrName<T>(items: T[], wanted: string, id: (t: T) => string, name: (t: T) => string) {
  return items.find((t) => id(t) === wanted) ?? items.find((t) => same(name(t), wanted));
}
