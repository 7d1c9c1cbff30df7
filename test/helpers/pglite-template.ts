import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/platform/db.ts';
import { migrate } from '../../src/platform/migrate.ts';

const root = new URL('../../', import.meta.url).pathname;
const migrations = join(root, 'migrations');

/** What the template depends on: every migration's text and the PGlite release that wrote it. */
function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json')));
  for (const name of readdirSync(migrations).sort()) hash.update(name).update(readFileSync(join(migrations, name)));
  return hash.digest('hex').slice(0, 16);
}

let ready: Promise<string> | undefined;

/**
 * A migrated PGlite data directory, made once per checkout and migration set. PGlite runs initdb
 * inside WebAssembly on every new database, 6 to 15 s of CPU on the CI machine; opening a copy
 * of an initialised one takes half a second. npm test makes it before the test files start.
 */
export function pgliteTemplate(): Promise<string> {
  ready ??= build();
  return ready;
}

async function build(): Promise<string> {
  const cache = join(root, 'node_modules', '.cache', 'promo-test');
  const dir = join(cache, `pglite-${templateKey()}`);
  if (existsSync(dir)) return dir;
  // Test files started together may all build it; each builds apart and the first rename wins.
  const out = join(cache, `pglite-build-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const db = await openDb({ dataDir: out });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  try {
    renameSync(join(out, 'pglite'), dir);
  } catch (e) {
    if (!existsSync(dir)) throw e;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return dir;
}

/** Puts a copy of the template where openDb({ dataDir }) looks for its database. */
export async function seedDataDir(dataDir: string): Promise<void> {
  cpSync(await pgliteTemplate(), join(dataDir, 'pglite'), { recursive: true });
}
