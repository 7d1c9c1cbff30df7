import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import {
  DEMO,
  STATE_FILE_NAME,
  createEmulator,
  emulatorPlugin,
  generateTree,
  startEmulatorServer,
} from '../../emulator/index.ts';
import {
  AUTH,
  DEVA,
  PRIMARY,
  attr,
  client,
  componentXml,
  eq,
  profileObject,
  queryAll,
  testEmulator,
  where,
} from './helpers.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'promo-emulator-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('emulator state and fixture', () => {
  test('a fresh data directory gets the demo fixture and a state file', async () => {
    const dataDir = tempDir();
    const emu = testEmulator({ dataDir });
    const c = client(emu);
    const accounts = await queryAll<{ accountId: string; name: string }>(c, 'Account', {});
    assert.deepEqual(
      accounts.map((a) => [a.accountId, a.name]),
      [
        ['acme-DEVA', 'Dev Team A'],
        ['acme-DEVB', 'Dev Team B'],
        [DEMO.clientAccount.accountId, DEMO.clientAccount.name],
      ],
    );
    const packages = await queryAll<{ componentId: string; packageVersion: string }>(
      c,
      'PackagedComponent',
      where(eq('componentType', 'process')),
      { account: DEVA },
    );
    assert.equal(packages.length, 3);
    assert.ok(packages.every((p) => p.packageVersion === '1.0.0'));
    const devb = await queryAll<{ componentId: string }>(c, 'PackagedComponent', {}, { account: 'acme-DEVB' });
    assert.deepEqual(
      devb.map((p) => p.componentId),
      [DEMO.packages.shipmentTracker.componentId],
    );
    const conns = await queryAll<{ componentId: string; name: string; folderName: string }>(
      c,
      'ComponentMetadata',
      where(eq('type', 'connector-settings')),
    );
    assert.deepEqual(conns.map((x) => x.componentId).sort(), DEMO.prodConnections.map((x) => x.id).sort());
    assert.ok(conns.every((x) => x.folderName === '#Connections'));
    for (const m of DEMO.connectionMappings) {
      assert.equal(
        (await c.xml('GET', `Component/${m.devComponentId}`, undefined, m.devAccountId)).status,
        200,
        m.name,
      );
    }
    const packs = await queryAll<{ name: string; installationType: string }>(c, 'PublisherIntegrationPack', {});
    assert.deepEqual(
      packs.map((p) => [p.name, p.installationType]),
      [
        ['Orders - TEST', 'MULTI'],
        ['Orders', 'MULTI'],
      ],
    );
    await emu.close();
    const saved = JSON.parse(readFileSync(join(dataDir, STATE_FILE_NAME), 'utf8')) as {
      accounts: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(saved.accounts), [
      'acme-PRIMARY',
      'acme-DEVA',
      'acme-DEVB',
      DEMO.clientAccount.accountId,
    ]);
    assert.deepEqual(readdirSync(dataDir), [STATE_FILE_NAME], 'no temp files left behind');
  });

  test('the demo trees: Customer Master Sync has >= 40 components and depth >= 4; Invoice Sync uses the unmapped connection', async () => {
    const emu = testEmulator();
    const c = client(emu);
    const depth = async (id: string, version = 1, seen = new Set<string>()): Promise<number> => {
      seen.add(id);
      const refs = await queryAll<{ references: { componentId: string }[] }>(
        c,
        'ComponentReference',
        where(eq('parentComponentId', id), eq('parentVersion', version)),
        { account: DEVA },
      );
      let best = 0;
      for (const r of refs) {
        const child = r.references[0]!.componentId;
        if (!seen.has(child)) best = Math.max(best, await depth(child, 1, seen));
      }
      return best + 1;
    };
    const cms = new Set<string>();
    assert.ok((await depth(DEMO.packages.customerMasterSync.componentId, 1, cms)) >= 4);
    assert.ok(cms.size >= 40, `${cms.size} components`);
    const unmapped = DEMO.unmappedConnections[0]!;
    assert.equal(unmapped.usedBy, 'Invoice Sync');
    const inv = await c.xml('GET', `Component/${DEMO.packages.invoiceSync.componentId}`, undefined, DEVA);
    assert.ok(inv.body.includes(unmapped.devComponentId));
    await emu.close();
  });

  test('state survives a restart: created objects and pending stages come back', async () => {
    const dataDir = tempDir();
    let now = Date.parse('2025-05-05T08:00:00Z');
    const first = createEmulator({ dataDir, now: () => now, rateLimit: null, stageTimings: { branchCreateMs: 5000 } });
    const c1 = client(first);
    const comp = await c1.xml(
      'POST',
      'Component',
      componentXml({ name: 'Persisted', type: 'profile.json', folderFullPath: 'Acme/Kept' }, profileObject('K')),
    );
    const id = attr(comp.body, 'componentId')!;
    const main = (await queryAll<{ id: string }>(c1, 'Branch', where(eq('name', 'main'))))[0]!.id;
    const branch = await c1.post<{ id: string; stage: string }>('Branch', { name: 'survivor', parentId: main });
    assert.equal(branch.json.stage, 'CREATING');
    await c1.del(`ComponentMetadata/${DEMO.packages.shipmentTracker.componentId}`, { account: 'acme-DEVB' });
    await first.close();

    now += 6000;
    const second = createEmulator({ dataDir, now: () => now, rateLimit: null });
    const c2 = client(second);
    const again = await c2.xml('GET', `Component/${id}`);
    assert.equal(attr(again.body, 'folderFullPath'), 'Acme/Kept');
    assert.equal((await c2.get<{ stage: string }>(`Branch/${branch.json.id}`)).json.stage, 'NORMAL');
    assert.equal(
      (await c2.xml('GET', `Component/${DEMO.packages.shipmentTracker.componentId}`, undefined, 'acme-DEVB')).status,
      400,
      'not reloaded from the fixture',
    );
    const next = await c2.post<{ id: string }>('Branch', { name: 'after-restart', parentId: main });
    assert.notEqual(next.json.id, branch.json.id, 'id counters persist');
    await second.close();
  });

  test('emulatorPlugin(options) mounted under /boomi-emulator persists to its data directory when the server closes', async () => {
    const dataDir = tempDir();
    const host = Fastify();
    const plugin = emulatorPlugin({ dataDir, rateLimit: null });
    await host.register(plugin, { prefix: '/boomi-emulator' });
    const res = await host.inject({
      method: 'POST',
      url: `/boomi-emulator/partner/api/rest/v1/${PRIMARY}/Folder`,
      headers: { authorization: AUTH, accept: 'application/json', 'content-type': 'application/json' },
      payload: { name: 'Mounted' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(plugin.control.counters()['Folder.create'], 1);
    await host.close();
    const state = readFileSync(join(dataDir, STATE_FILE_NAME), 'utf8');
    assert.ok(state.includes('"Mounted"'));
  });

  test('generated trees can be added at runtime and are packaged with their whole closure', async () => {
    const emu = testEmulator();
    const c = client(emu);
    const conn = DEMO.connectionMappings.find((m) => m.name === 'CRM API')!;
    const tree = generateTree({
      seed: 'big',
      accountId: DEVA,
      rootName: 'Big Tree',
      folder: 'DevTeamARoot/Big',
      componentCount: 120,
      processDepth: 6,
      connections: [{ id: conn.devComponentId, connector: 'http' }],
    });
    emu.control.addFixture({
      components: tree.components,
      packages: [
        {
          accountId: DEVA,
          packageId: 'a5d0b3c2-0000-4000-8000-000000000001',
          componentId: tree.rootId,
          packageVersion: '1.0.0',
        },
      ],
    });
    const manifest = await c.get<{ componentInfo: unknown[] }>(
      'PackagedComponentManifest/a5d0b3c2-0000-4000-8000-000000000001',
      { account: DEVA },
    );
    assert.equal(manifest.json.componentInfo.length, 121);
    await emu.close();
  });

  test('standalone server: control endpoints under /__emulator/ set faults, settings and counters', async () => {
    const server = await startEmulatorServer({ port: 0, rateLimit: null });
    try {
      const ctl = (path: string, method = 'GET', body?: unknown) =>
        fetch(`${server.url}/__emulator/${path}`, {
          method,
          headers: body ? { 'content-type': 'application/json' } : {},
          body: body ? JSON.stringify(body) : undefined,
        }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
      const api = (path: string) =>
        fetch(`${server.url}/partner/api/rest/v1/${PRIMARY}/${path}`, {
          method: 'POST',
          headers: { authorization: AUTH, accept: 'application/json', 'content-type': 'application/json' },
          body: '{}',
        });
      assert.equal(
        (await ctl('faults', 'POST', { operation: 'Environment.query', status: 503, times: 1 })).status,
        200,
      );
      assert.equal((await api('Environment/query')).status, 503);
      assert.equal((await api('Environment/query')).status, 200);
      const counters = await ctl('counters');
      assert.deepEqual(counters.json, { total: 2, counters: { 'Environment.query': 2 } });
      const settings = await ctl('settings', 'PATCH', { branchLimit: 5, stageTimings: { releaseMs: 0 } });
      assert.equal(settings.json['branchLimit'], 5);
      assert.equal((settings.json['stageTimings'] as Record<string, number>)['releaseMs'], 0);
      assert.equal((await ctl('faults', 'POST', { operation: '' })).status, 400);
      assert.equal((await ctl('reset', 'POST')).status, 200);
      assert.deepEqual((await ctl('counters')).json, { total: 0, counters: {} });
    } finally {
      await server.close();
    }
  });
});
