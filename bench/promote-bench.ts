import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../src/demo/demo-emulator.ts';
import { createBoomiClient } from '../src/boomi/index.ts';
import { createPgPromotionStore } from '../src/features/promotions/pg-promotion-store.ts';
import { createPgMappingStore } from '../src/features/mappings/pg-mapping-store.ts';
import { mergeBranchToMain } from '../src/features/promotions/merge-to-main.ts';
import { createEmulator, DEMO, generateTree } from '../emulator/index.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { printTable } from './load.ts';

const LATENCY_MS = 100;
const LIMIT = 10;
const AUTH = `Basic ${Buffer.from('alice@acme.example:demo-alice').toString('base64')}`;

/**
 * `npm run bench -- promote`: promotions against the emulator with 100 ms latency and a
 * 10 requests/second limit, for generated trees of 40, 200 and 1,000 components: the dependency
 * walk, the first promotion, and an unchanged re-promotion after the first reached main.
 */
export async function runPromoteBench(sizes = (process.env.BENCH_SIZES ?? '40,200,1000').split(',').map(Number)) {
  const rows: Array<Record<string, string | number>> = [];
  for (const size of sizes) {
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
      componentCount: size,
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
    const call = async (action: string, body: unknown) => {
      const res = await fetch(`${base}/fs/PromotionService/${action}`, {
        method: 'POST',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await res.json()) as Record<string, unknown>;
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
    const row = (run: string, components: number, m: { seconds: number; calls: number; writes: number }) => {
      const bound = m.calls / LIMIT;
      rows.push({
        tree: size,
        run,
        components,
        'Boomi calls': m.calls,
        'calls/component': (m.calls / components).toFixed(2),
        'component writes': m.writes,
        'wall s': m.seconds.toFixed(1),
        'lower bound s': bound.toFixed(1),
        'wall/bound': (m.seconds / bound).toFixed(2),
      });
    };

    const walk = await measure(() =>
      call('resolveDependencies', { devAccountId: 'acme-DEVA', rootComponentId: rootId }),
    );
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
    const first = await measure(() => call('executePromotion', request));
    if (first.value.status !== 'COMPLETED')
      throw new Error(`first promotion: ${JSON.stringify(first.value).slice(0, 400)}`);
    row('first promotion', components.length, first);

    // The deployment and review steps are not what this measures: take the first promotion to
    // main directly (merge, mappings committed, record closed) so the re-promotion is unchanged.
    const promotionId = first.value.promotionId as string;
    const boomi = createBoomiClient({ ...config.boomi, rateLimitPerSecond: LIMIT });
    await mergeBranchToMain(boomi, first.value.branchId as string);
    await boomi.branches.delete(first.value.branchId as string);
    const store = createPgPromotionStore(db);
    const mappingStore = createPgMappingStore(db);
    await db.transaction(async (tx) => {
      for (const m of await store.pendingMappings(promotionId, tx))
        await mappingStore.upsert(
          { ...m, lastPromotedAt: new Date(), lastPromotedBy: 'alice@acme.example', mappingSource: 'PROMOTION_ENGINE' },
          tx,
        );
      await store.transition(tx, promotionId, 'submitHotfix', {
        isHotfix: true,
        hotfixJustification: 'benchmark',
        targetEnvironment: 'PRODUCTION',
      });
      await store.transition(tx, promotionId, 'peerApprove');
      await store.transition(tx, promotionId, 'adminApprove');
      await store.transition(tx, promotionId, 'deployed', { branchId: null });
    });

    const again = await measure(() => call('executePromotion', request));
    if (again.value.status !== 'COMPLETED')
      throw new Error(`re-promotion: ${JSON.stringify(again.value).slice(0, 400)}`);
    row('unchanged re-promotion', components.length, again);
    await app.close();
    await emulator.close();
    await dropDb(db);
  }
  console.log(
    `\npromote benchmark: emulator latency ${LATENCY_MS} ms, limit ${LIMIT} requests/s; lower bound = calls / limit\n`,
  );
  printTable(rows);
  console.log(
    '\nTargets: first promotion <= 2 calls per component + a constant and wall/bound <= 1.25; re-promotion 0 component writes; resolveDependencies (200) wall/bound <= 1.5.',
  );
}
