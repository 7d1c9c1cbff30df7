import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { flatten } from './extension-model.ts';
import { planUpdate } from './extension-update.ts';
import { diffComponents, planCopy } from './extension-compare.ts';
import { productionFindings } from './extension-findings.ts';
import type { AccessEntry, Editor } from './extension-access.ts';

const doc = (over: { url?: string; secretSet?: boolean; ppSecret?: boolean; dpp?: string } = {}) => ({
  connections: {
    connection: [
      {
        id: 'conn-1',
        name: 'Orders API',
        field: [
          { id: 'url', value: over.url ?? 'https://test-api.example.com', useDefault: false },
          { id: 'password', usesEncryption: true, encryptedValueSet: over.secretSet ?? true, value: 'LEAKED' },
        ],
      },
    ],
  },
  processProperties: {
    ProcessProperty: {
      id: 'pp-1',
      name: 'Order settings',
      ProcessPropertyValue: [
        { key: 'batch', label: 'Batch size', value: '10', useDefault: false },
        { key: 'region', label: 'Region', value: 'eu', useDefault: false },
        ...(over.ppSecret ? [{ key: 'token', label: 'Token', usesEncryption: true, encryptedValueSet: true }] : []),
      ],
    },
  },
  properties: { property: [{ name: 'DPP_MODE', value: over.dpp ?? 'test' }] },
  PGPCertificates: { PGPCertificate: [{ id: 'pgp-1', value: 'KEY', useDefault: false }] },
});

const entry = (id: string, over: Partial<AccessEntry> = {}): AccessEntry => ({
  prodComponentId: id,
  componentName: id,
  componentType: 'processProperty',
  ownerProcesses: [{ processId: 'proc-1', processName: 'Orders' }],
  devAccounts: [{ devAccountId: 'dev-a', devAccountName: 'Dev A' }],
  authorizedSsoGroups: ['ABC_BOOMI_FLOW_DEVTEAMA'],
  isConnection: false,
  isShared: false,
  ...over,
});
const access = new Map([
  ['conn-1', entry('conn-1', { componentType: 'connection', isConnection: true })],
  ['pp-1', entry('pp-1')],
]);
const admin: Editor = { isAdmin: true, teams: new Set() };
const teamA: Editor = { isAdmin: false, teams: new Set(['abc_boomi_flow_devteama']) };
const teamB: Editor = { isAdmin: false, teams: new Set(['abc_boomi_flow_devteamb']) };

describe('extension rules', () => {
  test('encrypted values never enter the model, even when Boomi sent one', () => {
    const flat = flatten(doc());
    assert.ok(!JSON.stringify(flat).includes('LEAKED'));
    const pw = flat[0]!.fields.find((f) => f.fieldId === 'password')!;
    assert.deepEqual([pw.value, pw.encrypted, pw.encryptedValueSet], [null, true, true]);
  });

  test('a team edits its own process property; the partial update keeps the other values', () => {
    const plan = planUpdate(
      flatten(doc()),
      [{ section: 'processProperties', componentId: 'pp-1', fieldId: 'batch', value: '50', useDefault: false }],
      teamA,
      access,
    );
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.payload, {
      processProperties: {
        ProcessProperty: [
          {
            id: 'pp-1',
            name: 'Order settings',
            ProcessPropertyValue: [
              { key: 'batch', label: 'Batch size', useDefault: false, value: '50' },
              { key: 'region', label: 'Region', useDefault: false, value: 'eu' },
            ],
          },
        ],
      },
    });
    assert.deepEqual(
      plan.changed.map((c) => [c.from, c.to]),
      [['10', '50']],
    );
  });

  test('another team, a connection, a component outside the cache and a made-up field are refused', () => {
    const flat = flatten(doc());
    const one = (editor: Editor, change: Parameters<typeof planUpdate>[1][number], cache = access) =>
      planUpdate(flat, [change], editor, cache).problems.map((p) => p.errorCode);
    const pp = {
      section: 'processProperties',
      componentId: 'pp-1',
      fieldId: 'batch',
      value: '1',
      useDefault: false,
    } as const;
    assert.deepEqual(one(teamB, pp), ['UNAUTHORIZED_EXTENSION_EDIT']);
    assert.deepEqual(one(teamA, { ...pp, section: 'connections', componentId: 'conn-1', fieldId: 'url' }), [
      'CONNECTION_EDIT_ADMIN_ONLY',
    ]);
    assert.deepEqual(one(admin, pp, new Map()), ['EXTENSION_NOT_FOUND']);
    assert.deepEqual(one(admin, { ...pp, componentId: 'nope' }), ['EXTENSION_NOT_FOUND']);
    assert.deepEqual(one(admin, { ...pp, fieldId: 'nope' }), ['INVALID_REQUEST']);
    assert.deepEqual(
      one(teamA, { section: 'properties', componentId: 'DPP_MODE', fieldId: 'value', value: 'x', useDefault: false }),
      ['UNAUTHORIZED_EXTENSION_EDIT'],
    );
  });

  test('a field someone else changed in between is a conflict, not an overwrite', () => {
    const plan = planUpdate(
      flatten(doc()),
      [
        {
          section: 'processProperties',
          componentId: 'pp-1',
          fieldId: 'batch',
          value: '50',
          useDefault: false,
          expected: { value: '9', useDefault: false },
        },
      ],
      teamA,
      access,
    );
    assert.equal(plan.problems[0]?.errorCode, 'EXTENSION_CONFLICT');
    assert.deepEqual(plan.payload, {});
  });

  test('an admin replaces a secret; the change list never holds it; a contributor may not', () => {
    const change = {
      section: 'connections',
      componentId: 'conn-1',
      fieldId: 'password',
      value: 's3cret',
      useDefault: false,
    } as const;
    const plan = planUpdate(flatten(doc()), [change], admin, access);
    assert.deepEqual(
      plan.changed.map((c) => [c.from, c.to]),
      [['(set)', '(replaced)']],
    );
    assert.ok(!JSON.stringify(plan.changed).includes('s3cret'));
    assert.deepEqual(plan.payload, {
      connections: {
        connection: [
          {
            id: 'conn-1',
            name: 'Orders API',
            field: [{ id: 'password', useDefault: false, usesEncryption: true, value: 's3cret' }],
          },
        ],
      },
    });
    const withCache = new Map(access).set(
      'conn-1',
      entry('conn-1', { isConnection: false, componentType: 'operation' }),
    );
    assert.equal(
      planUpdate(flatten(doc()), [change], teamA, withCache).problems[0]?.errorCode,
      'CONNECTION_EDIT_ADMIN_ONLY',
    );
  });

  test('a process property holding a secret is not rewritten without it (Boomi replaces it whole)', () => {
    const plan = planUpdate(
      flatten(doc({ ppSecret: true })),
      [{ section: 'processProperties', componentId: 'pp-1', fieldId: 'batch', value: '5', useDefault: false }],
      admin,
      access,
    );
    assert.match(plan.problems[0]?.errorMessage ?? '', /erase that secret/);
  });

  test('the copy plan skips connections and PGP keys, reports secrets, and sends only what differs', () => {
    const test = flatten(doc({ dpp: 'prod-like' }));
    const prod = flatten(doc({ url: 'https://api.example.com', dpp: 'old' }));
    const plan = planCopy(test, prod);
    const by = (action: string) =>
      plan.items.filter((i) => i.action === action).map((i) => `${i.componentId}/${i.fieldId}`);
    assert.deepEqual(by('EXCLUDED'), ['conn-1/url', 'conn-1/password', 'pgp-1/value']);
    assert.deepEqual(by('COPY'), ['DPP_MODE/value']);
    assert.deepEqual(by('UNCHANGED'), ['pp-1/batch', 'pp-1/region']);
    assert.deepEqual(plan.payload, { properties: { property: [{ name: 'DPP_MODE', value: 'prod-like' }] } });
    assert.equal(plan.fieldsCopied, 1);
  });

  test('the diff compares per field, and secrets as set / not set', () => {
    const rows = diffComponents(flatten(doc()), flatten(doc({ url: 'https://api.example.com', secretSet: false })));
    const diff = rows.filter((r) => r.state !== 'SAME').map((r) => `${r.componentId}/${r.fieldId}`);
    assert.deepEqual(diff, ['conn-1/url', 'conn-1/password']);
  });

  test('production findings: a test host, an unset secret, an empty value', () => {
    const prod = flatten(doc({ secretSet: false }));
    const found = productionFindings(prod, flatten(doc()), (id) => id === 'conn-1').map(
      (f) => `${f.fieldId}:${f.kind}`,
    );
    assert.deepEqual(found, ['url:TEST_VALUE', 'password:SECRET_NOT_SET']);
    const same = productionFindings(
      flatten(doc({ url: 'https://orders.example.com' })),
      flatten(doc({ url: 'https://orders.example.com' })),
      () => true,
    );
    assert.deepEqual(
      same.map((f) => f.kind),
      ['SAME_AS_TEST', 'TEST_VALUE'],
    );
  });
});
