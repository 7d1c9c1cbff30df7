import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { NO_DELAYS, buildTestApp, type TestApp } from './helpers/test-app.ts';
import { createEmulator, DEMO, type Emulator } from '../emulator/index.ts';
import { createBoomiClient, q } from '../src/boomi/index.ts';
import type { Db } from '../src/platform/db.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

/** Two replicas of Promo on one PostgreSQL server racing promotions against one Boomi account. */
describe('replicas racing promotions', { skip: pgUrl ? false : 'needs TEST_DATABASE_URL' }, () => {
  let emulator: Emulator;
  let db: Db;
  let replicas: TestApp[] = [];
  let trees: Record<string, { devAccountId: string; body: Record<string, unknown> }> = {};
  let acceptedKey = '';

  before(async () => {
    emulator = createEmulator({ rateLimit: 0, stageTimings: NO_DELAYS, latencyMs: 20 });
    const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    db = await freshDb(pgUrl);
    const env = { BOOMI_BASE_URL: url, BOOMI_RATE_LIMIT: '50' };
    replicas = [await buildTestApp(db, { env }), await buildTestApp(db, { env, seed: false })];
    trees = {};
    for (const [key, pkg] of Object.entries(DEMO.packages)) {
      const tree = await replicas[0]!.action(
        'resolveDependencies',
        { devAccountId: pkg.accountId, rootComponentId: pkg.componentId },
        'carol',
      );
      const components = (tree.body.components as Array<Record<string, string>>).map((c) => ({
        devComponentId: c.devComponentId,
        name: c.name,
        type: c.type,
        folderFullPath: c.folderFullPath,
      }));
      trees[key] = {
        devAccountId: pkg.accountId,
        body: {
          devAccountId: pkg.accountId,
          devPackageId: pkg.packageId,
          packageVersion: '1.0.0',
          rootComponentId: pkg.componentId,
          components,
        },
      };
    }
  });
  after(async () => {
    for (const r of replicas) await r.app.close();
    await emulator.close();
    await dropDb(db);
  });

  const start = (replica: number, key: string) =>
    replicas[replica]!.inject({
      method: 'POST',
      url: '/fs/PromotionService/executePromotion',
      headers: {
        authorization: `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}`,
        'content-type': 'application/json',
        prefer: 'respond-async',
      },
      payload: JSON.stringify(trees[key]!.body),
    }).then((r) => ({ status: r.statusCode, body: r.json() as Record<string, unknown> }));

  test('one running promotion per dev account, whichever replica is asked', async () => {
    // Order Processing Main and Customer Master Sync are both acme-DEVA and share no component.
    const answers = await Promise.all([
      start(0, 'orderProcessingMain'),
      start(1, 'customerMasterSync'),
      start(1, 'orderProcessingMain'),
      start(0, 'customerMasterSync'),
    ]);
    const accepted = answers.filter((a) => a.status === 202);
    assert.equal(accepted.length, 1, JSON.stringify(answers.map((a) => a.body)));
    acceptedKey =
      answers[0]!.status === 202 || answers[2]!.status === 202 ? 'orderProcessingMain' : 'customerMasterSync';
    for (const a of answers.filter((x) => x.status !== 202))
      assert.ok(
        ['PROMOTION_IN_PROGRESS', 'PROMOTION_CONFLICT'].includes(String(a.body.errorCode)),
        JSON.stringify(a.body),
      );
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from promotion_log where status = 'IN_PROGRESS' and dev_account_id = 'acme-DEVA'",
    );
    assert.ok(rows[0]!.n <= 1);
    // Let it finish so the next test starts from a settled account.
    const jobId = accepted[0]!.body.jobId as string;
    for (let i = 0; i < 400; i++) {
      const job = (
        await replicas[1]!.inject({
          method: 'GET',
          url: `/api/jobs/${jobId}`,
          headers: { authorization: `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}` },
        })
      ).json();
      if (job.state === 'SUCCEEDED' || job.state === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  test('the branch threshold holds when two replicas take the last slot at once', async () => {
    const boomi = createBoomiClient({ ...replicas[0]!.config.boomi, rateLimitPerSecond: 50 });
    const main = (await boomi.branches.findByName('main'))!;
    const live = async () => (await boomi.branches.query(q.isNotNull('id'))).filter((b) => b.deleted !== true).length;
    // Fill the account up to one free slot under the threshold of 15.
    for (let n = await live(); n < 14; n++) await boomi.branches.create({ name: `filler-${n}`, parentId: main.id });
    assert.equal(await live(), 14);
    // Two valid promotions of two accounts, asked of two replicas, for the last slot.
    const otherDeva = acceptedKey === 'orderProcessingMain' ? 'customerMasterSync' : 'orderProcessingMain';
    const answers = await Promise.all([start(0, 'shipmentTracker'), start(1, otherDeva)]);
    const codes = answers.map((a) => (a.status === 202 ? 'ACCEPTED' : String(a.body.errorCode))).sort();
    assert.deepEqual(codes, ['ACCEPTED', 'BRANCH_LIMIT_REACHED'], JSON.stringify(answers.map((a) => a.body)));
    const refused = answers.find((a) => a.status !== 202)!;
    assert.equal(refused.body.branchThreshold, 15);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from promotion_log');
    assert.equal(rows[0]!.n, 2, 'the refused promotion left no record');
  });
});
