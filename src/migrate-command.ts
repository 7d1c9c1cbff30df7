import { loadConfig, redactUrl } from './config.ts';
import { openDb } from './platform/db.ts';
import { migrate } from './platform/migrate.ts';
import { StartupError } from './main.ts';

export async function migrateOnly(): Promise<void> {
  const config = loadConfig();
  let db;
  try {
    db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
  } catch (e) {
    throw new StartupError(
      `Cannot open the database (${config.databaseUrl ? redactUrl(config.databaseUrl) : config.dataDir}): ${(e as Error).message}`,
    );
  }
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date');
  } finally {
    await db.close();
  }
}
