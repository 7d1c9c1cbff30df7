import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { DEMO, type Emulator } from '../../emulator/index.ts';
import { client, eq, testEmulator, where, type Client, type QueryResult } from './helpers.ts';

// EnvironmentExtensions (30-boomi-platform-api.md §3.12): partial updates at each section's
// granularity, full updates that reset what is not sent, both update URL forms, JSON and XML,
// encrypted values that never come back, and useDefault="false" needing a value.

const TEST_ENV = DEMO.environments.test.id;
const ORDERS_API = '08538b46-944d-5fa4-b23a-aa06298edf6e';
const ORDERS_DB = '1bfa534d-01f3-5d16-a93b-8c45632595d3';
const NS = 'http://api.platform.boomi.com/';

type Item = Record<string, unknown> & { field?: Item[]; ProcessPropertyValue?: Item[]; category?: Item[] };
interface Ext {
  connections: { connection: Item[] };
  operations: { operation: Item[] };
  tradingPartners: { tradingPartner: Item[] };
  crossReferences: { crossReference: Item[] };
  processProperties: { ProcessProperty: Item[] };
  properties: { property: Item[] };
  PGPCertificates: { PGPCertificate: Item[] };
}

const byId = (items: Item[], id: string, key = 'id') => items.find((x) => x[key] === id) as Item;
const field = (conn: Item, id: string) => byId(conn.field ?? [], id);

describe('EnvironmentExtensions', () => {
  let emu: Emulator;
  let c: Client;
  beforeEach(async () => {
    await emu?.close();
    emu = testEmulator();
    c = client(emu);
  });
  after(() => emu.close());

  const get = async (env = TEST_ENV, account?: string) => {
    const res = await c.get<Ext>(`EnvironmentExtensions/${env}`, { account });
    assert.equal(res.status, 200, res.body);
    return res.json;
  };
  const update = async (body: object, path = `EnvironmentExtensions/${TEST_ENV}`) => {
    const res = await c.post<Ext>(path, { environmentId: TEST_ENV, ...body });
    assert.equal(res.status, 200, res.body);
    return res.json;
  };

  test('GET returns every section; encrypted values only as encryptedValueSet (JSON)', async () => {
    const ext = await get();
    const api = byId(ext.connections.connection, ORDERS_API);
    assert.equal(field(api, 'url').value, 'https://orders-api.test.acme.example/v2');
    assert.equal(field(api, 'password').value, undefined);
    assert.equal(field(api, 'password').encryptedValueSet, true);
    assert.equal(ext.operations.operation.length, 1);
    const pp = ext.processProperties.ProcessProperty.find((p) => p['name'] === 'Order API Credentials')!;
    const apiKey = byId(pp.ProcessPropertyValue ?? [], 'API Key', 'label');
    assert.equal(apiKey.value, undefined);
    assert.equal(apiKey.encryptedValueSet, true);
    assert.deepEqual(
      ext.properties.property.map((p) => p['name']),
      ['ORDERS_BASE_URL', 'LOG_LEVEL'],
    );
    assert.equal(ext.crossReferences.crossReference.length, 1);
    assert.equal(ext.PGPCertificates.PGPCertificate.length, 1);
    assert.doesNotMatch(JSON.stringify(ext), /stored-secret|test-api-key/);
  });

  test('XML GET never carries an encrypted value either', async () => {
    const res = await c.get(`EnvironmentExtensions/${TEST_ENV}`, { xml: true });
    assert.equal(res.status, 200);
    assert.match(res.body, /<bns:EnvironmentExtensions /);
    assert.match(res.body, /<bns:field id="password"[^>]*encryptedValueSet="true"/);
    assert.match(res.body, /<bns:ProcessPropertyValue [^>]*label="API Key"[^>]*encryptedValueSet="true"/);
    assert.doesNotMatch(res.body, /stored-secret|test-api-key/);
  });

  test('partial: one connection field changes; its other fields and every other section stay', async () => {
    const before = await get();
    const ext = await update({
      partial: true,
      connections: {
        connection: [
          { id: ORDERS_API, field: [{ id: 'url', value: 'https://test-api.example.com/v3', useDefault: false }] },
        ],
      },
    });
    const api = byId(ext.connections.connection, ORDERS_API);
    assert.equal(field(api, 'url').value, 'https://test-api.example.com/v3');
    assert.equal(field(api, 'user').value, 'svc-orders');
    assert.equal(field(api, 'password').encryptedValueSet, true);
    assert.deepEqual(byId(ext.connections.connection, ORDERS_DB), byId(before.connections.connection, ORDERS_DB));
    for (const key of ['operations', 'processProperties', 'properties', 'crossReferences', 'PGPCertificates'] as const)
      assert.deepEqual(ext[key], before[key], key);
  });

  test('partial: a process property component is replaced whole, DPPs merge per property, PGP per certificate', async () => {
    const before = await get();
    const pp = before.processProperties.ProcessProperty[0]!;
    const ext = await update({
      partial: true,
      processProperties: {
        ProcessProperty: [
          { id: pp['id'], ProcessPropertyValue: [{ key: 'k-new', label: 'Only', value: '1', useDefault: false }] },
        ],
      },
      properties: {
        property: [
          { name: 'LOG_LEVEL', value: 'INFO' },
          { name: 'NEW_ONE', value: 'x' },
        ],
      },
      PGPCertificates: { PGPCertificate: [{ id: 'another-cert', value: 'Key B', useDefault: false }] },
    });
    assert.deepEqual(
      ext.processProperties.ProcessProperty[0]!.ProcessPropertyValue?.map((v) => v['label']),
      ['Only'],
    );
    assert.deepEqual(
      ext.properties.property.map((p) => [p['name'], p['value']]),
      [
        ['ORDERS_BASE_URL', 'https://test-api.example.com/orders'],
        ['LOG_LEVEL', 'INFO'],
        ['NEW_ONE', 'x'],
      ],
    );
    assert.equal(ext.PGPCertificates.PGPCertificate.length, 2);
  });

  test('partial: a cross reference table is replaced whole', async () => {
    const before = await get();
    const xref = before.crossReferences.crossReference[0]!;
    const ext = await update({
      partial: true,
      crossReferences: {
        crossReference: [
          { id: xref['id'], overrideValues: true, CrossReferenceRows: { row: [{ ref1: 'ONLY', ref2: 'ROW' }] } },
        ],
      },
    });
    const rows = (ext.crossReferences.crossReference[0]!['CrossReferenceRows'] as { row: Item[] }).row;
    assert.deepEqual(rows, [{ ref1: 'ONLY', ref2: 'ROW' }]);
  });

  test('partial: trading partners merge per field inside each category', async () => {
    const tp = (fields: Item[], categories = 1) => ({
      partial: true,
      tradingPartners: {
        tradingPartner: [
          {
            id: 'tp-1',
            name: 'Retail Partner',
            category: [
              { id: 'AS2', name: 'AS2', field: fields },
              ...(categories > 1
                ? [
                    {
                      id: 'FTP',
                      name: 'FTP',
                      field: [{ id: 'host', value: 'ftp.test.example.com', useDefault: false }],
                    },
                  ]
                : []),
            ],
          },
        ],
      },
    });
    await update(
      tp(
        [
          { id: 'url', value: 'https://as2.test.example.com', useDefault: false },
          { id: 'partnerId', value: 'ACME-TEST', useDefault: false },
        ],
        2,
      ),
    );
    const ext = await update(tp([{ id: 'url', value: 'https://as2-2.test.example.com', useDefault: false }]));
    const partner = ext.tradingPartners.tradingPartner[0]!;
    const as2 = byId(partner.category ?? [], 'AS2');
    assert.equal(field(as2, 'url').value, 'https://as2-2.test.example.com');
    assert.equal(field(as2, 'partnerId').value, 'ACME-TEST');
    assert.equal(field(byId(partner.category ?? [], 'FTP'), 'host').value, 'ftp.test.example.com');
  });

  test('without partial everything not sent is reset', async () => {
    const ext = await update({
      connections: {
        connection: [
          { id: ORDERS_API, field: [{ id: 'url', value: 'https://test-api.example.com', useDefault: false }] },
        ],
      },
    });
    assert.equal(ext.connections.connection.length, 1);
    assert.deepEqual(
      byId(ext.connections.connection, ORDERS_API).field?.map((f) => f['id']),
      ['url'],
    );
    for (const key of [
      'operations',
      'processProperties',
      'properties',
      'crossReferences',
      'PGPCertificates',
    ] as const) {
      const container = ext[key] as Record<string, unknown>;
      const items = Object.entries(container).find(([k]) => k !== '@type')?.[1];
      assert.deepEqual(items ?? [], [], key);
    }
  });

  test('both URL forms are the same update', async () => {
    const body = { partial: true, properties: { property: [{ name: 'LOG_LEVEL', value: 'WARN' }] } };
    const a = await update(body);
    const b = await update(
      { ...body, properties: { property: [{ name: 'LOG_LEVEL', value: 'ERROR' }] } },
      `EnvironmentExtensions/${TEST_ENV}/update`,
    );
    assert.equal(byId(a.properties.property, 'LOG_LEVEL', 'name')['value'], 'WARN');
    assert.equal(byId(b.properties.property, 'LOG_LEVEL', 'name')['value'], 'ERROR');
    assert.equal(emu.control.counters()['EnvironmentExtensions.update'], 2);
  });

  test('an XML update with partial="true" reads like the JSON one and answers XML without secrets', async () => {
    const xml = `<bns:EnvironmentExtensions xmlns:bns="${NS}" environmentId="${TEST_ENV}" partial="true"><bns:connections><bns:connection id="${ORDERS_API}" name="Orders API"><bns:field id="password" value="new-secret" useDefault="false" usesEncryption="true"/></bns:connection></bns:connections></bns:EnvironmentExtensions>`;
    const res = await c.post(`EnvironmentExtensions/${TEST_ENV}`, xml, { xml: true });
    assert.equal(res.status, 200, res.body);
    assert.doesNotMatch(res.body, /new-secret|stored-secret/);
    assert.match(res.body, /<bns:field id="password"[^>]*encryptedValueSet="true"/);
    const api = byId((await get()).connections.connection, ORDERS_API);
    assert.equal(field(api, 'user').value, 'svc-orders');
    const stored = emu.control.state().accounts[DEMO.primaryAccountId]!.extensions[TEST_ENV]!.connections;
    assert.equal(field(byId(stored as Item[], ORDERS_API), 'password').value, 'new-secret');
  });

  test('useDefault="false" needs a value (connections, process properties, PGP); a set secret may stay unsent', async () => {
    const refused = [
      { connections: { connection: [{ id: ORDERS_API, field: [{ id: 'url', useDefault: false }] }] } },
      {
        processProperties: { ProcessProperty: [{ id: 'pp', ProcessPropertyValue: [{ key: 'k', useDefault: false }] }] },
      },
      { PGPCertificates: { PGPCertificate: [{ id: 'cert', useDefault: false }] } },
    ];
    for (const body of refused) {
      const res = await c.post(`EnvironmentExtensions/${TEST_ENV}`, {
        environmentId: TEST_ENV,
        partial: true,
        ...body,
      });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((res.json as { '@type': string })['@type'], 'Error');
      assert.match(String((res.json as { message: string }).message), /value is required .* useDefault is false/);
    }
    // Read-modify-write: the GET had no password value, sending the field back keeps the secret.
    const ext = await update({
      partial: true,
      connections: {
        connection: [
          {
            id: ORDERS_API,
            field: [{ id: 'password', useDefault: false, usesEncryption: true, encryptedValueSet: true }],
          },
        ],
      },
    });
    assert.equal(field(byId(ext.connections.connection, ORDERS_API), 'password').encryptedValueSet, true);
  });

  test('query by environmentId and extensionGroupId; a client account through overrideAccount', async () => {
    const one = await c.post<QueryResult>('EnvironmentExtensions/query', where(eq('environmentId', TEST_ENV)));
    assert.equal(one.json.numberOfResults, 1);
    assert.equal(one.json.result[0]!['environmentId'], TEST_ENV);
    const all = await c.post<QueryResult>('EnvironmentExtensions/query', {});
    assert.equal(all.json.numberOfResults, 2);
    const group = await c.post<QueryResult>('EnvironmentExtensions/query', where(eq('extensionGroupId', 'no-group')));
    assert.equal(group.json.numberOfResults, 0);
    const client = DEMO.clientAccount;
    const prod = await get(client.environments.production.id, client.accountId);
    const api = byId(prod.connections.connection, ORDERS_API);
    assert.equal(field(api, 'password').encryptedValueSet, false);
    const wrong = await c.get(`EnvironmentExtensions/${client.environments.production.id}`);
    assert.equal(wrong.status, 400);
  });
});

test('a fixture fills an environment with N generated extension components (benchmarks)', async () => {
  const emu = testEmulator();
  try {
    const c = client(emu);
    const ids = ['11111111-2222-5333-8444-555555555555'];
    emu.control.addFixture({
      environmentExtensions: [
        {
          accountId: DEMO.primaryAccountId,
          environmentId: DEMO.environments.production.id,
          generate: { seed: 'bench', connections: 500, processProperties: 120, connectionIds: ids },
        },
      ],
    });
    const ext = (await c.get<Ext>(`EnvironmentExtensions/${DEMO.environments.production.id}`)).json;
    // The fixture's own five connections plus the generated ones, the first with the given id.
    assert.equal(ext.connections.connection.length, 505);
    assert.equal(ext.connections.connection[5]!['id'], ids[0]);
    assert.equal(ext.processProperties.ProcessProperty.length, 122);
    assert.doesNotMatch(JSON.stringify(ext), /secret-\d|token-\d/);
  } finally {
    await emu.close();
  }
});
