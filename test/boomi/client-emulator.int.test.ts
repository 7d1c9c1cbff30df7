import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO, type Emulator, type EmulatorOptions } from '../../emulator/index.ts';
import { createBoomiClient, type BoomiClient, type BoomiClientConfig } from '../../src/boomi/boomi-client.ts';
import { ComponentXml, toWriteXml } from '../../src/boomi/objects/component-xml.ts';
import { q } from '../../src/boomi/query.ts';
import { isAppError } from '../../src/platform/errors.ts';
import { createMetrics } from '../../src/platform/metrics.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { TokenBucket } from '../../src/boomi/rate-limiter.ts';

// The client against the Boomi emulator on a loopback port: every call the service makes, the
// branch / merge / release lifecycles, paging, auth and the shared rate limit.

const DEVA = 'acme-DEVA';
const FAST_STAGES = {
  branchCreateMs: 150,
  branchDeleteMs: 50,
  mergeDraftMs: 150,
  mergeReviewMs: 50,
  mergeExecuteMs: 150,
  releaseMs: 200,
};

async function start(opts: EmulatorOptions, client: Partial<BoomiClientConfig> = {}) {
  const emulator = createEmulator({ fixture: 'demo', stageTimings: FAST_STAGES, ...opts });
  const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
  const config: BoomiClientConfig = {
    baseUrl: url,
    accountId: DEMO.primaryAccountId,
    user: DEMO.apiUser.basicUser,
    token: DEMO.apiUser.token,
    polling: {
      branch: { intervalMs: 50, timeoutMs: 10_000 },
      merge: { intervalMs: 50, timeoutMs: 10_000 },
      release: { intervalMs: 50, timeoutMs: 10_000 },
    },
    ...client,
  };
  return { emulator, url, config, client: createBoomiClient(config) };
}

const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

const PROCESS_XML = (name: string, label: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><bns:Component xmlns:bns="http://api.platform.boomi.com/" name="${name}" type="process"><bns:description>made by the client test</bns:description><bns:object><process xmlns="" allowSimultaneous="false" workload="general"><shapes><shape image="start" name="shape1" shapetype="start" userlabel="${label}" x="48.0" y="46.0"/></shapes></process></bns:object></bns:Component>`;

describe('client against the emulator: reads on a dev account', () => {
  let emulator: Emulator;
  let client: BoomiClient;
  let config: BoomiClientConfig;
  before(async () => ({ emulator, client, config } = await start({ rateLimit: null })));
  after(() => emulator.close());

  it('reads accounts and environments', async () => {
    const primary = await client.accounts.get(DEMO.primaryAccountId);
    assert.equal(primary.accountId, DEMO.primaryAccountId);
    const subs = await client.accounts.query(q.ne('status', 'deleted'));
    assert.deepEqual(subs.map((a) => a.accountId).sort(), [DEVA, 'acme-DEVB', DEMO.clientAccount.accountId]);
    const tests = await client.environments.query(q.eq('classification', 'TEST'));
    assert.deepEqual(
      tests.map((e) => e.name),
      ['Test'],
    );
    assert.equal((await client.environments.get(DEMO.environments.production.id)).classification, 'PROD');
  });

  it('lists dev packages and resolves one level of dependencies with overrideAccount', async () => {
    const pkgs = await client.packagedComponents.query(q.eq('componentType', 'process'), { overrideAccount: DEVA });
    const root = DEMO.packages.orderProcessingMain;
    assert.ok(pkgs.some((p) => p.packageId === root.packageId));
    const meta = await client.componentMetadata.get(root.componentId, { overrideAccount: DEVA });
    assert.equal(meta.name, 'Order Processing Main');
    const refs = await client.componentReferences.children(root.componentId, meta.version!, { overrideAccount: DEVA });
    assert.ok(refs.length >= 4, `${refs.length} references`);
    assert.ok(
      refs.every(
        (r) => r.parentComponentId === root.componentId && (r.type === 'DEPENDENT' || r.type === 'INDEPENDENT'),
      ),
    );
    const parents = await client.componentReferences.parents(refs[0]!.componentId, { overrideAccount: DEVA });
    assert.ok(parents.some((p) => p.parentComponentId === root.componentId));
    const comp = await client.components.get(root.componentId, { overrideAccount: DEVA });
    assert.equal(comp.attributes.componentId, root.componentId);
    assert.equal(comp.attributes.type, 'process');
    assert.equal(comp.configuration?.nodeName, 'process');
    assert.equal(
      (await client.components.get(root.componentId, { overrideAccount: DEVA, version: meta.version! })).attributes
        .version,
      meta.version,
    );
  });

  it('pages ComponentMetadata across several pages and streams it row by row', async () => {
    const expr = q.eq('deleted', false);
    const onePage = await client.componentMetadata.query(expr, { overrideAccount: DEVA });
    emulator.control.configure({ pageSize: 7 });
    try {
      let pages = 0;
      const rows = [];
      for await (const page of client.componentMetadata.queryPages(expr, { overrideAccount: DEVA })) {
        pages++;
        rows.push(...page.rows);
        assert.ok(page.rows.length <= 7);
      }
      assert.ok(onePage.length >= 40, `${onePage.length} rows`);
      assert.equal(pages, Math.ceil(onePage.length / 7));
      assert.deepEqual(
        rows.map((r) => `${r.componentId}~${r.version}`),
        onePage.map((r) => `${r.componentId}~${r.version}`),
      );
      let streamed = 0;
      for await (const _row of client.componentMetadata.iterate(expr, { overrideAccount: DEVA })) streamed++;
      assert.equal(streamed, onePage.length);
    } finally {
      emulator.control.configure({ pageSize: 100 });
    }
  });

  it('maps failures: missing component, foreign account, bad credentials (not retried)', async () => {
    await assert.rejects(
      client.components.get('00000000-0000-4000-8000-000000000000', { overrideAccount: DEVA }),
      code('COMPONENT_NOT_FOUND'),
    );
    await assert.rejects(
      client.componentMetadata.query(q.eq('name', 'x'), { overrideAccount: 'other-ACCOUNT' }),
      code('ACCOUNT_NOT_FOUND'),
    );
    const bad = createBoomiClient({ ...config, token: 'wrong-token' });
    emulator.control.resetCounters();
    await assert.rejects(bad.environments.get(DEMO.environments.test.id), code('AUTH_FAILED'));
    assert.equal(bad.callCount(), 1);
    assert.equal(emulator.control.totalCalls(), 1);
  });
});

describe('client against the emulator: branch, component writes, packaging, merge, release', () => {
  let emulator: Emulator;
  let client: BoomiClient;
  before(async () => ({ emulator, client } = await start({ rateLimit: null })));
  after(() => emulator.close());

  let mainId = '';
  let branchId = '';
  let componentId = '';
  let folderId = '';

  it('creates a folder and a branch from main, and polls the branch until ready', async () => {
    const main = await client.branches.findByName('main');
    assert.ok(main);
    mainId = main.id;
    const existing = await client.folders.query(q.eq('name', 'Promoted'));
    folderId = existing[0]?.id ?? (await client.folders.create({ name: 'Promoted' })).id;
    const sub = await client.folders.create({ name: `Client Test ${Date.now()}`, parentId: folderId });
    assert.equal(sub.parentId, folderId);
    assert.equal((await client.folders.get(sub.id)).name, sub.name);
    folderId = sub.id;
    const created = await client.branches.create({
      name: `client-test-${Date.now()}`,
      parentId: mainId,
      description: 'client test',
    });
    assert.equal(created.ready, false);
    assert.equal(created.stage, 'CREATING');
    branchId = created.id;
    const ready = await client.branches.waitUntilReady(branchId);
    assert.equal(ready.ready, true);
    assert.ok((await client.branches.query(q.isNotNull('id'))).some((b) => b.id === branchId));
  });

  it('creates a component on the branch only, then updates it (and an identical update is "unchanged")', async () => {
    const body = toWriteXml(ComponentXml.parse(PROCESS_XML('Client Test Process', 'v1')), { folderId, branchId });
    const created = await client.components.create(body);
    componentId = created.attributes.componentId!;
    assert.equal(created.attributes.branchId, branchId);
    assert.equal(created.attributes.version, 1);
    assert.equal((await client.components.get(componentId, { branchId })).attributes.name, 'Client Test Process');
    await assert.rejects(
      client.components.get(componentId),
      code('COMPONENT_NOT_FOUND'),
      'not on main before the merge',
    );

    const same = await client.components.update(componentId, toWriteXml(created, { componentId, branchId }));
    assert.equal(same.status, 'unchanged');
    const changed = ComponentXml.parse(PROCESS_XML('Client Test Process', 'v2'));
    const written = await client.components.update(
      componentId,
      toWriteXml(changed, { componentId, branchId, folderId }),
    );
    assert.equal(written.status, 'written');
    if (written.status === 'written') assert.equal(written.component.attributes.version, 2);
  });

  it('packages from the branch (branchName) and deploys to Test', async () => {
    const branch = await client.branches.get(branchId);
    const pkg = await client.packagedComponents.create({
      componentId,
      packageVersion: '0.1.0-test',
      branchName: branch.name,
      shareable: true,
      notes: 'from branch',
    });
    assert.equal(pkg.branchName, branch.name);
    assert.equal((await client.packagedComponents.get(pkg.packageId)).componentId, componentId);
    const dep = await client.deployedPackages.create({
      environmentId: DEMO.environments.test.id,
      packageId: pkg.packageId,
      notes: 'client test',
    });
    assert.equal(dep.active, true);
    assert.equal((await client.deployedPackages.get(dep.deploymentId)).packageId, pkg.packageId);
    const deployed = await client.deployedPackages.query(
      q.and(q.eq('environmentId', DEMO.environments.test.id), q.eq('componentId', componentId)),
    );
    assert.deepEqual(
      deployed.map((d) => d.deploymentId),
      [dep.deploymentId],
    );
  });

  it('merges the branch to main: DRAFTING -> REVIEWING -> execute -> MERGED', async () => {
    const mr = await client.mergeRequests.create({ sourceBranchId: branchId, destinationBranchId: mainId });
    assert.equal(mr.stage, 'DRAFTING');
    const reviewing = await client.mergeRequests.waitForStage(mr.id, 'REVIEWING');
    assert.ok(reviewing.MergeRequestDetails?.MergeRequestDetail.some((d) => d.componentGuid === componentId));
    assert.equal((await client.mergeRequests.execute(mr.id)).stage, 'MERGING');
    await client.mergeRequests.waitForStage(mr.id, 'MERGED');
    assert.ok((await client.mergeRequests.query(q.eq('sourceBranchId', branchId))).some((m) => m.id === mr.id));
    assert.equal((await client.components.get(componentId)).attributes.name, 'Client Test Process');
  });

  it('packages from main, adds it to a new publisher pack and releases it to SUCCESS, then to ERROR', async () => {
    const pkg = await client.packagedComponents.create({ componentId, packageVersion: '1.0.0', shareable: true });
    const pack = await client.publisherIntegrationPacks.create({
      name: `Client Test Pack ${Date.now()}`,
      description: 'client test',
      installationType: 'MULTI',
    });
    assert.ok((await client.publisherIntegrationPacks.query(q.eq('name', pack.name!))).some((p) => p.id === pack.id));
    const updated = await client.publisherIntegrationPacks.addPackagedComponents(pack.id, [componentId]);
    const entry = updated.PublisherPackagedComponents?.PublisherPackagedComponent.find(
      (c) => c.componentId === componentId,
    );
    assert.ok(entry, 'component added');
    const release = await client.releases.create({
      packId: pack.id,
      components: [{ componentId, version: pkg.packageVersion! }],
    });
    assert.match(release.requestId, /^release-/);
    const done = await client.releases.waitForCompletion(release.requestId);
    assert.equal(done.releaseStatus, 'SUCCESS');
    assert.equal(
      (await client.publisherIntegrationPacks.get(pack.id)).PublisherPackagedComponents?.PublisherPackagedComponent[0]
        ?.currentVersion,
      '1.0.0',
    );

    emulator.control.addFault({ release: 'ERROR', times: 1 });
    const pkg2 = await client.packagedComponents.create({ componentId, packageVersion: '1.0.1', shareable: true });
    await client.publisherIntegrationPacks.addPackagedComponents(pack.id, [componentId]);
    const failed = await client.releases.waitForCompletion(
      (await client.releases.create({ packId: pack.id, components: [{ componentId, version: pkg2.packageVersion! }] }))
        .requestId,
    );
    assert.equal(failed.releaseStatus, 'ERROR');
    assert.ok(Array.isArray(await client.integrationPacks.query(q.eq('installationType', 'MULTI'))));
  });

  it('reads and updates environment extensions (partial)', async () => {
    const envId = DEMO.environments.test.id;
    const ext = await client.environmentExtensions.get(envId);
    assert.equal(ext.environmentId, envId);
    const conn = ext.connections?.connection[0];
    assert.ok(conn, 'the demo Test environment has connection extensions');
    const field = conn.field.find((f) => f.id && !f.usesEncryption)!;
    const res = await client.environmentExtensions.update(envId, {
      connections: {
        connection: [
          { id: conn.id, name: conn.name, field: [{ id: field.id, value: 'client-test-value', useDefault: false }] },
        ],
      },
    });
    assert.equal(
      res.connections?.connection.find((c) => c.id === conn.id)?.field.find((f) => f.id === field.id)?.value,
      'client-test-value',
    );
    // partial: the other fields kept their values
    const again = await client.environmentExtensions.get(envId);
    assert.equal(again.connections?.connection.find((c) => c.id === conn.id)?.field.length, conn.field.length);
    assert.ok((await client.environmentExtensions.query(q.eq('environmentId', envId))).length >= 1);
  });

  it('deletes the branch (a second delete finds it gone)', async () => {
    assert.equal(await client.branches.delete(branchId), true);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await client.branches.delete(branchId), false);
  });
});

describe('client against the emulator: merge failure', () => {
  let emulator: Emulator;
  let client: BoomiClient;
  before(async () => ({ emulator, client } = await start({ rateLimit: null })));
  after(() => emulator.close());

  it('reports MERGE_FAILED when the merge fails, and a branch can come from a package', async () => {
    const main = (await client.branches.findByName('main'))!;
    const b = await client.branches.create({ name: `mf-${Date.now()}`, parentId: main.id });
    await client.branches.waitUntilReady(b.id);
    emulator.control.addFault({ merge: 'FAILED_TO_MERGE', times: 1 });
    const mr = await client.mergeRequests.create({ sourceBranchId: b.id, destinationBranchId: main.id });
    await client.mergeRequests.waitForStage(mr.id, 'REVIEWING');
    await client.mergeRequests.execute(mr.id);
    await assert.rejects(client.mergeRequests.waitForStage(mr.id, 'MERGED'), code('MERGE_FAILED'));
    assert.equal(await client.mergeRequests.delete(mr.id), true);
    assert.equal(await client.branches.delete(b.id), true);
  });
});

describe('client against the emulator: shared rate limit (emulator at 10 req/s)', () => {
  let emulator: Emulator;
  let config: BoomiClientConfig;
  before(async () => ({ emulator, config } = await start({ rateLimit: 10 })));
  after(() => emulator.close());

  it('two clients flat out at the default pace never see an unrecovered 503', async () => {
    const metrics = createMetrics();
    // Same base URL and account: both share one token bucket.
    const a = createBoomiClient(config, { metrics });
    const b = createBoomiClient({ ...config, maxConcurrency: 8 }, { metrics });
    const t0 = Date.now();
    const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).environments.get(DEMO.environments.test.id));
    const results = await Promise.allSettled(calls);
    const failed = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(failed, []);
    const elapsed = Date.now() - t0;
    // 40 calls at 8/s with a burst of 2 take about 4.75 s
    assert.ok(elapsed >= 4000, `paced: ${elapsed} ms`);
    const retries = (await metrics.registry.getSingleMetric('promo_boomi_retries_total')!.get()).values.reduce(
      (s, v) => s + v.value,
      0,
    );
    assert.equal(retries, 0, 'the shared bucket keeps under the limit: no 503 at all');
  });

  it('an over-eager client (25 req/s) is pushed back by 503s and recovers every call', async () => {
    const metrics = createMetrics();
    // its own bucket, faster than the account allows
    const greedy = createBoomiClient(
      { ...config, maxConcurrency: 8 },
      { metrics, rateLimiter: new TokenBucket(systemClock, { ratePerSecond: 25, burst: 5 }) },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => greedy.environments.get(DEMO.environments.test.id)),
    );
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected'),
      [],
    );
    const retries = (await metrics.registry.getSingleMetric('promo_boomi_retries_total')!.get()).values;
    assert.ok(
      retries.some((v) => v.labels.reason === '503' && v.value > 0),
      'the emulator did push back',
    );
  });
});
