import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { demoConnectionMappings } from '../src/demo/demo-emulator.ts';
import { createBoomiClient } from '../src/boomi/index.ts';
import { createEmulator, DEMO } from '../emulator/index.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { load, printTable } from './load.ts';

const auth = (first: string) => `Basic ${Buffer.from(`${first}@acme.example:demo-${first}`).toString('base64')}`;

/**
 * `npm run bench -- workflow`: the whole Dev -> Test -> Production path of Order Processing Main
 * (emulator latency off, its stage timings as configured, release polling at its minimum), then
 * the review and status queries at 20 concurrent callers over 100,000 promotion records.
 * BENCH_QUERIES_ONLY=1 skips the path, to profile the queries on their own.
 */
export async function runWorkflowBench() {
  const pgUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const emulator = createEmulator({ rateLimit: 0 });
  const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
  const db = await freshDb(pgUrl);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/promo-bench',
    BOOMI_BASE_URL: url,
    BOOMI_RATE_LIMIT: '50',
    SYNC_WAIT_SECONDS: '600',
  });
  await seedDemoRecords(db, config, demoConnectionMappings());
  // The minimum poll interval the client allows for branch, merge and release stages.
  const poll = { intervalMs: 100, timeoutMs: 120_000 };
  const boomi = createBoomiClient({ ...config.boomi, polling: { branch: poll, merge: poll, release: poll } });
  const app = await buildApp({ config, db, boomi });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const call = async (action: string, body: unknown, as: string) => {
    const res = await fetch(`${base}/fs/PromotionService/${action}`, {
      method: 'POST',
      headers: { authorization: auth(as), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (json.success !== true) throw new Error(`${action}: ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };

  if (process.env.BENCH_QUERIES_ONLY !== '1') await runPath(call);

  // 100,000 promotion records of every status, for the queue and status queries.
  await db.exec(`
    insert into promotion_log (promotion_id, dev_account_id, prod_account_id, dev_package_id, initiated_by, initiated_at, status, process_name,
      package_version, components_total, target_environment, peer_review_status, test_deployed_at, is_hotfix, hotfix_justification)
    select gen_random_uuid(), case when i % 2 = 0 then 'acme-DEVA' else 'acme-DEVB' end, 'acme-PRIMARY', 'pkg-' || (i % 500),
      case when i % 3 = 0 then 'alice@acme.example' else 'erin@acme.example' end, now() - make_interval(mins => i),
      s.status, 'Process ' || (i % 300), '1.0.' || (i % 50), 10,
      case when s.status like 'TEST_%' then 'TEST' when s.status in ('PENDING_PEER_REVIEW','PENDING_ADMIN_REVIEW','DEPLOYED') then 'PRODUCTION' else null end,
      case when s.status = 'PENDING_PEER_REVIEW' then 'PENDING_PEER_REVIEW' when s.status in ('PENDING_ADMIN_REVIEW','DEPLOYED') then 'PEER_APPROVED' else null end,
      case when s.status = 'TEST_DEPLOYED' then now() - make_interval(mins => i) else null end,
      s.status = 'PENDING_PEER_REVIEW' and i % 5 = 0, case when s.status = 'PENDING_PEER_REVIEW' and i % 5 = 0 then 'urgent' else null end
    from generate_series(1, 100000) i
    cross join lateral (select (array['DEPLOYED','DEPLOYED','DEPLOYED','FAILED','COMPLETED','TEST_DEPLOYED','TEST_CANCELLED','WITHDRAWN'])[1 + i % 8] as status) s0
    cross join lateral (select case when i % 500 = 0 then 'PENDING_PEER_REVIEW' when i % 700 = 0 then 'PENDING_ADMIN_REVIEW' else s0.status end as status) s;
    analyze promotion_log;`);
  const rows: Array<Record<string, string | number>> = [];
  for (const [action, body, as] of [
    ['queryPeerReviewQueue', {}, 'bob'],
    ['queryTestDeployments', {}, 'bob'],
    ['queryStatus', {}, 'carol'],
    ['queryStatus', { devAccountId: 'acme-DEVA', status: 'DEPLOYED', limit: 50 }, 'alice'],
  ] as const) {
    const r = await load(action, {
      url: `${base}/fs/PromotionService/${action}`,
      headers: { authorization: auth(as), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      connections: 20,
      seconds: Number(process.env.BENCH_SECONDS ?? 8),
    });
    rows.push({
      action,
      request: JSON.stringify(body),
      'req/s': Math.round(r.requestsPerSecond),
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      errors: r.errors + r.non2xx,
    });
  }
  console.log('\nqueries at 20 concurrent callers, 100,000 promotion records in PostgreSQL (target p99 < 50 ms)\n');
  printTable(rows);
  await app.close();
  await emulator.close();
  await dropDb(db);
}

type Call = (action: string, body: unknown, as: string) => Promise<Record<string, unknown>>;

/** The Dev -> Test -> Production path, step by step. */
async function runPath(call: Call) {
  const steps: Array<Record<string, string | number>> = [];
  const step = async <T>(name: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const v = await fn();
    steps.push({ step: name, seconds: ((performance.now() - t0) / 1000).toFixed(2) });
    return v;
  };
  const pkg = DEMO.packages.orderProcessingMain;
  const t0 = performance.now();
  const tree = await step('resolveDependencies', () =>
    call('resolveDependencies', { devAccountId: 'acme-DEVA', rootComponentId: pkg.componentId }, 'alice'),
  );
  const components = (tree.components as Array<Record<string, string>>).map((c) => ({
    devComponentId: c.devComponentId,
    name: c.name,
    type: c.type,
    folderFullPath: c.folderFullPath,
  }));
  const promoted = await step('executePromotion', () =>
    call(
      'executePromotion',
      {
        devAccountId: 'acme-DEVA',
        devPackageId: pkg.packageId,
        packageVersion: '1.0.0',
        rootComponentId: pkg.componentId,
        components,
      },
      'alice',
    ),
  );
  const testId = promoted.promotionId as string;
  await step('packageAndDeploy TEST', () =>
    call(
      'packageAndDeploy',
      {
        promotionId: testId,
        deploymentTarget: 'TEST',
        packageVersion: '1.0.0-rc1',
        existingPackId: DEMO.packs.ordersTest.id,
      },
      'alice',
    ),
  );
  const submitted = await step('submitForPeerReview', () =>
    call(
      'submitForPeerReview',
      { promotionId: testId, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id },
      'bob',
    ),
  );
  const prodId = submitted.promotionId as string;
  await step('submitPeerReview', () =>
    call('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'carol'),
  );
  const deployed = await step('submitAdminReview (production deployment)', () =>
    call('submitAdminReview', { promotionId: prodId, decision: 'APPROVED' }, 'dan'),
  );
  if (deployed.status !== 'DEPLOYED') throw new Error(`not deployed: ${JSON.stringify(deployed).slice(0, 300)}`);
  steps.push({ step: 'whole path', seconds: ((performance.now() - t0) / 1000).toFixed(2) });
  console.log(
    '\nworkflow benchmark: Dev -> Test -> Production of Order Processing Main (emulator latency off; stages: branch 1 s, merge 2.25 s, release 2 s; polling every 100 ms)\n',
  );
  printTable(steps);
}
