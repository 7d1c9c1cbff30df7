import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../src/demo/demo-emulator.ts';
import { openDb, type Db } from '../src/platform/db.ts';
import { createEmulator } from '../emulator/index.ts';
import { freshDb, dropDb, schemaOf } from '../test/helpers/test-db.ts';
import { maxInWindow, watchEmulator } from '../test/helpers/emulator-watch.ts';
import { REPLICA_ACCOUNTS, addThirdDevAccount, addTree } from '../test/helpers/replica-fixture.ts';
import { printTable } from './load.ts';

const LATENCY_MS = 100;
const LIMIT = 10;
const AUTH = `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}`;

/** Boomi calls a replica's own client has sent (every attempt), from its /metrics. */
async function sentBy(app: FastifyInstance): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  let n = 0;
  for (const line of text.split('\n'))
    if (/^promo_boomi_(calls|retries)_total\{/.test(line)) n += Number(line.slice(line.lastIndexOf(' ') + 1));
  return n;
}

/**
 * `npm run bench -- replicas`: three service replicas on one PostgreSQL database (each with its
 * own pool and its own budget object, as separate processes would have) promote a generated tree
 * each at the same moment against one emulator account with 100 ms latency and a limit of 10
 * requests/second. The replicas pace at BOOMI_RATE_LIMIT=10 (burst 2) each: only the shared
 * budget keeps their sum within the limit.
 */
export async function runReplicaBench(size = Number(process.env.BENCH_REPLICA_COMPONENTS ?? 200)): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const emulator = createEmulator({
    latencyMs: LATENCY_MS,
    rateLimit: LIMIT,
    stageTimings: { branchCreateMs: 0, branchDeleteMs: 0, mergeDraftMs: 0, mergeReviewMs: 0, mergeExecuteMs: 0 },
  });
  const watch = watchEmulator(emulator);
  const boomiUrl = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
  const db = await freshDb(databaseUrl);
  const pools: Db[] = [];
  const apps: FastifyInstance[] = [];
  try {
    await addThirdDevAccount(emulator, db, 'acme-PRIMARY');
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: '/tmp/promo-bench',
      DRIFT_CHECK_CRON: 'off',
      BOOMI_BASE_URL: boomiUrl,
      BOOMI_RATE_LIMIT: String(LIMIT),
      BOOMI_MAX_CONCURRENCY: '8',
      BOOMI_BUDGET: 'database',
      SYNC_WAIT_SECONDS: '600',
    });
    await seedDemoRecords(db, config, demoConnectionMappings());
    for (let i = 0; i < REPLICA_ACCOUNTS.length; i++) {
      const pool = i === 0 ? db : await openDb({ databaseUrl, schema: schemaOf(db), poolSize: 10 });
      if (i > 0) pools.push(pool);
      const app = await buildApp({ config, db: pool });
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
    }
    const call = async (app: FastifyInstance, action: string, body: unknown) => {
      const res = await fetch(
        `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/fs/PromotionService/${action}`,
        {
          method: 'POST',
          headers: { authorization: AUTH, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      return (await res.json()) as Record<string, unknown>;
    };
    const requests = [];
    for (const [i, account] of REPLICA_ACCOUNTS.entries()) {
      const rootComponentId = addTree(emulator, account, size, `bench-${size}`);
      const tree = await call(apps[i]!, 'resolveDependencies', { devAccountId: account, rootComponentId });
      if (tree.success !== true) throw new Error(`resolveDependencies: ${JSON.stringify(tree).slice(0, 400)}`);
      const components = (tree.components as Array<Record<string, string>>).map((c) => ({
        devComponentId: c.devComponentId,
        name: c.name,
        type: c.type,
        folderFullPath: c.folderFullPath,
      }));
      requests.push({
        devAccountId: account,
        devPackageId: `bench-${account}`,
        packageVersion: '1.0.0',
        rootComponentId,
        components,
      });
    }

    const before = await Promise.all(apps.map(sentBy));
    watch.reset();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = performance.now();
    const results = await Promise.all(requests.map((body, i) => call(apps[i]!, 'executePromotion', body)));
    const wall = (performance.now() - t0) / 1000;
    loop.disable();
    for (const r of results)
      if (r.status !== 'COMPLETED') throw new Error(`promotion: ${JSON.stringify(r).slice(0, 400)}`);
    const sent = (await Promise.all(apps.map(sentBy))).map((n, i) => n - before[i]!);

    const total = watch.arrivals.length;
    const refusals = watch.refusals();
    const peak = maxInWindow(watch.arrivals);
    const rate = total / wall;
    const bound = total / LIMIT;
    const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
    console.log(
      `\nreplicas benchmark: 3 replicas on one PostgreSQL database, one promotion of ${size} components each at ` +
        `once; emulator latency ${LATENCY_MS} ms, limit ${LIMIT} requests/s; BOOMI_RATE_LIMIT=${LIMIT} (burst 2) ` +
        'per replica, shared through the database\n',
    );
    printTable(
      requests.map((r, i) => ({
        replica: i + 1,
        'dev account': r.devAccountId,
        components: r.components.length,
        'Boomi calls sent by it': sent[i]!,
      })),
    );
    console.log('');
    printTable([
      { figure: 'total Boomi calls (at the emulator)', value: total, target: '' },
      { figure: 'rate-limit refusals (503)', value: refusals, target: `0: ${met(refusals === 0)}` },
      { figure: 'most calls in any 1-second window', value: peak, target: '' },
      { figure: 'longest event-loop stall, ms', value: Math.round(loop.max / 1e6), target: '' },
      { figure: 'aggregate rate, calls/s', value: rate.toFixed(2), target: `<= ${LIMIT}: ${met(rate <= LIMIT)}` },
      { figure: 'total wall, s', value: wall.toFixed(1), target: '' },
      { figure: 'bound = calls / limit, s', value: bound.toFixed(1), target: '' },
      { figure: 'wall / bound', value: (wall / bound).toFixed(3), target: `<= 1.15: ${met(wall / bound <= 1.15)}` },
      { figure: 'original design: serial calls 120 ms apart, s', value: (total * 0.12).toFixed(1), target: '' },
    ]);
  } finally {
    for (const app of apps) await app.close();
    for (const p of pools) await p.close();
    await emulator.close();
    await dropDb(db);
  }
}
