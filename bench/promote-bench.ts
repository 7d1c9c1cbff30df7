import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../src/demo/demo-emulator.ts';
import { createBoomiClient, toWriteXml } from '../src/boomi/index.ts';
import { takeToMain } from '../test/helpers/production-shortcut.ts';
import { createEmulator, DEMO, generateTree } from '../emulator/index.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { printTable } from './load.ts';

const LATENCY_MS = 100;
const LIMIT = 10;
const AUTH = `Basic ${Buffer.from('alice@acme.example:demo-alice').toString('base64')}`;

/**
 * `npm run bench -- promote`: promotions against the emulator with 100 ms latency and a
 * 10 requests/second limit, for generated trees of 40, 200, 1,000 and 5,000 components: the
 * dependency walk, the first promotion, an unchanged re-promotion, one changed leaf and one changed
 * sub-process, each after the one before reached main. Every row prints its target and whether
 * it was met, beside what the original design (two serial calls per component, 120 ms apart) takes.
 */
function targetOf(run: string, n: number, m: { seconds: number; calls: number }, changed: number | null): string {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  if (run === 'first promotion') {
    const ok = m.calls / n <= 1.3 && m.seconds / (m.calls / LIMIT) <= 1.1;
    return `<= 1.3 calls/component, wall/bound <= 1.1: ${met(ok)}`;
  }
  if (changed === 0) {
    const ok = m.calls / n <= 0.05 && (n !== 1000 || m.seconds < 10);
    return `<= 0.05 calls/component${n === 1000 ? ', < 10 s' : ''}: ${met(ok)}`;
  }
  if (changed !== null) {
    const limit = 1.3 * changed + 0.05 * n + 20;
    return `<= 1.3k + 0.05n + 20 = ${limit.toFixed(0)} calls: ${met(m.calls <= limit)}`;
  }
  return '-';
}

export async function runPromoteBench(sizes = (process.env.BENCH_SIZES ?? '40,200,1000,5000').split(',').map(Number)) {
  const rows: Array<Record<string, string | number>> = [];
  // A size that fails still leaves the rows measured before it on screen.
  try {
    for (const size of sizes) await benchTree(size, rows);
  } finally {
    console.log(
      `\npromote benchmark: emulator latency ${LATENCY_MS} ms, limit ${LIMIT} requests/s; lower bound = calls / limit\n`,
    );
    printTable(rows);
    console.log(
      "\nresolveDependencies is P2's walk, before a promotion starts; it is not part of a promotion's calls.",
    );
  }
}

async function benchTree(size: number, rows: Array<Record<string, string | number>>) {
  const emulator = createEmulator({
    latencyMs: LATENCY_MS,
    rateLimit: LIMIT,
    stageTimings: { branchCreateMs: 0, branchDeleteMs: 0, mergeDraftMs: 0, mergeReviewMs: 0, mergeExecuteMs: 0 },
  });
  const rootId = randomUUID();
  // Operations of the generated tree use two of the demo's mapped dev connections.
  const conn = (name: string) =>
    DEMO.connectionMappings.find((m) => m.devAccountId === 'acme-DEVA' && m.name === name)!.devComponentId;
  const tree = generateTree({
    seed: `bench-${size}`,
    accountId: 'acme-DEVA',
    rootId,
    rootName: `Bench ${size}`,
    folder: `DevTeamARoot/Bench/${size}`,
    // A promotion takes at most 5,000 components, connections included: the largest tree stays below.
    componentCount: Math.min(size, 4995),
    processDepth: 4,
    connections: [
      { id: conn('Orders DB'), connector: 'database' },
      { id: conn('Orders API'), connector: 'http' },
    ],
  });
  emulator.control.addFixture({ components: tree.components });
  const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
  const db = await freshDb(process.env.BENCH_DATABASE_URL);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/promo-bench',
    BOOMI_BASE_URL: url,
    BOOMI_RATE_LIMIT: String(LIMIT),
    BOOMI_MAX_CONCURRENCY: '8',
    SYNC_WAIT_SECONDS: '600',
  });
  await seedDemoRecords(db, config, demoConnectionMappings());
  const app = await buildApp({ config, db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // As the dashboard does for a large tree: the job at once, then its state until it ends (a
  // 5,000-component promotion runs longer than an HTTP client waits for an answer).
  const call = async (action: string, body: unknown) => {
    const res = await fetch(`${base}/fs/PromotionService/${action}`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify(body),
    });
    const started = (await res.json()) as Record<string, unknown>;
    if (res.status !== 202) return started;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const job = (await (
        await fetch(`${base}/api/jobs/${String(started.jobId)}`, { headers: { authorization: AUTH } })
      ).json()) as { state: string; response: Record<string, unknown> | null };
      if (job.state !== 'SUCCEEDED' && job.state !== 'FAILED') continue;
      if (action !== 'executePromotion') return job.response ?? {};
      const status = await fetch(`${base}/fs/PromotionService/queryStatus`, {
        method: 'POST',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ promotionId: started.promotionId }),
      });
      const record = ((await status.json()) as { promotions: Array<Record<string, unknown>> }).promotions[0]!;
      return { ...record, ...(job.response ?? {}), status: record.status };
    }
  };
  const measure = async <T>(fn: () => Promise<T>) => {
    emulator.control.resetCounters();
    const t0 = performance.now();
    const value = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const counters = emulator.control.counters();
    const calls = Object.values(counters).reduce((a, b) => a + b, 0);
    return {
      value,
      seconds,
      calls,
      writes: (counters['Component.create'] ?? 0) + (counters['Component.update'] ?? 0),
    };
  };
  const row = (
    run: string,
    components: number,
    m: { seconds: number; calls: number; writes: number },
    changed: number | null = null,
  ) => {
    const bound = m.calls / LIMIT;
    const perComponent = m.calls / components;
    rows.push({
      tree: size,
      run,
      components,
      'Boomi calls': m.calls,
      'calls/component': perComponent.toFixed(3),
      'component writes': m.writes,
      'wall s': m.seconds.toFixed(1),
      'lower bound s': bound.toFixed(1),
      'wall/bound': (m.seconds / bound).toFixed(2),
      // The original design: two serial calls per component (read, write), each waiting for the
      // answer and then 120 ms, for every component every time.
      'original design s':
        run === 'resolveDependencies' ? '-' : (components * 2 * (0.12 + LATENCY_MS / 1000)).toFixed(0),
      target: targetOf(run, components, m, changed),
    });
  };

  const walk = await measure(() => call('resolveDependencies', { devAccountId: 'acme-DEVA', rootComponentId: rootId }));
  const components = (walk.value.components as Array<Record<string, string>>).map((c) => ({
    devComponentId: c.devComponentId,
    name: c.name,
    type: c.type,
    folderFullPath: c.folderFullPath,
  }));
  row('resolveDependencies', components.length, walk);
  const request = {
    devAccountId: 'acme-DEVA',
    devPackageId: `bench-${size}`,
    packageVersion: '1.0.0',
    rootComponentId: rootId,
    components,
  };

  // The deployment and review steps are not what this measures: take each promotion to main
  // directly (merge, mappings committed, main's versions read back, record closed).
  const boomi = createBoomiClient({ ...config.boomi, rateLimitPerSecond: LIMIT });
  const promote = async (run: string, k: number | null) => {
    const m = await measure(() => call('executePromotion', request));
    if (m.value.status !== 'COMPLETED') throw new Error(`${run}: ${JSON.stringify(m.value).slice(0, 400)}`);
    row(run, components.length, m, k);
    await takeToMain(db, boomi, m.value.promotionId as string);
  };
  await promote('first promotion', null);
  await promote('unchanged re-promotion', 0);
  // One changed component of n: a leaf (a profile), then a sub-process in the middle of the chain.
  const edit = async (name: string) => {
    const id = components.find((c) => c.name === name)!.devComponentId!;
    const dev = await boomi.components.get(id, { overrideAccount: 'acme-DEVA' });
    dev.configuration!.setAttribute('benchEdit', name);
    await boomi.components.update(id, toWriteXml(dev, { componentId: id }), { overrideAccount: 'acme-DEVA' });
  };
  await edit(`Bench ${size} - Record 1 JSON`);
  await promote('one changed leaf', 1);
  await edit(`Bench ${size} - Step 2`);
  await promote('one changed sub-process', 1);
  await app.close();
  await emulator.close();
  await dropDb(db);
}
