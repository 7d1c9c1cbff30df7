import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, type Emulator } from '../../emulator/index.ts';
import { attr, client, componentXml, eq, queryAll, testEmulator, where, type Client } from './helpers.ts';

// The consumer side of integration packs: a client sub-account installs a pack the primary account
// released (IntegrationPackInstance), attaches it to its environments
// (IntegrationPackEnvironmentAttachment), and later releases propagate to every attached
// environment: PENDING, IN_PROGRESS, then COMPLETE, visible on DeployedPackage in the client account.

const CLIENT = DEMO.clientAccount.accountId;
const CLIENT_TEST = DEMO.clientAccount.environments.test.id;
const CLIENT_PROD = DEMO.clientAccount.environments.production.id;
const PROCESS = '<process xmlns=""><shapes/></process>';
const as = { account: CLIENT };

interface Deployed {
  deploymentId: string;
  componentId: string;
  environmentId: string;
  packageVersion: string;
  version: number;
  active: boolean;
  notes?: string;
}

describe('IntegrationPackInstance, IntegrationPackEnvironmentAttachment and release propagation', () => {
  let emu: Emulator;
  let c: Client;
  let now = Date.parse('2025-03-01T10:00:00Z');
  let processId: string;
  let packId: string;
  let instanceId: string;
  let attachmentId: string;

  const tick = async (ms: number) => {
    now += ms;
    await c.get(`Environment/${DEMO.environments.test.id}`); // due stages advance on the next call
  };
  const release = async (version: string) => {
    const pkg = await c.post('PackagedComponent', { componentId: processId, packageVersion: version, shareable: true });
    assert.equal(pkg.status, 200, pkg.body);
    const add = await c.post(`PublisherIntegrationPack/${packId}`, {
      id: packId,
      Description: 'Retail orders',
      operationType: 'ADD',
      PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: processId }] },
    });
    assert.equal(add.status, 200, add.body);
    const r = await c.post<{ requestId: string }>('ReleaseIntegrationPack', {
      id: packId,
      releaseSchedule: 'IMMEDIATELY',
    });
    assert.equal(r.status, 200, r.body);
    await tick(0);
    assert.equal((await c.get(`ReleaseIntegrationPackStatus/${r.json.requestId}`)).status, 200);
  };
  const deployed = (environmentId: string) =>
    queryAll<Deployed>(c, 'DeployedPackage', where(eq('environmentId', environmentId)), as);

  before(async () => {
    emu = testEmulator({ now: () => now, stageTimings: { propagationMs: 1000 } });
    c = client(emu);
    const res = await c.xml('POST', 'Component', componentXml({ name: 'Retail Order Sync', type: 'process' }, PROCESS));
    processId = attr(res.body, 'componentId')!;
    const pack = await c.post<{ id: string }>('PublisherIntegrationPack', {
      name: 'Retail Orders',
      Description: 'Retail orders',
      installationType: 'MULTI',
    });
    packId = pack.json.id;
  });
  after(() => emu.close());

  test('a pack never released cannot be installed', async () => {
    const res = await c.post('IntegrationPackInstance', { integrationPackId: packId }, as);
    assert.equal(res.status, 400);
    assert.match(res.body, /Invalid integration pack id/);
  });

  test('install: the released pack goes into the client account, with its processes', async () => {
    await release('1.0');
    const available = await c.post<{ result: { id: string }[] }>('IntegrationPack/query', {}, as);
    assert.ok(available.json.result.some((p) => p.id === packId));
    // The publisher cannot install its own pack (IntegrationPack never lists it there).
    assert.equal((await c.post('IntegrationPackInstance', { integrationPackId: packId })).status, 400);
    const res = await c.post<Record<string, unknown>>(
      'IntegrationPackInstance',
      { integrationPackId: packId, integrationPackOverrideName: 'Retail Orders EU' },
      as,
    );
    assert.equal(res.status, 200, res.body);
    instanceId = String(res.json['id']);
    assert.match(instanceId, /^[0-9A-F]{32}$/);
    assert.equal(res.json['integrationPackId'], packId);
    assert.equal(res.json['integrationPackOverrideName'], 'Retail Orders EU');
    const processes = res.json['ProcessId'] as Record<string, string>[];
    assert.equal(processes.length, 1);
    assert.equal(processes[0]!['originalProcessId'], processId);
    assert.equal(processes[0]!['name'], 'Retail Order Sync');
    assert.ok(processes[0]!['wrapperProcessId'], 'MULTI packs get wrapper processes');
    assert.equal((await c.get(`IntegrationPackInstance/${instanceId}`, as)).status, 200);
    const found = await queryAll(c, 'IntegrationPackInstance', where(eq('integrationPackId', packId)), as);
    assert.deepEqual(
      found.map((i) => i['id']),
      [instanceId],
    );
    const same = await c.post(
      'IntegrationPackInstance',
      { integrationPackId: packId, integrationPackOverrideName: 'Retail Orders EU' },
      as,
    );
    assert.equal(same.status, 400);
  });

  test('attach: only an environment of the same account; it then runs the released package', async () => {
    const foreign = { environmentId: DEMO.environments.test.id, integrationPackInstanceId: instanceId };
    assert.equal((await c.post('IntegrationPackEnvironmentAttachment', foreign, as)).status, 400);
    const res = await c.post<Record<string, string>>(
      'IntegrationPackEnvironmentAttachment',
      { environmentId: CLIENT_TEST, integrationPackInstanceId: instanceId },
      as,
    );
    assert.equal(res.status, 200, res.body);
    attachmentId = res.json['id']!;
    assert.equal(res.json['environmentId'], CLIENT_TEST);
    const again = { environmentId: CLIENT_TEST, integrationPackInstanceId: instanceId };
    assert.equal((await c.post('IntegrationPackEnvironmentAttachment', again, as)).status, 400);
    const rows = await queryAll(c, 'IntegrationPackEnvironmentAttachment', where(eq('environmentId', CLIENT_TEST)), as);
    assert.deepEqual(
      rows.map((r) => r['id']),
      [attachmentId],
    );
    const deps = await deployed(CLIENT_TEST);
    assert.equal(deps.length, 1);
    assert.deepEqual([deps[0]!.componentId, deps[0]!.packageVersion, deps[0]!.active], [processId, '1.0', true]);
    // Nothing of it in the primary account's own environments.
    assert.equal((await queryAll(c, 'DeployedPackage', where(eq('componentId', processId)))).length, 0);
  });

  test('a new release propagates: PENDING, IN_PROGRESS, then COMPLETE in every attached environment', async () => {
    const attach = { environmentId: CLIENT_PROD, integrationPackInstanceId: instanceId };
    assert.equal((await c.post('IntegrationPackEnvironmentAttachment', attach, as)).status, 200);
    await release('2.0');
    for (const env of [CLIENT_TEST, CLIENT_PROD]) {
      const deps = await deployed(env);
      const next = deps.find((d) => d.packageVersion === '2.0')!;
      assert.equal(next.active, false);
      assert.match(next.notes ?? '', /Retail Orders release 2: PENDING/);
      assert.equal(deps.find((d) => d.packageVersion === '1.0')!.active, true);
    }
    await tick(600);
    assert.match((await deployed(CLIENT_TEST)).find((d) => d.packageVersion === '2.0')!.notes ?? '', /IN_PROGRESS/);
    await tick(500);
    for (const env of [CLIENT_TEST, CLIENT_PROD]) {
      const active = (await deployed(env)).filter((d) => d.active);
      assert.deepEqual(
        active.map((d) => [d.packageVersion, d.version]),
        [['2.0', 2]],
      );
      assert.match(active[0]!.notes ?? '', /COMPLETE/);
    }
  });

  test('detach stops what the instance deployed there; uninstall removes the rest', async () => {
    assert.equal((await c.del(`IntegrationPackEnvironmentAttachment/${attachmentId}`, as)).status, 200);
    assert.equal((await deployed(CLIENT_TEST)).filter((d) => d.active).length, 0);
    assert.equal((await deployed(CLIENT_PROD)).filter((d) => d.active).length, 1);
    assert.equal((await c.del(`IntegrationPackInstance/${instanceId}`, as)).status, 200);
    assert.equal((await deployed(CLIENT_PROD)).filter((d) => d.active).length, 0);
    assert.equal((await c.get(`IntegrationPackInstance/${instanceId}`, as)).status, 400);
    assert.equal((await queryAll(c, 'IntegrationPackEnvironmentAttachment', {}, as)).length, 0);
  });

  test('a SINGLE pack installs once and takes no override name', async () => {
    const single = await c.post<{ id: string }>('PublisherIntegrationPack', {
      name: 'Retail Single',
      Description: 'single',
      installationType: 'SINGLE',
    });
    const saved = packId;
    packId = single.json.id;
    await release('3.0');
    packId = saved;
    const named = { integrationPackId: single.json.id, integrationPackOverrideName: 'X' };
    assert.equal((await c.post('IntegrationPackInstance', named, as)).status, 400);
    assert.equal((await c.post('IntegrationPackInstance', { integrationPackId: single.json.id }, as)).status, 200);
    assert.equal((await c.post('IntegrationPackInstance', { integrationPackId: single.json.id }, as)).status, 400);
  });

  test('overrideAccount must be the path account or below it (403)', async () => {
    emu.control.addFixture({
      accounts: [{ accountId: 'other-PRIMARY', name: 'Other Corp', parentAccountId: null, rootFolderName: 'Other' }],
    });
    const other = { account: 'other-PRIMARY' };
    assert.equal((await c.post('IntegrationPackInstance/query', {}, other)).status, 403);
    assert.equal((await c.post('IntegrationPackInstance', { integrationPackId: packId }, other)).status, 403);
    assert.equal((await c.post('IntegrationPackEnvironmentAttachment/query', {}, other)).status, 403);
    assert.equal((await c.post('EnvironmentMapExtensionsSummary/query', {}, other)).status, 403);
    assert.equal((await c.get(`EnvironmentMapExtension/${DEMO.mapExtensions.test.id}`, other)).status, 403);
  });
});
