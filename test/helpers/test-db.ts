import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/platform/db.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { seedDataDir } from './pglite-template.ts';

export interface DbVariant {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database: in-memory PGlite, or a new schema on the PostgreSQL server. */
  open(): Promise<Db>;
}

/** PGlite always; PostgreSQL when `npm test` found a server (TEST_DATABASE_URL). */
export function dbVariants(): DbVariant[] {
  const variants: DbVariant[] = [{ name: 'pglite', open: () => freshDb() }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) variants.push({ name: 'postgres', open: () => freshDb(url) });
  return variants;
}

const opened = new Map<Db, string>();
const pgliteDirs = new Map<Db, string>();
// A test that closes its database itself, or fails first, still leaves no copy behind.
process.on('exit', () => {
  for (const dir of pgliteDirs.values()) rmSync(dir, { recursive: true, force: true });
});

export async function freshDb(databaseUrl?: string): Promise<Db> {
  if (!databaseUrl) {
    // A copy of a migrated database on disk: in memory, every test database paid for its own initdb.
    const dir = mkdtempSync(join(tmpdir(), 'promo-test-db-'));
    await seedDataDir(dir);
    const db = await openDb({ dataDir: dir });
    pgliteDirs.set(db, dir);
    await migrate(db);
    return db;
  }
  // A schema per test database: tests never see each other's rows or earlier runs' leftovers.
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const db = await openDb({ databaseUrl, schema, poolSize: Number(process.env.TEST_POOL_SIZE ?? 5) });
  await migrate(db);
  opened.set(db, schema);
  return db;
}

/** Closes the database; on PostgreSQL the test's schema is dropped first. */
export async function dropDb(db: Db): Promise<void> {
  const schema = opened.get(db);
  if (schema) {
    // pg-boss keeps its tables in a sibling schema (see platform/jobs.ts).
    await db.exec(`drop schema if exists "${schema}" cascade; drop schema if exists "${schema}_boss" cascade`);
    opened.delete(db);
  }
  await db.close();
  const dir = pgliteDirs.get(db);
  if (dir) rmSync(dir, { recursive: true, force: true });
  pgliteDirs.delete(db);
}

/** The PostgreSQL schema a test database lives in (for a child process to use the same one). */
export const schemaOf = (db: Db) => opened.get(db);
