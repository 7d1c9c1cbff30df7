import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/platform/db.ts';
import { seedDemoRecords } from '../../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../../src/demo/demo-emulator.ts';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: '/tmp/promo-test-unused', LOG_LEVEL: 'silent', ...env });
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  /** POST an action as a user (demo token by default: `demo-<first name>`). */
  action(name: string, body: unknown, as?: string | { authorization?: string; headers?: Record<string, string> }): Promise<{ status: number; body: Record<string, unknown> }>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
export const demoAuth = (first: string) => basic(`${first}@acme.example`, `demo-${first}`);

/** The service in demo mode on the given database, with the demo records seeded. */
export async function buildTestApp(db: Db, opts: { env?: Record<string, string>; seed?: boolean } & Partial<AppDeps> = {}): Promise<TestApp> {
  const { env, seed = true, ...deps } = opts;
  const config = testConfig(env);
  if (seed && config.demo) await seedDemoRecords(db, config, demoConnectionMappings());
  const app = await buildApp({ config, db, ...deps });
  await app.ready();
  return {
    app,
    config,
    inject: (o) => app.inject(o),
    async action(name, body, as = 'alice') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (typeof as === 'string') headers.authorization = demoAuth(as);
      else {
        if (as.authorization) headers.authorization = as.authorization;
        Object.assign(headers, as.headers);
      }
      const res = await app.inject({ method: 'POST', url: `/fs/PromotionService/${name}`, headers, payload: JSON.stringify(body) });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    },
  };
}
