import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO } from '../../emulator/index.ts';
import { attr, client, componentXml, testEmulator, type Client } from './helpers.ts';

// What a rollback of a release needs from Boomi (issue 14): an older revision read back by
// `~version`, the pack released again with an older package while other packages keep theirs,
// the older package deployed again where a newer one superseded it, an OVERRIDE merge of a branch
// that writes past content back onto main, and a package deleted outside Promo.

const PACK = DEMO.packs.orders.id;
const PROD = DEMO.environments.production.id;
const processXml = (label: string) =>
  `<process xmlns="" allowSimultaneous="false"><shapes><shape name="shape1" shapetype="stop" userlabel="${label}"><configuration><stop continue="true"/></configuration></shape></shapes></process>`;

interface PackView {
  PublisherPackagedComponents: {
    PublisherPackagedComponent: Array<{ componentId: string; currentVersion: string }>;
  };
}

async function release(c: Client, components: Array<{ componentId: string; version: string }>) {
  const res = await c.post<{ requestId: string }>('ReleaseIntegrationPack', {
    id: PACK,
    releaseSchedule: 'IMMEDIATELY',
    ReleasePackagedComponents: { ReleasePackagedComponent: components },
  });
  assert.equal(res.status, 200, res.body);
  const status = await c.get<{ releaseStatus: string }>(`ReleaseIntegrationPackStatus/${res.json.requestId}`);
  assert.equal(status.json.releaseStatus, 'SUCCESS');
}

async function newProcess(c: Client, name: string) {
  const res = await c.xml(
    'POST',
    'Component',
    componentXml({ name, type: 'process', folderFullPath: 'Acme/Promoted' }, processXml('v1')),
  );
  assert.equal(res.status, 200, res.body);
  return attr(res.body, 'componentId')!;
}

const addToPack = (c: Client, ids: string[]) =>
  c.post(`PublisherIntegrationPack/${PACK}`, {
    id: PACK,
    name: 'Orders',
    Description: 'Order processes',
    installationType: 'MULTI',
    operationType: 'ADD',
    PublisherPackagedComponents: { PublisherPackagedComponent: ids.map((componentId) => ({ componentId })) },
  });

describe('emulator: what a rollback of a release uses', () => {
  test('an older package released and deployed again; a past revision merged back onto main; a deleted package', async () => {
    const emu = testEmulator();
    const c = client(emu);
    try {
      const id = await newProcess(c, 'Rolled');
      const other = await newProcess(c, 'Neighbour');
      const p1 = (
        await c.post<{ packageId: string }>('PackagedComponent', {
          componentId: id,
          packageVersion: '1',
          shareable: true,
        })
      ).json;
      const n1 = await c.post('PackagedComponent', { componentId: other, packageVersion: '7', shareable: true });
      assert.equal(n1.status, 200, n1.body);
      assert.equal((await addToPack(c, [id, other])).status, 200);
      await release(c, [
        { componentId: id, version: '1' },
        { componentId: other, version: '7' },
      ]);
      const v2 = await c.xml(
        'POST',
        `Component/${id}`,
        componentXml({ componentId: id, name: 'Rolled', type: 'process' }, processXml('v2')),
      );
      assert.equal(v2.status, 200, v2.body);
      const p2 = (
        await c.post<{ packageId: string }>('PackagedComponent', {
          componentId: id,
          packageVersion: '2',
          shareable: true,
        })
      ).json;
      await release(c, [
        { componentId: id, version: '2' },
        { componentId: other, version: '7' },
      ]);
      assert.equal((await c.post('DeployedPackage', { environmentId: PROD, packageId: p1.packageId })).status, 200);
      assert.equal((await c.post('DeployedPackage', { environmentId: PROD, packageId: p2.packageId })).status, 200);

      // The pack released again with the older package; the neighbour keeps its version.
      await release(c, [
        { componentId: id, version: '1' },
        { componentId: other, version: '7' },
      ]);
      const pack = (await c.get<PackView>(`PublisherIntegrationPack/${PACK}`)).json;
      assert.deepEqual(
        pack.PublisherPackagedComponents.PublisherPackagedComponent.map((x) => [x.componentId, x.currentVersion]),
        [
          [id, '1'],
          [other, '7'],
        ],
      );
      // The older package deployed again, superseding the newer one.
      const again = await c.post<{ active: boolean; packageId: string }>('DeployedPackage', {
        environmentId: PROD,
        packageId: p1.packageId,
      });
      assert.deepEqual([again.status, again.json.active], [200, true]);

      // Main back to revision 1 through a branch and an OVERRIDE merge: a new revision, the old content.
      const manifest = (
        await c.get<{ componentInfo: Array<{ id: string; version: number }> }>(
          `PackagedComponentManifest/${p1.packageId}`,
        )
      ).json;
      assert.deepEqual(
        manifest.componentInfo.map((m) => [m.id, m.version]),
        [[id, 1]],
      );
      const past = await c.xml('GET', `Component/${id}~1`);
      assert.equal(attr(past.body, 'version'), '1');
      assert.match(past.body, /userlabel="v1"/);
      const main = (
        await c.post<{ result: Array<{ id: string }> }>('Branch/query', {
          QueryFilter: { expression: { operator: 'EQUALS', property: 'name', argument: ['main'] } },
        })
      ).json.result[0]!.id;
      const branch = (await c.post<{ id: string }>('Branch', { name: 'promo-rollback-1', parentId: main })).json;
      const written = await c.xml(
        'POST',
        `Component/${id}`,
        componentXml({ componentId: id, name: 'Rolled', type: 'process', branchId: branch.id }, processXml('v1')),
      );
      assert.equal(written.status, 200, written.body);
      const mr = (
        await c.post<{ id: string }>('MergeRequest', {
          sourceBranchId: branch.id,
          destinationBranchId: main,
          strategy: 'OVERRIDE',
          priorityBranch: 'SOURCE',
        })
      ).json;
      assert.equal((await c.get<{ stage: string }>(`MergeRequest/${mr.id}`)).json.stage, 'REVIEWING');
      await c.post(`MergeRequest/execute/${mr.id}`, { id: mr.id, mergeRequestAction: 'MERGE' });
      assert.equal((await c.get<{ stage: string }>(`MergeRequest/${mr.id}`)).json.stage, 'MERGED');
      const head = await c.xml('GET', `Component/${id}`);
      assert.equal(attr(head.body, 'version'), '4', 'a new revision on main (1 created, 2 updated, 3 on the branch)');
      assert.match(head.body, /userlabel="v1"/);
      assert.equal((await c.del(`Branch/${branch.id}`)).status, 200);

      // Deleted outside Promo (the control knob): GET says deleted, a release with it is refused.
      assert.equal(emu.control.deletePackage(p2.packageId), true);
      assert.equal(emu.control.deletePackage('no-such-package'), false);
      assert.equal((await c.get<{ deleted: boolean }>(`PackagedComponent/${p2.packageId}`)).json.deleted, true);
      const refused = await c.post('ReleaseIntegrationPack', {
        id: PACK,
        releaseSchedule: 'IMMEDIATELY',
        ReleasePackagedComponents: {
          ReleasePackagedComponent: [
            { componentId: id, version: '2' },
            { componentId: other, version: '7' },
          ],
        },
      });
      assert.equal(refused.status, 400);
    } finally {
      await emu.close();
    }
  });
});
