import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/platform/db.ts';
import { seedDemoRecords } from '../src/demo/demo-seed.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { printTable } from './load.ts';

const AUTH = `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}`;
const DAY_MS = 86_400_000;
const PROCESSES = 200;
const TEAMS = 6;

/*
 * Two years of records in three statements: per change a TEST promotion and its PRODUCTION record
 * (one in ten never deployed), hotfixes, a root component result per record, and rollbacks of one
 * deployment in 25. Ids are md5 of a label, so the set is the same on every run.
 */
export async function loadRecords(db: Db, changes: number, hotfixes: number) {
  for (let t = 0; t < TEAMS; t++)
    await db.query(
      `insert into dev_account_access (sso_group_id, sso_group_name, dev_account_id, dev_account_name, updated_by)
       values ($1, $1, $2, $2, 'bench')`,
      [`ABC_BOOMI_FLOW_DEVTEAM_BENCH${t}`, `acme-DEV${t}`],
    );
  const span = `make_interval(secs => (c::float8 / $1) * 720 * 86400)`;
  await db.query(
    `insert into promotion_log (promotion_id, dev_account_id, prod_account_id, dev_package_id, prod_package_id,
       initiated_by, initiated_at, status, process_name, root_component_id, target_environment, is_hotfix,
       hotfix_justification, test_promotion_id, test_deployed_at, deployed_at)
     select md5('t' || c)::uuid, 'acme-DEV' || (c % ${PROCESSES} % ${TEAMS}), 'acme-PROD', 'pkg-' || c, 'prod-pkg-' || c,
       'bench@acme.example', now() - interval '730 days' + ${span}, 'TEST_DEPLOYED', 'Process ' || (c % ${PROCESSES}),
       'dev-proc-' || (c % ${PROCESSES}), 'TEST', false, null, null, now() - interval '730 days' + ${span}, null
     from generate_series(1, $1::int) c
     union all
     select md5('p' || c)::uuid, 'acme-DEV' || (c % ${PROCESSES} % ${TEAMS}), 'acme-PROD', 'pkg-' || c, 'prod-pkg-' || c,
       'bench@acme.example', now() - interval '729 days' + ${span},
       case when c % 10 = 0 then 'PENDING_PEER_REVIEW' else 'DEPLOYED' end, 'Process ' || (c % ${PROCESSES}),
       'dev-proc-' || (c % ${PROCESSES}), 'PRODUCTION', false, null, md5('t' || c)::uuid, null,
       case when c % 10 <> 0 then now() - interval '729 days' + ${span} + make_interval(hours => c % 72) end
     from generate_series(1, $1::int) c
     union all
     select md5('h' || c)::uuid, 'acme-DEV' || (c % ${PROCESSES} % ${TEAMS}), 'acme-PROD', 'hpkg-' || c, 'prod-hpkg-' || c,
       'bench@acme.example', now() - interval '730 days' + make_interval(secs => (c::float8 / $2) * 720 * 86400),
       'DEPLOYED', 'Process ' || (c % ${PROCESSES}), 'dev-proc-' || (c % ${PROCESSES}), 'PRODUCTION', true, 'Broken',
       null, null, now() - interval '730 days' + make_interval(secs => (c::float8 / $2) * 720 * 86400 + 7200)
     from generate_series(1, $2::int) c`,
    [changes, hotfixes],
  );
  await db.query(
    `insert into promotion_component_result (promotion_id, seq, dev_component_id, name, type, action, status,
       prod_component_id, prod_version)
     select promotion_id, 0, root_component_id, process_name, 'process', 'UPDATED', 'SUCCESS',
       'proc-' || substr(root_component_id, 10), 1
     from promotion_log where root_component_id like 'dev-proc-%'`,
  );
  await db.query(
    `insert into release_rollback (rollback_id, process_id, dev_account_id, promotion_id, rolled_back_promotion_id,
       from_package_id, from_package_version, restores_promotion_id, to_package_id, to_package_version, to_released_at,
       integration_pack_id, reason, status, requested_by, requested_at, steps, finished_at)
     select md5('r' || c)::uuid, 'proc-' || (c % ${PROCESSES}), p.dev_account_id, p.promotion_id, p.promotion_id,
       p.prod_package_id, '2', md5('p' || (c - ${PROCESSES}))::uuid, 'prod-pkg-' || (c - ${PROCESSES}), '1',
       p.deployed_at, 'pack', 'Broke it', 'DONE', 'carol@acme.example', p.deployed_at + interval '5 hours', '[]',
       p.deployed_at + interval '6 hours'
     from generate_series(${PROCESSES + 1}, $1::int) c join promotion_log p on p.promotion_id = md5('p' || c)::uuid
     where c % 25 = 1 and p.deployed_at is not null`,
    [changes],
  );
  // What autovacuum does on a live server: statistics, and a visibility map for index-only scans.
  for (const table of ['promotion_log', 'promotion_component_result', 'release_rollback'])
    await db.exec(`vacuum analyze ${table}`);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

/**
 * `npm run bench -- metrics`: getDeliveryMetrics over 100,000 promotion records on the PostgreSQL
 * server, through the HTTP action (auth, validation, the query, the response schema): p50 and p99
 * per kind of question. Target: p99 < 200 ms.
 */
export async function runMetricsBench(records = Number(process.env.BENCH_RECORDS ?? 100_000)) {
  const url =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const db = await freshDb(url);
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/promo-bench', DRIFT_CHECK_CRON: 'off' });
  await seedDemoRecords(db, config);
  const hotfixes = Math.round(records / 10);
  const changes = Math.round((records - hotfixes) / 2);
  const t0 = performance.now();
  await loadRecords(db, changes, hotfixes);
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from promotion_log');
  console.log(`loaded ${rows[0]!.n} promotion records in ${Math.round(performance.now() - t0)} ms`);
  const app = await buildApp({ config, db });
  await app.ready();
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY_MS).toISOString();
  // The target holds for the questions the Metrics page asks by default and with a filter; the cost
  // follows the deployments in the period, not the records held, so a year and two years are shown too.
  const shapes: Array<[string, Record<string, unknown>, boolean]> = [
    ['30 days, by day', { from: ago(30), to: ago(0), bucket: 'day' }, true],
    ['90 days, by week', { from: ago(90), to: ago(0), bucket: 'week' }, true],
    ['90 days, one team', { from: ago(90), to: ago(0), bucket: 'week', team: 'ABC_BOOMI_FLOW_DEVTEAM_BENCH2' }, true],
    ['90 days, one process', { from: ago(90), to: ago(0), bucket: 'day', processId: 'proc-7' }, true],
    ['365 days, by month', { from: ago(365), to: ago(0), bucket: 'month' }, false],
    ['730 days, by month', { from: ago(730), to: ago(0), bucket: 'month' }, false],
  ];
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 60);
  const out: Array<Record<string, string | number>> = [];
  const all: number[] = [];
  try {
    for (const [label, body, target] of shapes) {
      const times: number[] = [];
      for (let i = 0; i < iterations + 3; i++) {
        const start = performance.now();
        const res = await app.inject({
          method: 'POST',
          url: '/fs/PromotionService/getDeliveryMetrics',
          headers: { authorization: AUTH, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        const ms = performance.now() - start;
        if (res.json().success !== true) throw new Error(`${label}: ${res.body.slice(0, 300)}`);
        if (i >= 3) times.push(ms); // the first calls warm the plan cache and the JIT
        if (i === 0) {
          const m = res.json() as { overall: { deployments: number; changeFailureRate: number } };
          out.push({ question: label, deployments: m.overall.deployments, cfr: m.overall.changeFailureRate });
        }
      }
      times.sort((a, b) => a - b);
      if (target) all.push(...times);
      Object.assign(out.at(-1)!, { p50Ms: pct(times, 0.5).toFixed(1), p99Ms: pct(times, 0.99).toFixed(1) });
    }
    all.sort((a, b) => a - b);
    printTable(out);
    const p99 = pct(all, 0.99);
    console.log(
      `getDeliveryMetrics over ${rows[0]!.n} records, ${all.length} calls of up to 90 days: p50 ${pct(all, 0.5).toFixed(1)} ms, ` +
        `p99 ${p99.toFixed(1)} ms (target < 200 ms): ${p99 < 200 ? 'PASS' : 'FAIL'}`,
    );
    if (p99 >= 200) process.exitCode = 1;
  } finally {
    await app.close();
    await dropDb(db);
  }
}
