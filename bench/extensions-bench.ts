import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../src/demo/demo-emulator.ts';
import { createEmulator, DEMO } from '../emulator/index.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { printTable } from './load.ts';

const LATENCY_MS = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const auth = (who: string) => `Basic ${Buffer.from(`${who}@acme.example:demo-${who}`).toString('base64')}`;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/**
 * `npm run bench -- extensions`: getExtensions and diffExtensions on environments with 500
 * extension components, against the emulator at 100 ms latency. Target: p99 < 300 ms, with a
 * constant number of Boomi calls per request (never one per component).
 */
export async function runExtensionsBench(size = Number(process.env.BENCH_COMPONENTS ?? 500)) {
  const emulator = createEmulator({ latencyMs: LATENCY_MS, rateLimit: 0 });
  const connections = Math.round(size * 0.6);
  for (const env of [DEMO.environments.test, DEMO.environments.production]) {
    emulator.control.addFixture({
      environmentExtensions: [
        {
          accountId: DEMO.primaryAccountId,
          environmentId: env.id,
          generate: { seed: 'bench', connections, processProperties: size - connections },
        },
      ],
    });
  }
  const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
  const db = await freshDb(process.env.BENCH_DATABASE_URL);
  // The client's own limiter is set above what one user's page loads ask for; the figures report
  // the Boomi calls each request made, which is what the shared 10/s budget pays.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/promo-bench',
    BOOMI_BASE_URL: url,
    BOOMI_RATE_LIMIT: '100',
    BOOMI_MAX_CONCURRENCY: '8',
  });
  await seedDemoRecords(db, config, demoConnectionMappings());
  const app = await buildApp({ config, db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const call = async (action: string, body: unknown, who = 'carol') => {
    const res = await fetch(`${base}/fs/PromotionService/${action}`, {
      method: 'POST',
      headers: { authorization: auth(who), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (json.success !== true) throw new Error(`${action}: ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  const scope = { clientAccountId: DEMO.primaryAccountId, environmentId: DEMO.environments.production.id };
  await call('syncExtensionAccess', scope);
  const rows: Array<Record<string, string | number>> = [];
  const measure = async (
    name: string,
    fn: () => Promise<Record<string, unknown>>,
    items: (r: Record<string, unknown>) => number,
  ) => {
    await fn(); // warm-up
    const times: number[] = [];
    let calls = 0;
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      emulator.control.resetCounters();
      const t0 = performance.now();
      const r = await fn();
      times.push(performance.now() - t0);
      calls = Object.values(emulator.control.counters()).reduce((a, b) => a + b, 0);
      count = items(r);
    }
    rows.push({
      action: name,
      components: count,
      runs: RUNS,
      'Boomi calls/request': calls,
      'p50 ms': percentile(times, 50).toFixed(0),
      'p99 ms': percentile(times, 99).toFixed(0),
      'p99 / latency': (percentile(times, 99) / LATENCY_MS).toFixed(2),
    });
  };
  try {
    await measure(
      'getExtensions (admin)',
      () => call('getExtensions', scope),
      (r) => (r.components as unknown[]).length,
    );
    await measure(
      'getExtensions (contributor)',
      () => call('getExtensions', scope, 'alice'),
      (r) => (r.components as unknown[]).length,
    );
    await measure(
      'diffExtensions Test/Production',
      () =>
        call('diffExtensions', {
          clientAccountId: DEMO.primaryAccountId,
          leftEnvironmentId: DEMO.environments.test.id,
          rightEnvironmentId: DEMO.environments.production.id,
        }),
      (r) => new Set((r.rows as Array<{ componentId: string }>).map((x) => x.componentId)).size,
    );
    console.log(`Extensions: ${size} generated components per environment, emulator latency ${LATENCY_MS} ms`);
    printTable(rows);
    console.log('Target: p99 < 300 ms; Boomi calls per request constant (not per component).');
    console.log('');
  } finally {
    await app.close();
    await emulator.close();
    await dropDb(db);
  }
  if (process.env.BENCH_PAGE !== 'off') {
    const { runExtensionsPageBench } = await import('./extensions-page-bench.ts');
    await runExtensionsPageBench(size);
  }
}
