import { createBoomiClient, toWriteXml } from '../src/boomi/index.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../src/demo/demo-emulator.ts';
import { createEmulator, DEMO, generateComponents } from '../emulator/index.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { printTable } from './load.ts';

const LATENCY_MS = 100;
const LIMIT = 10;
const AUTH = `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}`;

/**
 * `npm run bench -- drift`: one drift check (and branch reconciliation) over 2,000 mapped
 * production components and 20 extra environments, against the emulator with 100 ms latency and
 * a 10 requests/second limit. The bound is calls / limit + one latency: no client can be faster.
 */
export async function runDriftBench(
  components = Number(process.env.BENCH_COMPONENTS ?? 2000),
  environments = 20,
  edited = 10,
) {
  const emulator = createEmulator({ latencyMs: 0, rateLimit: 0 });
  const primary = DEMO.primaryAccountId;
  const generated = generateComponents({
    seed: 'drift-bench',
    accountId: primary,
    count: components,
    folder: 'Acme/Bench',
    namePrefix: 'Bench Profile',
  });
  emulator.control.addFixture({
    components: generated,
    environments: Array.from({ length: environments }, (_, i) => ({
      accountId: primary,
      id: `bench-env-${String(i).padStart(2, '0')}`,
      name: `Bench ${i % 2 ? 'Test' : 'Production'} ${i}`,
      classification: i % 2 ? ('TEST' as const) : ('PROD' as const),
    })),
    users: [{ userName: 'mallory@acme.example', token: 'mallory-token', accountId: primary }],
  });
  const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
  // Someone edits a few production components by hand, so the check has findings to record.
  const mallory = createBoomiClient(
    { baseUrl: url, accountId: primary, user: 'BOOMI_TOKEN.mallory@acme.example', token: 'mallory-token' },
    { rateLimiter: { acquire: async () => {} } },
  );
  for (const c of generated.slice(0, edited)) {
    const source = await mallory.components.get(c.id);
    await mallory.components.update(c.id, toWriteXml(source, { description: 'edited by hand' }));
  }
  emulator.control.configure({ latencyMs: LATENCY_MS, rateLimit: LIMIT });

  const db = await freshDb(process.env.BENCH_DATABASE_URL);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/promo-bench',
    BOOMI_BASE_URL: url,
    BOOMI_RATE_LIMIT: String(LIMIT),
    DRIFT_CHECK_CRON: 'off',
    SYNC_WAIT_SECONDS: '600',
  });
  await seedDemoRecords(db, config, demoConnectionMappings());
  await db.query(
    `insert into component_mapping (dev_component_id, dev_account_id, prod_component_id, component_name, component_type,
       prod_account_id, prod_latest_version, last_promoted_at, last_promoted_by, mapping_source, prod_version_read_at)
     select 'dev-' || g.id, 'acme-DEVA', g.id, g.name, 'profile.json', $3, 1, now(), 'alice@acme.example',
       'PROMOTION_ENGINE', now()
       from unnest($1::text[], $2::text[]) as g(id, name)`,
    [generated.map((c) => c.id), generated.map((c) => c.name), primary],
  );
  const app = await buildApp({ config, db });
  await app.ready();
  try {
    emulator.control.resetCounters();
    const t0 = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/fs/PromotionService/checkDrift',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      payload: '{}',
    });
    const wall = (performance.now() - t0) / 1000;
    const body = res.json() as Record<string, number | string | boolean>;
    if (body.success !== true) throw new Error(`checkDrift failed: ${JSON.stringify(body)}`);
    const counters = emulator.control.counters();
    const calls = Object.values(counters).reduce((a, b) => a + b, 0);
    const bound = calls / LIMIT + LATENCY_MS / 1000;
    printTable([
      {
        components,
        environments: Number(body.environmentsChecked),
        'Boomi calls': calls,
        'calls/component': (calls / components).toFixed(3),
        findings: Number(body.openFindings),
        'wall s': wall.toFixed(1),
        'bound s': bound.toFixed(1),
        'wall/bound': (wall / bound).toFixed(2),
      },
    ]);
    console.log(
      '\ncalls by operation:',
      Object.entries(counters)
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
    );
    console.log(
      `targets: calls/component <= 0.05 (${calls / components <= 0.05 ? 'met' : 'MISSED'}), ` +
        `wall/bound <= 1.2 (${wall / bound <= 1.2 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await app.close();
    await emulator.close();
    await dropDb(db);
  }
}
