import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { basic, buildTestApp, type TestApp } from './helpers/test-app.ts';
import { SECRETS, executeBody, secretsFixture, type Answer } from './helpers/promotion-helpers.ts';
import { DEMO, generateTree, type Fixture } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

type Pkg = {
  packageId: string;
  packageVersion: string;
  componentId: string;
  componentName: string;
  componentType: string;
  createdDate: string;
  createdBy: string;
  notes: string;
};
type Dep = {
  devComponentId: string;
  name: string;
  type: string;
  devVersion: number;
  folderFullPath: string;
  depth: number;
  dependencyType: string | null;
  prodStatus: string;
  prodComponentId: string;
  prodCurrentVersion: number;
  hasEnvConfig: boolean;
  strippedFields: string[];
  isSharedConnection: boolean;
  references: string[];
  errorMessage?: string;
};

const { orderProcessingMain: opm, invoiceSync, customerMasterSync: cms, shipmentTracker } = DEMO.packages;

for (const variant of dbVariants()) {
  describe(`listDevPackages and resolveDependencies [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { emulator: true });
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    const control = () => t.emulator!.control;
    const resolve = (body: Record<string, unknown>, as = 'alice') =>
      t.action('resolveDependencies', { devAccountId: 'acme-DEVA', ...body }, as);
    /** A direct Platform API call to the emulator as the service's API user (test set-up only). */
    const boomiCall = async (method: string, path: string, account: string) => {
      const { baseUrl, accountId, user, token } = t.config.boomi;
      const res = await fetch(`${baseUrl}/partner/api/rest/v1/${accountId}${path}?overrideAccount=${account}`, {
        method,
        headers: { authorization: basic(user, token), accept: 'application/json' },
      });
      assert.equal(res.status, 200, await res.text());
    };

    test('acme-DEVA lists the demo packages, named, newest first', async () => {
      const r = await t.action('listDevPackages', { devAccountId: 'acme-DEVA' });
      assert.equal(r.status, 200);
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      const pkgs = r.body.packages as Pkg[];
      assert.deepEqual(
        pkgs.map((p) => p.componentName),
        ['Customer Master Sync', 'Invoice Sync', 'Order Processing Main'],
      );
      assert.equal(r.body.totalCount, 3);
      const main = pkgs.find((p) => p.packageId === opm.packageId)!;
      assert.deepEqual(main, {
        packageId: opm.packageId,
        packageVersion: '1.0.0',
        componentId: opm.componentId,
        componentName: 'Order Processing Main',
        componentType: 'process',
        createdDate: main.createdDate,
        createdBy: 'alice@acme.example',
        notes: 'First release of order processing',
      });
    });

    test('acme-DEVB lists Shipment Tracker for its team', async () => {
      const r = await t.action('listDevPackages', { devAccountId: 'acme-DEVB' }, 'erin');
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      assert.deepEqual(
        (r.body.packages as Pkg[]).map((p) => [p.packageId, p.componentName]),
        [[shipmentTracker.packageId, 'Shipment Tracker']],
      );
    });

    test('every page of an account with more than 100 packages, each process looked up once, deleted packages left out', async () => {
      const account = 'acme-DEVP';
      const connection = randomUUID();
      const tree = generateTree({
        seed: `paging-${randomUUID()}`,
        accountId: account,
        rootName: 'Bulk',
        folder: 'DevTeamPRoot/Bulk',
        componentCount: 525,
        connections: [{ id: connection, connector: 'http' }],
      });
      const processes = tree.components.filter((c) => c.type === 'process');
      assert.equal(processes.length, 105);
      const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const packages: NonNullable<Fixture['packages']> = processes.map((p, i) => ({
        accountId: account,
        packageId: randomUUID(),
        componentId: p.id,
        packageVersion: '1.0.0',
        createdDate: day(i),
        createdBy: 'paula@acme.example',
      }));
      // A second version of one process: one more package, no extra name lookup.
      packages.push({
        accountId: account,
        packageId: randomUUID(),
        componentId: processes[0]!.id,
        packageVersion: '1.1.0',
        createdDate: day(500),
        notes: 'second',
      });
      const doomed = {
        accountId: account,
        packageId: randomUUID(),
        componentId: processes[1]!.id,
        packageVersion: '0.9.0',
        createdDate: day(600),
      };
      packages.push(doomed);
      control().addFixture({
        accounts: [
          {
            accountId: account,
            name: 'Dev Team P',
            parentAccountId: DEMO.primaryAccountId,
            rootFolderName: 'DevTeamPRoot',
          },
        ],
        components: [
          {
            accountId: account,
            id: connection,
            name: 'Bulk API',
            type: 'connector-settings',
            subType: 'http',
            folder: 'DevTeamPRoot/Shared Connections',
            params: { url: 'https://bulk.dev.acme.example', user: 'svc' },
          },
          ...tree.components,
        ],
        packages,
      });
      await boomiCall('DELETE', `/PackagedComponent/${doomed.packageId}`, account);
      const access = await t.action(
        'manageDevAccountAccess',
        {
          operation: 'upsert',
          ssoGroupId: 'ABC_BOOMI_FLOW_DEVTEAMP',
          ssoGroupName: 'Dev Team P',
          devAccountId: account,
          devAccountName: 'Dev Team P',
        },
        'carol',
      );
      assert.equal(access.body.success, true, JSON.stringify(access.body));

      control().resetCounters();
      const r = await t.action('listDevPackages', { devAccountId: account }, 'carol');
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      const pkgs = r.body.packages as Pkg[];
      assert.equal(pkgs.length, 106);
      assert.equal(r.body.totalCount, 106);
      assert.ok(!pkgs.some((p) => p.packageId === doomed.packageId), 'the deleted package is left out');
      assert.deepEqual([pkgs[0]!.packageVersion, pkgs[0]!.notes, pkgs[0]!.componentName], ['1.1.0', 'second', 'Bulk']);
      assert.equal(pkgs.at(-1)!.createdDate, day(0));
      assert.ok(
        pkgs.every(
          (p) =>
            p.componentName.startsWith('Bulk') &&
            p.componentType === 'process' &&
            p.notes === (p.packageVersion === '1.1.0' ? 'second' : ''),
        ),
      );
      // Two pages of packages; 105 distinct processes in OR groups of 50.
      assert.deepEqual(control().counters(), {
        'PackagedComponent.query': 1,
        'PackagedComponent.queryMore': 1,
        'ComponentMetadata.query': 3,
      });
    });

    test('a contributor of another team gets 403 ACCOUNT_NOT_AUTHORIZED, a read-only user 403 INSUFFICIENT_TIER, before any Boomi call', async () => {
      control().resetCounters();
      const other = await t.action('listDevPackages', { devAccountId: 'acme-DEVA' }, 'erin');
      assert.deepEqual(
        [other.status, other.body.success, other.body.errorCode],
        [403, false, 'ACCOUNT_NOT_AUTHORIZED'],
      );
      const ro = await t.action('listDevPackages', { devAccountId: 'acme-DEVA' }, 'olga');
      assert.deepEqual([ro.status, ro.body.errorCode], [403, 'INSUFFICIENT_TIER']);
      const dep = await resolve({ rootComponentId: opm.componentId }, 'erin');
      assert.deepEqual([dep.status, dep.body.errorCode], [403, 'ACCOUNT_NOT_AUTHORIZED']);
      assert.equal(control().totalCalls(), 0);
    });

    test('Boomi answering 401 is AUTH_FAILED in the business envelope, never a 500', async () => {
      const fault = control().addFault({ operation: 'PackagedComponent.query', status: 401, times: 1 });
      try {
        const r = await t.action('listDevPackages', { devAccountId: 'acme-DEVA' });
        assert.deepEqual([r.status, r.body.success, r.body.errorCode], [200, false, 'AUTH_FAILED']);
      } finally {
        control().removeFault(fault);
      }
      const walkFault = control().addFault({ operation: 'ComponentReference.query', status: 401, times: 1 });
      try {
        const r = await resolve({ rootComponentId: opm.componentId });
        assert.deepEqual([r.status, r.body.success, r.body.errorCode], [200, false, 'AUTH_FAILED']);
      } finally {
        control().removeFault(walkFault);
      }
    });

    test('Order Processing Main: every component once, root process at depth 0, connections MAPPED (componentId alias)', async () => {
      const r = await resolve({ componentId: opm.componentId });
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      const comps = r.body.components as Dep[];
      assert.equal(r.body.rootProcessName, 'Order Processing Main');
      assert.equal(r.body.totalComponents, comps.length);
      assert.equal(new Set(comps.map((c) => c.devComponentId)).size, comps.length, 'no duplicates');
      assert.deepEqual(
        [comps[0]!.devComponentId, comps[0]!.type, comps[0]!.depth, comps[0]!.dependencyType],
        [opm.componentId, 'process', 0, null],
      );
      const types = comps.map((c) => c.type).sort();
      assert.deepEqual(types, [
        'connector-action',
        'connector-action',
        'connector-settings',
        'connector-settings',
        'process',
        'process',
        'profile.json',
        'profile.xml',
        'transform.map',
        'transform.map',
      ]);
      const connections = comps.filter((c) => c.type === 'connector-settings');
      for (const c of connections) {
        const mapped = DEMO.connectionMappings.find((m) => m.devComponentId === c.devComponentId)!;
        assert.deepEqual(
          [c.prodStatus, c.prodComponentId, c.isSharedConnection, c.hasEnvConfig, c.strippedFields],
          ['MAPPED', mapped.prodComponentId, true, false, []],
        );
      }
      for (const c of comps.filter((x) => x.type !== 'connector-settings')) assert.equal(c.prodStatus, 'NEW', c.name);
      assert.ok(
        comps
          .slice(1)
          .every(
            (c) => c.depth >= 1 && c.dependencyType === 'DEPENDENT' && c.folderFullPath.startsWith('DevTeamARoot/'),
          ),
      );
      assert.ok(comps.every((c) => c.devVersion >= 1));
      assert.deepEqual(
        [
          r.body.newCount,
          r.body.updateCount,
          r.body.envConfigCount,
          r.body.sharedConnectionCount,
          r.body.unmappedConnectionCount,
          r.body.cycles,
        ],
        // The demo's components keep no environment values of their own; connections are never promoted.
        [8, 0, 0, 2, 0, []],
      );
      // The references close the tree: every child listed is a component of the answer.
      const ids = new Set(comps.map((c) => c.devComponentId));
      assert.ok(comps.every((c) => c.references.every((x) => ids.has(x))));
    });

    test('Invoice Sync shows its unmapped connection as UNMAPPED', async () => {
      const r = await resolve({ rootComponentId: invoiceSync.componentId });
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      const unmapped = DEMO.unmappedConnections.find((u) => u.devAccountId === 'acme-DEVA')!;
      const c = (r.body.components as Dep[]).find((x) => x.devComponentId === unmapped.devComponentId)!;
      assert.deepEqual([c.prodStatus, c.prodComponentId, c.isSharedConnection], ['UNMAPPED', '', true]);
      assert.equal(r.body.unmappedConnectionCount, 1);
    });

    test('Customer Master Sync: the walk at far fewer than two Boomi calls per component, plus a bulk read per five promoted', async () => {
      control().resetCounters();
      const r = await resolve({ rootComponentId: cms.componentId });
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      const comps = r.body.components as Dep[];
      assert.ok(comps.length >= 40, `${comps.length} components`);
      assert.ok(Math.max(...comps.map((c) => c.depth)) >= 4);
      assert.equal(new Set(comps.map((c) => c.devComponentId)).size, comps.length);
      const counters = control().counters();
      const { 'Component.bulk': reads, ...walk } = counters;
      const walkCalls = Object.values(walk).reduce((a, b) => a + b, 0);
      // One metadata and one reference query per level, plus one folder query.
      assert.ok(
        walkCalls <= comps.length / 2,
        `${walkCalls} calls for ${comps.length} components: ${JSON.stringify(counters)}`,
      );
      assert.deepEqual(Object.keys(walk).sort(), [
        'ComponentMetadata.query',
        'ComponentReference.query',
        'Folder.query',
      ]);
      // The stripping forecast reads what the promotion will read, every component but the connections,
      // five to a call (Boomi's bulk GET limit for Component).
      assert.equal(reads, Math.ceil(comps.filter((c) => c.type !== 'connector-settings').length / 5));
    });

    test('a reference cycle terminates and is reported; a deleted child is an ERROR and the walk goes on', async () => {
      const [p, y, m, x1, x2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const folder = 'DevTeamARoot/Cycle Test';
      const profile = (id: string, name: string) => ({
        accountId: 'acme-DEVA',
        id,
        name,
        type: 'profile.json',
        folder,
        params: { root: 'Rec', fields: ['id', 'name', 'email'] },
      });
      control().addFixture({
        components: [
          profile(x1, 'Cycle In'),
          profile(x2, 'Cycle Out'),
          {
            accountId: 'acme-DEVA',
            id: m,
            name: 'Cycle Map',
            type: 'transform.map',
            folder,
            params: { fromProfileId: x1, toProfileId: x2, mappings: [[1, 1]] },
          },
          {
            accountId: 'acme-DEVA',
            id: y,
            name: 'Cycle Callee',
            type: 'process',
            folder,
            params: { shapes: [{ kind: 'subprocess', processId: p, label: 'back' }] },
          },
          {
            accountId: 'acme-DEVA',
            id: p,
            name: 'Cycle Root',
            type: 'process',
            folder,
            params: {
              shapes: [
                { kind: 'subprocess', processId: y, label: 'call' },
                { kind: 'map', mapId: m },
              ],
            },
          },
        ],
      });
      await boomiCall('DELETE', `/ComponentMetadata/${x2}`, 'acme-DEVA');
      const r = await resolve({ rootComponentId: p });
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      const comps = r.body.components as Dep[];
      assert.deepEqual(comps.map((c) => c.devComponentId).sort(), [p, y, m, x1, x2].sort());
      assert.deepEqual(r.body.cycles, [[p, y]]);
      const by = Object.fromEntries(comps.map((c) => [c.devComponentId, c]));
      assert.deepEqual([by[y]!.depth, by[y]!.references], [1, [p]]);
      assert.deepEqual([by[x2]!.prodStatus, by[x2]!.depth], ['ERROR', 2]);
      assert.match(by[x2]!.errorMessage!, /deleted/);
      assert.equal(by[x1]!.prodStatus, 'NEW');
    });

    test('a mapping created through manageMappings turns the component into UPDATE', async () => {
      const before1 = await resolve({ rootComponentId: opm.componentId });
      const map = (before1.body.components as Dep[]).find((c) => c.type === 'transform.map')!;
      const prodId = randomUUID();
      const created = await t.action(
        'manageMappings',
        {
          operation: 'create',
          mapping: {
            devComponentId: map.devComponentId,
            devAccountId: 'acme-DEVA',
            prodComponentId: prodId,
            componentName: map.name,
            componentType: map.type,
            prodLatestVersion: 4,
          },
        },
        'carol',
      );
      assert.equal(created.body.success, true, JSON.stringify(created.body));
      const r = await resolve({ rootComponentId: opm.componentId });
      const now = (r.body.components as Dep[]).find((c) => c.devComponentId === map.devComponentId)!;
      assert.deepEqual([now.prodStatus, now.prodComponentId, now.prodCurrentVersion], ['UPDATE', prodId, 4]);
      assert.deepEqual([r.body.updateCount, r.body.newCount], [1, 7]);
    });

    test('an unknown root (or revision) is COMPONENT_NOT_FOUND', async () => {
      const r = await resolve({ rootComponentId: randomUUID() });
      assert.deepEqual([r.status, r.body.success, r.body.errorCode], [200, false, 'COMPONENT_NOT_FOUND']);
      const v = await resolve({ rootComponentId: opm.componentId, rootVersion: 999 });
      assert.equal(v.body.errorCode, 'COMPONENT_NOT_FOUND');
      const ok = await resolve({ rootComponentId: opm.componentId, rootVersion: 1 });
      assert.equal(ok.body.success, true, JSON.stringify(ok.body));
    });

    test('the root failing to expand ends the walk with its code (non-root failures are per component)', async () => {
      const fault = control().addFault({
        operation: 'ComponentReference.query',
        status: 400,
        times: 1,
        message: 'Invalid query filter.',
      });
      try {
        const r = await resolve({ rootComponentId: opm.componentId });
        assert.deepEqual([r.status, r.body.success, r.body.errorCode], [200, false, 'API_ERROR']);
      } finally {
        control().removeFault(fault);
      }
    });

    test('components that cannot be read are ERRORs with their reason; the others are forecast', async () => {
      // One bulk read refused: its components (at most five) are errors, the walk goes on.
      const fault = control().addFault({
        operation: 'Component.bulk',
        status: 400,
        times: 1,
        message: 'No such thing.',
      });
      try {
        const r = await resolve({ rootComponentId: opm.componentId });
        assert.equal(r.body.success, true, JSON.stringify(r.body));
        const errors = (r.body.components as Dep[]).filter((c) => c.prodStatus === 'ERROR');
        assert.ok(errors.length >= 1 && errors.length <= 5, JSON.stringify(errors));
        for (const e of errors) assert.match(e.errorMessage!, /could not be read from dev account acme-DEVA/);
        assert.ok(errors.length < (r.body.components as Dep[]).length);
      } finally {
        control().removeFault(fault);
      }
    });

    // Issue 12 item 6: P2's count is what the promotion then strips, component by component.
    // (Last: the fixture adds a package to acme-DEVA, which the listing tests above count.)
    test('what resolveDependencies says will be stripped is what executePromotion reports stripped', async () => {
      control().addFixture(secretsFixture());
      const r = await resolve({ rootComponentId: SECRETS.rootId });
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      const comps = r.body.components as Dep[];
      const op = comps.find((c) => c.devComponentId === SECRETS.operationId)!;
      for (const what of ['@url', '@password', 'host', 'port', 'field[host]', 'field[password]'])
        assert.ok(op.strippedFields.includes(what), `${what} in ${op.strippedFields.join(', ')}`);
      // Names only: no value of the dev account reaches the answer.
      const text = JSON.stringify(r.body);
      for (const secret of SECRETS.values.filter((v) => v.length >= 8)) assert.ok(!text.includes(secret), secret);
      assert.equal(r.body.envConfigCount, comps.filter((c) => c.strippedFields.length > 0).length);
      assert.equal(r.body.envConfigCount, 1, 'the operation; its connection is never promoted');

      const tree = comps.map(({ devComponentId, name, type, folderFullPath }) => ({
        devComponentId,
        name,
        type,
        folderFullPath,
      }));
      const promoted = (await t.action(
        'executePromotion',
        executeBody({ packageId: SECRETS.packageId, componentId: SECRETS.rootId }, tree),
        'alice',
      )) as Answer;
      assert.equal(promoted.body.status, 'COMPLETED', JSON.stringify(promoted.body));
      const results = promoted.body.results!;
      assert.equal(results.filter((x) => x.configStripped).length, r.body.envConfigCount);
      for (const c of comps) {
        const result = results.find((x) => x.devComponentId === c.devComponentId)!;
        assert.deepEqual(result.strippedElements, c.strippedFields, c.name);
      }
    });
  });
}
