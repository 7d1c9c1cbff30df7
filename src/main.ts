import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { ConfigError, describeConfig, loadConfig, redactUrl, type Config } from './config.ts';
import { openDb, type Db } from './platform/db.ts';
import { migrate } from './platform/migrate.ts';
import { createMetrics } from './platform/metrics.ts';
import { seedDemoRecords } from './demo/demo-seed.ts';
import { demoUsers } from './features/identity/demo-users.ts';
import { mountDemoEmulator, demoConnectionMappings } from './demo/demo-emulator.ts';
import { createBoomiClient, type BoomiClientConfig } from './boomi/index.ts';
import type { EmulatorControl, EmulatorOptions } from '../emulator/index.ts';

export interface RunningService {
  app: FastifyInstance;
  db: Db;
  config: Config;
  url: string;
  /** Demo mode: the in-process Boomi emulator's knobs (browser tests inject faults with it). */
  emulator: EmulatorControl | undefined;
  stop(): Promise<void>;
}

/** Thrown for start-up failures that deserve one clear line and a non-zero exit. */
export class StartupError extends Error {}

export async function startService(
  env: Record<string, string | undefined> = process.env,
  opts: {
    emulator?: EmulatorOptions;
    /** Browser tests: read the emulator's short branch, merge and release stages as often as they change. */
    boomiPolling?: BoomiClientConfig['polling'];
  } = {},
): Promise<RunningService> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) throw new StartupError(e.message);
    throw e;
  }
  const where = config.databaseUrl
    ? `PostgreSQL at ${redactUrl(config.databaseUrl)}`
    : `embedded PGlite in ${config.dataDir}`;
  let db: Db;
  try {
    db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
    await migrate(db);
  } catch (e) {
    throw new StartupError(`Cannot open the database (${where}): ${(e as Error).message}`);
  }

  const plugins: Array<(app: FastifyInstance) => Promise<void>> = [];
  let emulator: EmulatorControl | undefined;
  if (config.demo) {
    await seedDemoRecords(db, config, demoConnectionMappings());
    plugins.push(async (app) => {
      emulator = await mountDemoEmulator(app, config, opts.emulator);
    });
  }
  const metrics = createMetrics({ defaultMetrics: true });
  const app = await buildApp({
    config,
    db,
    metrics,
    logger: { level: config.logLevel },
    plugins,
    boomi: opts.boomiPolling && createBoomiClient({ ...config.boomi, polling: opts.boomiPolling }, { metrics }),
  });
  app.log.info({ config: describeConfig(config) }, 'starting Promo');
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await db.close();
    throw new StartupError(`Cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  return {
    app,
    db,
    config,
    url,
    emulator,
    async stop() {
      await app.close();
      await db.close();
    },
  };
}

export function startBanner(s: RunningService): string {
  const lines = [
    `Promo is running at ${s.url}`,
    `  Dashboard: ${s.url}/`,
    `  API docs:  ${s.url}/docs`,
    `  Database:  ${s.config.databaseUrl ? redactUrl(s.config.databaseUrl) : `embedded PGlite in ${s.config.dataDir}`}`,
    `  Boomi:     ${s.config.boomi.baseUrl}  (account ${s.config.boomi.accountId}, user ${s.config.boomi.user})`,
  ];
  if (s.config.demo) {
    // Says where Promo's Boomi calls go: the built-in emulator, or another emulator BOOMI_BASE_URL names.
    const builtIn = s.config.boomi.baseUrl.endsWith('/boomi-emulator');
    lines.push(
      '',
      'Demo mode: demo users, demo tokens and a Boomi emulator with demo credentials; never a real Boomi account.',
      builtIn
        ? 'Promo uses the built-in Boomi emulator, which answers under'
        : 'The built-in Boomi emulator answers under',
      `  ${s.url}/boomi-emulator/partner/api/rest/v1/acme-PRIMARY/...  (user BOOMI_TOKEN.promo@acme.example, token demo-boomi-token)`,
      ...(builtIn ? [] : [`Promo's own calls go to the emulator at ${s.config.boomi.baseUrl}.`]),
      '',
      'Demo users (sign in on the dashboard, or use the API token with HTTP Basic):',
      ...demoUsers(s.config.groups).map(
        (u) => `  ${u.email.padEnd(22)} token ${u.token.padEnd(12)} groups ${u.groups.join(', ')}`,
      ),
      '',
      'Try:',
      `  curl -s -u alice@acme.example:demo-alice -X POST ${s.url}/fs/PromotionService/getDevAccounts`,
    );
  }
  return lines.join('\n');
}
