import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/platform/db.ts';
import { seedDemoRecords } from '../../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../../src/demo/demo-emulator.ts';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.ts';

export const NO_DELAYS = {
  branchCreateMs: 0,
  branchDeleteMs: 0,
  mergeDraftMs: 0,
  mergeReviewMs: 0,
  mergeExecuteMs: 0,
  releaseMs: 0,
};

export function testConfig(env: Record<string, string> = {}): Config {
  // No scheduled drift check unless a test asks: it would add Boomi calls at the top of the hour.
  return loadConfig({ DATA_DIR: '/tmp/promo-test-unused', LOG_LEVEL: 'silent', DRIFT_CHECK_CRON: 'off', ...env });
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  /** The Boomi emulator this app talks to, when started with `emulator`. */
  emulator: Emulator | undefined;
  /** POST an action as a user (demo token by default: `demo-<first name>`). */
  action(
    name: string,
    body: unknown,
    as?: string | { authorization?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
export const demoAuth = (first: string) => basic(`${first}@acme.example`, `demo-${first}`);

/**
 * The service in demo mode on the given database, with the demo records seeded. With `emulator`,
 * a Boomi emulator (demo fixture, no stage delays, no rate limit unless asked) listens on a
 * loopback port and the service's Boomi client points at it.
 */
export async function buildTestApp(
  db: Db,
  opts: { env?: Record<string, string>; seed?: boolean; emulator?: EmulatorOptions | boolean } & Partial<AppDeps> = {},
): Promise<TestApp> {
  const { env, seed = true, emulator: emulatorOpts, ...deps } = opts;
  let emulator: Emulator | undefined;
  let boomiEnv: Record<string, string> = {};
  if (emulatorOpts) {
    emulator = createEmulator({
      rateLimit: 0,
      stageTimings: NO_DELAYS,
      ...(emulatorOpts === true ? {} : emulatorOpts),
    });
    const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    boomiEnv = { BOOMI_BASE_URL: url, BOOMI_RATE_LIMIT: '50', BOOMI_MAX_CONCURRENCY: '8' };
  }
  const config = testConfig({ ...boomiEnv, ...env });
  if (seed && config.demo) await seedDemoRecords(db, config, demoConnectionMappings());
  const app = await buildApp({ config, db, ...deps });
  if (emulator) app.addHook('onClose', async () => emulator.close());
  await app.ready();
  return {
    app,
    config,
    emulator,
    inject: (o) => app.inject(o),
    async action(name, body, as = 'alice') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (typeof as === 'string') headers.authorization = demoAuth(as);
      else {
        if (as.authorization) headers.authorization = as.authorization;
        Object.assign(headers, as.headers);
      }
      const res = await app.inject({
        method: 'POST',
        url: `/fs/PromotionService/${name}`,
        headers,
        payload: JSON.stringify(body),
      });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    },
  };
}
