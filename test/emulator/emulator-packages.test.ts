import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO } from '../../emulator/index.ts';
import { attr, client, componentXml, eq, queryAll, testEmulator, where, type Client } from './helpers.ts';

interface Pkg {
  packageId: string;
  packageVersion: string;
  componentId: string;
  componentVersion: number;
  branchName: string;
  shareable: boolean;
}

interface Deployment {
  deploymentId: string;
  version: number;
  active: boolean;
  packageId: string;
}

interface Status {
  releaseStatus: string;
  responseStatusCode: number;
  ReleasePackagedComponents: {
    ReleasePackagedComponent: { componentId: string; version: string; releasedVersion?: string }[];
  };
}

const processXml = (label: string, mapId?: string) =>
  `<process xmlns="" allowSimultaneous="false" workload="general"><shapes><shape name="shape1" shapetype="start"><configuration><noaction/></configuration></shape>${
    mapId ? `<shape name="shape2" shapetype="map"><configuration><map mapId="${mapId}"/></configuration></shape>` : ''
  }<shape name="shape3" shapetype="stop" userlabel="${label}"><configuration><stop continue="true"/></configuration></shape></shapes></process>`;

async function prodProcess(c: Client, name: string): Promise<string> {
  const res = await c.xml(
    'POST',
    'Component',
    componentXml({ name, type: 'process', folderFullPath: 'Acme/Promoted/Orders' }, processXml('v1')),
  );
  assert.equal(res.status, 200, res.body);
  return attr(res.body, 'componentId')!;
}

describe('emulator packages, deployments, packs and releases', () => {
  test('a package is a snapshot: from a branch it holds the branch revision, from main the main one', async () => {
    const emu = testEmulator();
    const c = client(emu);
    try {
      const id = await prodProcess(c, 'Order Sync');
      const main = (await queryAll<{ id: string }>(c, 'Branch', where(eq('name', 'main'))))[0]!.id;
      const branch = (await c.post<{ id: string }>('Branch', { name: 'promo-P-7', parentId: main })).json.id;
      await c.get(`Branch/${branch}`);
      await c.xml(
        'POST',
        `Component/${id}`,
        componentXml({ componentId: id, name: 'Order Sync', type: 'process', branchId: branch }, processXml('v2')),
      );
      const fromBranch = await c.post<Pkg>('PackagedComponent', {
        componentId: id,
        packageVersion: '1.0-test',
        branchName: 'promo-P-7',
        shareable: true,
        notes: 'P-7 to TEST',
      });
      assert.equal(fromBranch.status, 200, fromBranch.body);
      assert.deepEqual([fromBranch.json.componentVersion, fromBranch.json.branchName], [2, 'promo-P-7']);
      const fromMain = await c.post<Pkg>('PackagedComponent', {
        componentId: id,
        packageVersion: '1.0',
        shareable: true,
      });
      assert.deepEqual([fromMain.json.componentVersion, fromMain.json.branchName], [1, 'main']);
      // Later edits do not change what was packaged.
      await c.xml(
        'POST',
        `Component/${id}`,
        componentXml({ componentId: id, name: 'Order Sync', type: 'process' }, processXml('v3')),
      );
      assert.equal((await c.get<Pkg>(`PackagedComponent/${fromMain.json.packageId}`)).json.componentVersion, 1);
      const manifest = await c.get<{ componentInfo: { id: string; version: number }[] }>(
        `PackagedComponentManifest/${fromBranch.json.packageId}`,
      );
      assert.deepEqual(manifest.json.componentInfo, [{ '@type': 'ComponentInfo', id, version: 2 }]);
      assert.equal(
        (await c.post('PackagedComponent', { componentId: id, packageVersion: '1.0' })).status,
        400,
        'duplicate packageVersion',
      );
      const auto = await c.post<Pkg>('PackagedComponent', { componentId: id });
      assert.equal(auto.json.packageVersion, '3.0', 'derived from the main revision (v3)');
      const xml = await c.get(`PackagedComponent/${fromMain.json.packageId}`, { xml: true });
      assert.match(
        xml.body,
        /<bns:PackagedComponent [^>]*><bns:packageId>[^<]+<\/bns:packageId><bns:packageVersion>1\.0<\/bns:packageVersion>/,
      );
      const profile = await c.xml(
        'POST',
        'Component',
        componentXml({ name: 'P', type: 'profile.json' }, '<JSONProfile xmlns=""/>'),
      );
      assert.equal(
        (await c.post('PackagedComponent', { componentId: attr(profile.body, 'componentId') })).status,
        400,
        'profiles cannot be packaged',
      );
      const cms = DEMO.packages.customerMasterSync;
      const cmsManifest = await c.get<{ componentInfo: unknown[] }>(`PackagedComponentManifest/${cms.packageId}`, {
        account: cms.accountId,
      });
      assert.ok(cmsManifest.json.componentInfo.length >= 40);
    } finally {
      await emu.close();
    }
  });

  test("PackagedComponent CREATE checks componentType against the component, as Boomi's model does", async () => {
    const emu = testEmulator();
    const c = client(emu);
    try {
      const id = await prodProcess(c, 'Typed');
      const wrong = await c.post<{ '@type': string; message: string }>('PackagedComponent', {
        componentId: id,
        componentType: 'webservice',
        packageVersion: '1.0',
      });
      assert.equal(wrong.status, 400);
      assert.deepEqual(wrong.json, {
        '@type': 'Error',
        message: `Invalid componentType webservice: component ${id} is of type process.`,
      });
      const xml = await c.post(
        'PackagedComponent',
        `<bns:PackagedComponent xmlns:bns="http://api.platform.boomi.com/"><bns:componentId>${id}</bns:componentId>` +
          '<bns:componentType>certificate</bns:componentType></bns:PackagedComponent>',
        { xml: true },
      );
      assert.equal(xml.status, 400);
      assert.match(
        xml.body,
        /<error><message>Invalid componentType certificate: component [^<]+ is of type process.<\/message><\/error>/,
      );
      assert.equal((await queryAll(c, 'PackagedComponent', where(eq('componentId', id)))).length, 0);
      // The type Boomi's own CLI sends along is accepted when it is right; omitted is fine too.
      const right = await c.post<Pkg>('PackagedComponent', {
        componentId: id,
        componentType: 'process',
        packageVersion: '1.0',
      });
      assert.equal(right.status, 200, right.body);
      const untyped = await c.post<Pkg>('PackagedComponent', { componentId: id, packageVersion: '1.1' });
      assert.equal(untyped.status, 200, untyped.body);
    } finally {
      await emu.close();
    }
  });

  test('deployments supersede earlier ones of the same component in the same environment', async () => {
    const emu = testEmulator();
    const c = client(emu);
    try {
      const id = await prodProcess(c, 'Deployable');
      const p1 = (await c.post<Pkg>('PackagedComponent', { componentId: id, packageVersion: '1' })).json;
      await c.xml(
        'POST',
        `Component/${id}`,
        componentXml({ componentId: id, name: 'Deployable', type: 'process' }, processXml('v2')),
      );
      const p2 = (await c.post<Pkg>('PackagedComponent', { componentId: id, packageVersion: '2' })).json;
      const test1 = await c.post<Deployment>('DeployedPackage', {
        environmentId: DEMO.environments.test.id,
        packageId: p1.packageId,
        notes: 'first',
      });
      assert.deepEqual([test1.json.version, test1.json.active], [1, true]);
      const prod1 = await c.post<Deployment>('DeployedPackage', {
        environmentId: DEMO.environments.production.id,
        packageId: p1.packageId,
      });
      const test2 = await c.post<Deployment>('DeployedPackage', {
        environmentId: DEMO.environments.test.id,
        packageId: p2.packageId,
      });
      assert.deepEqual([test2.json.version, test2.json.active], [2, true]);
      assert.equal((await c.get<Deployment>(`DeployedPackage/${test1.json.deploymentId}`)).json.active, false);
      assert.equal((await c.get<Deployment>(`DeployedPackage/${prod1.json.deploymentId}`)).json.active, true);
      assert.equal(
        (await c.post('DeployedPackage', { environmentId: DEMO.environments.test.id, packageId: p2.packageId })).status,
        400,
        're-deploying the active package',
      );
      const active = await queryAll<Deployment>(
        c,
        'DeployedPackage',
        where(eq('componentId', id), eq('active', true), eq('environmentName', 'Test')),
      );
      assert.deepEqual(
        active.map((d) => d.deploymentId),
        [test2.json.deploymentId],
      );
      assert.equal((await c.del(`PackagedComponent/${p2.packageId}`)).status, 409);
      assert.equal((await c.post('DeployedPackage', { environmentId: 'nope', packageId: p2.packageId })).status, 400);
    } finally {
      await emu.close();
    }
  });

  test('packs: add a packaged component, release, poll 202 IN_PROGRESS then 200 SUCCESS; a fault ends in ERROR', async () => {
    let now = Date.parse('2025-04-01T09:00:00Z');
    const emu = testEmulator({ now: () => now, stageTimings: { releaseMs: 2000 } });
    const c = client(emu);
    try {
      const id = await prodProcess(c, 'Order Processing Main');
      const pkg = (
        await c.post<Pkg>('PackagedComponent', { componentId: id, packageVersion: '1.0.0', shareable: true })
      ).json;
      const packId = DEMO.packs.ordersTest.id;
      const added = await c.post<{
        PublisherPackagedComponents: {
          PublisherPackagedComponent: { componentId: string; pendingVersion: string; currentVersion: string }[];
        };
      }>(`PublisherIntegrationPack/${packId}`, {
        id: packId,
        name: 'Orders - TEST',
        Description: 'Order processes for the Test environment',
        installationType: 'MULTI',
        operationType: 'ADD',
        PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: id }] },
      });
      assert.equal(added.status, 200, added.body);
      assert.deepEqual(
        added.json.PublisherPackagedComponents.PublisherPackagedComponent.map((p) => [
          p.componentId,
          p.pendingVersion,
          p.currentVersion,
        ]),
        [[id, '1.0.0', '']],
      );
      assert.equal(
        (
          await c.post(`PublisherIntegrationPack/${packId}`, {
            id: packId,
            Description: 'x',
            PublisherPackagedComponents: {},
          })
        ).status,
        400,
        'operationType is mandatory',
      );

      const release = await c.post<{ requestId: string; releaseStatusUrl: string }>('ReleaseIntegrationPack', {
        id: packId,
        releaseSchedule: 'IMMEDIATELY',
        ReleasePackagedComponents: { ReleasePackagedComponent: [{ componentId: id, version: pkg.packageVersion }] },
      });
      assert.equal(release.status, 200, release.body);
      assert.match(release.json.requestId, /^release-[0-9a-f-]{36}$/);
      assert.match(
        release.json.releaseStatusUrl,
        new RegExp(
          `^http://localhost(:80)?/partner/api/rest/v1/acme-PRIMARY/ReleaseIntegrationPackStatus/${release.json.requestId}$`,
        ),
      );
      const pending = await c.get<Status>(`ReleaseIntegrationPackStatus/${release.json.requestId}`);
      assert.deepEqual(
        [pending.status, pending.json.releaseStatus, pending.json.responseStatusCode],
        [202, 'IN_PROGRESS', 202],
      );
      now += 2000;
      const done = await c.get<Status>(`ReleaseIntegrationPackStatus/${release.json.requestId}`);
      assert.deepEqual([done.status, done.json.releaseStatus], [200, 'SUCCESS']);
      assert.equal(done.json.ReleasePackagedComponents.ReleasePackagedComponent[0]?.releasedVersion, '1.0.0');
      const pack = await c.get<{
        PublisherPackagedComponents: { PublisherPackagedComponent: { currentVersion: string }[] };
      }>(`PublisherIntegrationPack/${packId}`);
      assert.equal(pack.json.PublisherPackagedComponents.PublisherPackagedComponent[0]?.currentVersion, '1.0.0');
      // Released packs are installable in the sub-accounts, never listed for the publisher itself.
      assert.equal((await c.post<{ numberOfResults: number }>('IntegrationPack/query', {})).json.numberOfResults, 0);
      const installable = await queryAll<{ id: string; name: string }>(
        c,
        'IntegrationPack',
        {},
        { account: 'acme-DEVB' },
      );
      assert.deepEqual(
        installable.map((p) => p.name),
        ['Orders - TEST'],
      );

      emu.control.addFault({ release: 'ERROR', times: 1 });
      const failing = await c.post<{ requestId: string }>('ReleaseIntegrationPack', {
        id: packId,
        releaseSchedule: 'IMMEDIATELY',
        ReleasePackagedComponents: { ReleasePackagedComponent: [{ componentId: id, version: '1.0.0' }] },
      });
      now += 2000;
      const failed = await c.get<Status>(`ReleaseIntegrationPackStatus/${failing.json.requestId}`);
      assert.deepEqual([failed.status, failed.json.releaseStatus], [200, 'ERROR']);
      assert.equal(
        (await c.post('ReleaseIntegrationPack', { id: packId, releaseSchedule: 'IMMEDIATELY' })).status,
        400,
        'nothing pending to release',
      );
      const scheduled = await c.post<{ requestId: string }>('ReleaseIntegrationPack', {
        id: packId,
        releaseSchedule: 'RELEASE_ON_SPECIFIED_DATE',
        releaseOnDate: '2025-04-03',
        ReleasePackagedComponents: { ReleasePackagedComponent: [{ componentId: id, version: '1.0.0' }] },
      });
      assert.equal(
        (await c.get<Status>(`ReleaseIntegrationPackStatus/${scheduled.json.requestId}`)).json.releaseStatus,
        'SCHEDULED',
      );
      assert.equal(
        (
          await c.post('ReleaseIntegrationPack', {
            id: packId,
            releaseSchedule: 'IMMEDIATELY',
            ReleasePackagedComponents: { ReleasePackagedComponent: [{ componentId: id, version: '9.9.9' }] },
          })
        ).status,
        400,
      );
    } finally {
      await emu.close();
    }
  });

  test('publisher packs: create (Description required), query, remove components, XML form', async () => {
    const emu = testEmulator();
    const c = client(emu);
    try {
      assert.equal(
        (await c.post('PublisherIntegrationPack', { name: 'No Description', installationType: 'MULTI' })).status,
        400,
      );
      const xml = await c.post(
        'PublisherIntegrationPack',
        '<bns:PublisherIntegrationPack xmlns:bns="http://api.platform.boomi.com/" name="Invoices" installationType="MULTI"><bns:Description>Invoice processes</bns:Description></bns:PublisherIntegrationPack>',
        { xml: true },
      );
      assert.equal(xml.status, 200, xml.body);
      assert.match(
        xml.body,
        /<bns:PublisherIntegrationPack [^>]*name="Invoices" installationType="MULTI"><bns:Description>Invoice processes<\/bns:Description><bns:PublisherPackagedComponents\/><\/bns:PublisherIntegrationPack>/,
      );
      const multi = await queryAll<{ name: string }>(
        c,
        'PublisherIntegrationPack',
        where(eq('installationType', 'MULTI')),
      );
      assert.deepEqual(
        multi.map((p) => p.name),
        ['Orders - TEST', 'Orders', 'Invoices'],
      );
      const test = await queryAll<{ name: string }>(
        c,
        'PublisherIntegrationPack',
        where({ property: 'name', operator: 'LIKE', argument: ['% - TEST'] }),
      );
      assert.deepEqual(
        test.map((p) => p.name),
        ['Orders - TEST'],
      );
      const packId = (xml.body.match(/ id="([^"]+)"/) ?? [])[1]!;
      const id = await prodProcess(c, 'Invoice Sync');
      await c.post('PackagedComponent', { componentId: id, packageVersion: '1.0.0', shareable: true });
      const body = (operationType: string) => ({
        id: packId,
        Description: 'Invoice processes',
        operationType,
        PublisherPackagedComponents: { PublisherPackagedComponent: { componentId: id } },
      });
      type Pack = { PublisherPackagedComponents: { PublisherPackagedComponent: unknown[] } };
      assert.equal(
        (await c.post<Pack>(`PublisherIntegrationPack/${packId}`, body('ADD'))).json.PublisherPackagedComponents
          .PublisherPackagedComponent.length,
        1,
      );
      assert.equal(
        (await c.post<Pack>(`PublisherIntegrationPack/${packId}`, body('DELETE'))).json.PublisherPackagedComponents
          .PublisherPackagedComponent.length,
        0,
      );
    } finally {
      await emu.close();
    }
  });

  test('environments: PROD/TEST classification; extensions get, partial update, encrypted values never returned', async () => {
    const emu = testEmulator();
    const c = client(emu);
    try {
      const envs = await queryAll<{ name: string; classification: string }>(c, 'Environment', {});
      assert.deepEqual(
        envs.map((e) => [e.name, e.classification]),
        [
          ['Test', 'TEST'],
          ['Production', 'PROD'],
        ],
      );
      const envId = DEMO.environments.production.id;
      type Ext = {
        connections: {
          connection: {
            id: string;
            name: string;
            field: { id: string; value?: string; encryptedValueSet: boolean }[];
          }[];
        };
      };
      const ext = await c.get<Ext>(`EnvironmentExtensions/${envId}`);
      const ordersDb = ext.json.connections.connection.find((x) => x.name === 'Orders DB')!;
      // The demo's Production still names the test database: a leftover P7's extension check finds.
      assert.equal(ordersDb.field.find((f) => f.id === 'host')?.value, 'orders-db.test.acme.example');
      const pw = ordersDb.field.find((f) => f.id === 'password')!;
      assert.deepEqual([pw.value, pw.encryptedValueSet], [undefined, true]);
      const updated = await c.post<Ext>(`EnvironmentExtensions/${envId}`, {
        id: envId,
        environmentId: envId,
        partial: true,
        connections: {
          connection: [
            {
              id: ordersDb.id,
              name: 'Orders DB',
              field: [{ id: 'host', value: 'orders-db-2.prod.acme.example', useDefault: false }],
            },
          ],
        },
      });
      assert.equal(updated.status, 200, updated.body);
      const after = updated.json.connections.connection.find((x) => x.id === ordersDb.id)!;
      assert.equal(after.field.find((f) => f.id === 'host')?.value, 'orders-db-2.prod.acme.example');
      assert.equal(after.field.find((f) => f.id === 'port')?.value, '5432', 'partial keeps unsent fields');
      assert.equal(updated.json.connections.connection.length, 5);
      const full = await c.post<Ext>(`EnvironmentExtensions/${envId}`, {
        id: envId,
        environmentId: envId,
        properties: { property: [{ name: 'region', value: 'eu' }] },
      });
      assert.equal(full.json.connections.connection.length, 0, 'without partial, unsent sections reset');
      assert.equal(
        (await c.post<{ numberOfResults: number }>('EnvironmentExtensions/query', where(eq('environmentId', envId))))
          .json.numberOfResults,
        1,
      );
    } finally {
      await emu.close();
    }
  });
});
