import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { load, printTable, type LoadResult } from './load.ts';

/**
 * `npm run bench -- api`: getDevAccounts (auth, tier, one indexed query, schema-checked response)
 * against a bare handler on the same server, on PGlite and on PostgreSQL, in one process run.
 */
export async function runApiBench(opts: { seconds?: number; connections?: number } = {}) {
  const seconds = opts.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  const connections = opts.connections ?? 50;
  const pgUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const rows: Array<Record<string, string | number>> = [];
  for (const kind of ['pglite', 'postgres'] as const) {
    let db;
    try {
      db = await freshDb(kind === 'postgres' ? pgUrl : undefined);
    } catch (e) {
      console.log(`(skipping ${kind}: ${(e as Error).message})`);
      continue;
    }
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/promo-bench' });
    await seedDemoRecords(db, config);
    const app = await buildApp({
      config,
      db,
      plugins: [
        (a) => {
          a.post('/bench/bare', { config: { action: 'bare' } }, async () => ({ success: true }));
        },
      ],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const auth = {
      authorization: `Basic ${Buffer.from('alice@acme.example:demo-alice').toString('base64')}`,
      'content-type': 'application/json',
    };
    // A short warm-up so JIT and connection pools are settled before measuring.
    await load('warm-up', {
      url: `${base}/fs/PromotionService/getDevAccounts`,
      headers: auth,
      body: '{}',
      connections,
      seconds: 2,
    });
    const bare = await load('bare handler', {
      url: `${base}/bench/bare`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
      connections,
      seconds,
    });
    const action = await load('getDevAccounts', {
      url: `${base}/fs/PromotionService/getDevAccounts`,
      headers: auth,
      body: '{}',
      connections,
      seconds,
    });
    for (const r of [bare, action] as LoadResult[]) {
      rows.push({
        database: kind,
        target: r.label,
        'req/s': Math.round(r.requestsPerSecond),
        'p50 ms': r.p50Ms,
        'p99 ms': r.p99Ms,
        'vs bare': `${((r.requestsPerSecond / bare.requestsPerSecond) * 100).toFixed(0)}%`,
        errors: r.errors + r.non2xx,
      });
    }
    await app.close();
    await dropDb(db);
  }
  console.log(`\napi benchmark: ${connections} connections, ${seconds} s per target, node ${process.version}\n`);
  printTable(rows);
  console.log('\nTarget: getDevAccounts on PostgreSQL >= 40% of the bare handler, p99 < 20 ms.');
}
