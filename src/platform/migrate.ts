import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url).pathname;
// Any constant works; it only has to be the same for every replica of Promo.
const MIGRATION_LOCK = 7_231_004;

/**
 * Applies migrations/NNNN_*.sql in order, each in its own transaction, once. Several replicas
 * starting together serialise on an advisory lock, so each migration runs exactly once.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  await db.exec(
    'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
  );
  const applied: string[] = [];
  for (const file of files) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rowCount } = await tx.query('select 1 from schema_migrations where version = $1', [file]);
      if (rowCount > 0) return false;
      await tx.exec(readFileSync(join(dir, file), 'utf8'));
      await tx.query('insert into schema_migrations (version) values ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
