import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BOOMI_EMULATOR_MESSAGES as M, DEMO, type Emulator } from '../../emulator/index.ts';
import {
  DEVA,
  attr,
  client,
  componentXml,
  eq,
  profileObject,
  queryAll,
  testEmulator,
  where,
  type Client,
} from './helpers.ts';

interface Meta {
  componentId: string;
  version: number;
  currentVersion: boolean;
  deleted: boolean;
  branchId: string;
  branchName: string;
  folderName: string;
}

describe('emulator components, metadata, references, folders', () => {
  let emu: Emulator;
  let c: Client;
  before(() => {
    emu = testEmulator();
    c = client(emu);
  });
  after(() => emu.close());

  test('demo components carry realistic XML: connections with values in attributes and elements', async () => {
    const conn = DEMO.connectionMappings.find((m) => m.name === 'Orders DB' && m.devAccountId === DEVA)!;
    const res = await c.xml('GET', `Component/${conn.devComponentId}`, undefined, DEVA);
    assert.equal(res.status, 200);
    assert.equal(attr(res.body, 'type'), 'connector-settings');
    assert.equal(attr(res.body, 'subType'), 'database');
    assert.match(res.body, /host="orders-db\.dev\.acme\.example"/);
    assert.match(res.body, /<host>orders-db\.dev\.acme\.example<\/host>/);
    assert.match(res.body, /<password>[0-9a-f]{64}<\/password>/);
    assert.match(res.body, /<bns:encryptedValue path="\/\/DatabaseConnectionSettings\/password" isSet="true"\/>/);
    const opm = await c.xml('GET', `Component/${DEMO.packages.orderProcessingMain.componentId}`, undefined, DEVA);
    assert.match(opm.body, /connectionId="[0-9a-f-]{36}"[^>]*operationId="[0-9a-f-]{36}"/);
    assert.match(opm.body, /<map mapId="[0-9a-f-]{36}"\/>/);
    assert.match(opm.body, /<processcall abort="true" processId="[0-9a-f-]{36}"/);
    assert.match(opm.body, /folderFullPath="DevTeamARoot\/Orders\/Order Processing\/Processes"/);
  });

  test('create places by folderFullPath, creating missing folders; update adds a revision; no-change update is 400', async () => {
    const created = await c.xml(
      'POST',
      'Component',
      componentXml(
        { name: 'Promo Profile', type: 'profile.json', folderFullPath: 'Acme/Promoted/DevTeamARoot/Orders' },
        profileObject('Order'),
      ),
    );
    assert.equal(created.status, 200, created.body);
    const id = attr(created.body, 'componentId')!;
    assert.equal(attr(created.body, 'version'), '1');
    assert.equal(attr(created.body, 'folderFullPath'), 'Acme/Promoted/DevTeamARoot/Orders');
    assert.equal(attr(created.body, 'branchName'), 'main');
    const folders = await queryAll<{ name: string; fullPath: string; parentName?: string }>(
      c,
      'Folder',
      where(eq('name', 'DevTeamARoot')),
    );
    assert.deepEqual(
      folders.map((f) => [f.fullPath, f.parentName]),
      [['Acme/Promoted/DevTeamARoot', 'Promoted']],
    );
    // The same path again reuses the folders.
    const second = await c.xml(
      'POST',
      'Component',
      componentXml(
        { name: 'Other', type: 'profile.json', folderFullPath: 'Acme/Promoted/DevTeamARoot/Orders' },
        profileObject('X'),
      ),
    );
    assert.equal(attr(second.body, 'folderId'), attr(created.body, 'folderId'));

    const updated = await c.xml(
      'POST',
      `Component/${id}`,
      componentXml({ componentId: id, name: 'Promo Profile', type: 'profile.json' }, profileObject('Order', 'orderId')),
    );
    assert.equal(updated.status, 200, updated.body);
    assert.equal(attr(updated.body, 'version'), '2');
    const same = await c.xml(
      'POST',
      `Component/${id}`,
      componentXml(
        { componentId: id, name: 'Promo Profile', type: 'profile.json' },
        `\n  ${profileObject('Order', 'orderId')}\n`,
      ),
    );
    assert.equal(same.status, 400);
    assert.match(same.body, new RegExp(M.noMaterialChange(id).slice(0, 30)));

    const rows = await queryAll<Meta>(c, 'ComponentMetadata', where(eq('componentId', id)));
    assert.deepEqual(
      rows.map((r) => [r.version, r.currentVersion]),
      [
        [1, false],
        [2, true],
      ],
    );
    const v1 = await c.xml('GET', `Component/${id}~1`);
    assert.equal(attr(v1.body, 'version'), '1');
    assert.equal(attr(v1.body, 'currentVersion'), 'false');
    const meta = await c.get<Meta>(`ComponentMetadata/${id}~1`);
    assert.equal(meta.json.version, 1);
  });

  test('create validates type, inner object and namespace; componentId mismatch on update is 400', async () => {
    const badType = await c.xml(
      'POST',
      'Component',
      componentXml({ name: 'S', type: 'scripting' }, '<ProcessingScript xmlns="" language="groovy2"/>'),
    );
    assert.equal(badType.status, 400);
    assert.match(badType.body, /component type object scripting is invalid/);
    const wrongInner = await c.xml(
      'POST',
      'Component',
      componentXml({ name: 'P', type: 'profile.json' }, '<XMLProfile xmlns=""/>'),
    );
    assert.equal(wrongInner.status, 400);
    const noNs = await c.xml(
      'POST',
      'Component',
      '<Component name="x" type="profile.json"><object><JSONProfile/></object></Component>',
    );
    assert.equal(noNs.status, 400);
    assert.match(noNs.body, /Unable to read message body/);
    const id = DEMO.packages.orderProcessingMain.componentId;
    const mismatch = await c.xml(
      'POST',
      `Component/${id}`,
      componentXml(
        { componentId: DEMO.packages.invoiceSync.componentId, name: 'x', type: 'process' },
        '<process xmlns=""/>',
      ),
      DEVA,
    );
    assert.equal(mismatch.status, 400);
    const unknown = await c.xml('GET', 'Component/00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 400);
  });

  test('delete is a soft delete through ComponentMetadata; create with the id restores', async () => {
    const created = await c.xml(
      'POST',
      'Component',
      componentXml({ name: 'Doomed', type: 'profile.json' }, profileObject('D')),
    );
    const id = attr(created.body, 'componentId')!;
    assert.equal((await c.del(`ComponentMetadata/${id}`)).status, 200);
    assert.equal((await c.xml('GET', `Component/${id}`)).status, 400);
    const rows = await queryAll<Meta>(c, 'ComponentMetadata', where(eq('componentId', id), eq('deleted', true)));
    assert.equal(rows.length, 1);
    assert.equal((await c.del(`ComponentMetadata/${id}`)).status, 400);
    const restored = await c.xml(
      'POST',
      'Component',
      componentXml({ componentId: id, name: 'Doomed', type: 'profile.json' }, profileObject('D')),
    );
    assert.equal(restored.status, 200, restored.body);
    assert.equal(attr(restored.body, 'deleted'), 'false');
    const renamed = await c.post<Meta & { name: string }>(`ComponentMetadata/${id}`, { name: 'Renamed' });
    assert.equal(renamed.json.name, 'Renamed');
  });

  test('ComponentReference: children of a revision, where-used by componentId, GET as where-used, 400 without references', async () => {
    const opm = DEMO.packages.orderProcessingMain.componentId;
    type Ref = {
      references: { parentComponentId: string; parentVersion: number; componentId: string; type: string }[];
    };
    const children = await queryAll<Ref>(
      c,
      'ComponentReference',
      where(eq('parentComponentId', opm), eq('parentVersion', 1)),
      { account: DEVA },
    );
    assert.equal(children.length, 4);
    assert.ok(
      children.every((r) => r.references[0]?.parentComponentId === opm && r.references[0]?.type === 'DEPENDENT'),
    );
    const conn = DEMO.connectionMappings.find((m) => m.name === 'Orders DB' && m.devAccountId === DEVA)!.devComponentId;
    const users = await queryAll<Ref>(c, 'ComponentReference', where(eq('componentId', conn)), { account: DEVA });
    // Processes and operations of Order Processing Main and Invoice Sync use the dev Orders DB connection.
    assert.equal(new Set(users.map((u) => u.references[0]?.parentComponentId)).size, 4);
    const get = await c.get<Ref>(`ComponentReference/${conn}`, { account: DEVA });
    assert.equal(get.status, 200);
    assert.equal(get.json.references.length, 4);
    const lone = await c.xml(
      'POST',
      'Component',
      componentXml({ name: 'Lonely', type: 'profile.json' }, profileObject('L')),
    );
    const res = await c.get(`ComponentReference/${attr(lone.body, 'componentId')}`);
    assert.equal(res.status, 400);
  });

  test('Folder create/get/query: root parent omitted or blank, "0" rejected, fullPath not filterable', async () => {
    const made = await c.post<{ id: string; fullPath: string; parentId: string }>('Folder', {
      name: 'Reports',
      parentId: '',
    });
    assert.equal(made.status, 200);
    assert.equal(made.json.fullPath, 'Acme/Reports');
    const child = await c.post<{ fullPath: string }>(
      'Folder',
      '<bns:Folder xmlns:bns="http://api.platform.boomi.com/" name="Monthly" parentId="' + made.json.id + '"/>',
      { xml: false, headers: { 'content-type': 'application/xml' } },
    );
    assert.equal(child.json.fullPath, 'Acme/Reports/Monthly');
    assert.equal((await c.post('Folder', { name: 'Zero', parentId: '0' })).status, 400);
    assert.equal((await c.post('Folder', { name: 'Reports' })).status, 400);
    const got = await c.get<{ name: string }>(`Folder/${made.json.id}`);
    assert.equal(got.json.name, 'Reports');
    const conns = await queryAll<{ id: string }>(c, 'Folder', where(eq('name', '#Connections')));
    assert.equal(conns.length, 1);
  });

  test('bulk GET: Component up to 5 ids in XML, per-item errors', async () => {
    const ids = [DEMO.packages.orderProcessingMain.componentId, 'nope'];
    const res = await emu.app.inject({
      method: 'POST',
      url: `/partner/api/rest/v1/acme-PRIMARY/Component/bulk?overrideAccount=${DEVA}`,
      headers: {
        authorization: (await import('./helpers.ts')).AUTH,
        'content-type': 'application/json',
        accept: 'application/xml',
      },
      payload: { type: 'GET', request: ids.map((id) => ({ id })) },
    });
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /<bns:response index="0" id="[^"]+" statusCode="200"><bns:Result xsi:type="Component" folderFullPath=/,
    );
    assert.match(res.body, /<bns:response index="1" id="nope" statusCode="400" errorMessage=/);

    // As a single GET: a deleted component's current revision is refused, per item.
    const auth = (await import('./helpers.ts')).AUTH;
    const gone = DEMO.packages.orderProcessingMain.componentId;
    const del = await emu.app.inject({
      method: 'DELETE',
      url: `/partner/api/rest/v1/acme-PRIMARY/ComponentMetadata/${gone}?overrideAccount=${DEVA}`,
      headers: { authorization: auth, accept: 'application/json' },
    });
    assert.equal(del.statusCode, 200, del.body);
    const after = await emu.app.inject({
      method: 'POST',
      url: `/partner/api/rest/v1/acme-PRIMARY/Component/bulk?overrideAccount=${DEVA}`,
      headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/xml' },
      payload: { type: 'GET', request: [{ id: gone }] },
    });
    assert.match(
      after.body,
      /<bns:response index="0" id="[^"]+" statusCode="400" errorMessage="Component [^"]+ is deleted\."\/>/,
    );
  });
});
