import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, generateComponents, type Emulator } from '../../emulator/index.ts';
import {
  DEVA,
  attr,
  client,
  componentXml,
  eq,
  profileObject,
  testEmulator,
  where,
  type Client,
  type QueryResult,
} from './helpers.ts';
import { loadOpenApi, schemaValidator, type OpenApiDoc, type SchemaValidator } from './openapi-schemas.ts';
import { runtimeValidator, type RuntimeSchemaName } from '../helpers/boomi-runtime-schemas.ts';

// Every JSON response of the emulator validates against Boomi's schemas, and Boomi's own request
// examples (XML and JSON) are accepted.

const SERVED = new Set([
  'Account',
  'Branch',
  'ComponentMetadata',
  'ComponentReference',
  'DeployedPackage',
  'Environment',
  'EnvironmentExtensions',
  'EnvironmentMapExtension',
  'EnvironmentMapExtensionsSummary',
  'Folder',
  'IntegrationPack',
  'MergeRequest',
  'PackagedComponent',
  'PublisherIntegrationPack',
]);

describe('emulator contract against 31-boomi-platform-openapi.subset.json', () => {
  let doc: OpenApiDoc;
  let validate: SchemaValidator;
  let emu: Emulator;
  let c: Client;
  let now = Date.parse('2025-06-02T12:00:00Z');
  const checked: string[] = [];

  const expectValid = (schema: string, res: { status: number; json: unknown; body: string }, status = 200) => {
    assert.equal(res.status, status, `${schema}: ${res.body}`);
    const error = validate(schema, res.json);
    assert.equal(error, null, `${schema}: ${error}\n${res.body.slice(0, 600)}`);
    checked.push(schema);
  };

  before(() => {
    doc = loadOpenApi();
    validate = schemaValidator(doc);
    emu = testEmulator({ now: () => now, stageTimings: { releaseMs: 1000 } });
    c = client(emu);
    emu.control.addFixture({
      components: generateComponents({ seed: 'contract', accountId: DEVA, count: 120, folder: 'DevTeamARoot/Bulk' }),
    });
  });
  after(() => emu.close());

  test('accounts, environments, extensions, folders', async () => {
    expectValid('Account', await c.get(`Account/${DEVA}`));
    expectValid(
      'AccountQueryResponse',
      await c.post('Account/query', where({ property: 'status', operator: 'EQUALS', argument: ['active'] })),
    );
    expectValid('EnvironmentQueryResponse', await c.post('Environment/query', where(eq('classification', 'TEST'))));
    expectValid('Environment', await c.get(`Environment/${DEMO.environments.test.id}`));
    expectValid('Environment', await c.post('Environment', { name: 'Staging', classification: 'TEST' }));
    const envId = DEMO.environments.production.id;
    expectValid('EnvironmentExtensions', await c.get(`EnvironmentExtensions/${envId}`));
    expectValid(
      'EnvironmentExtensions',
      await c.post(`EnvironmentExtensions/${envId}`, {
        id: envId,
        environmentId: envId,
        partial: true,
        properties: { property: [{ name: 'region', value: 'eu' }] },
      }),
    );
    expectValid(
      'EnvironmentExtensionsQueryResponse',
      await c.post('EnvironmentExtensions/query', where(eq('environmentId', envId))),
    );
    expectValid(
      'EnvironmentMapExtensionsSummaryQueryResponse',
      await c.post('EnvironmentMapExtensionsSummary/query', where(eq('environmentId', envId))),
    );
    const mapDoc = await c.get<Record<string, unknown>>(`EnvironmentMapExtension/${DEMO.mapExtensions.production.id}`);
    expectValid('EnvironmentMapExtension', mapDoc);
    expectValid(
      'EnvironmentMapExtension',
      await c.post(`EnvironmentMapExtension/${DEMO.mapExtensions.production.id}`, mapDoc.json),
    );
    const folders = await c.post<QueryResult<{ id: string }>>('Folder/query', {});
    expectValid('FolderQueryResponse', folders);
    expectValid('Folder', await c.get(`Folder/${folders.json.result[1]!.id}`));
    expectValid('Folder', await c.post('Folder', { name: 'Contract' }));
    expectValid(
      'FolderBulkResponse',
      await c.post('Folder/bulk', { type: 'GET', request: folders.json.result.slice(0, 2).map((f) => ({ id: f.id })) }),
    );
  });

  test('component metadata (with queryMore) and references', async () => {
    const first = await c.post<QueryResult>('ComponentMetadata/query', {}, { account: DEVA });
    expectValid('ComponentMetadataQueryResponse', first);
    assert.ok(first.json.queryToken);
    expectValid(
      'ComponentMetadataQueryResponse',
      await c.call('POST', 'ComponentMetadata/queryMore', first.json.queryToken, { account: DEVA }),
    );
    const opm = DEMO.packages.orderProcessingMain.componentId;
    expectValid('ComponentMetadata', await c.get(`ComponentMetadata/${opm}`, { account: DEVA }));
    expectValid(
      'ComponentMetadata',
      await c.post(`ComponentMetadata/${opm}`, { name: 'Order Processing Main' }, { account: DEVA }),
    );
    expectValid(
      'ComponentMetadataBulkResponse',
      await c.post('ComponentMetadata/bulk', { type: 'GET', request: [{ id: opm }] }, { account: DEVA }),
    );
    const conn = DEMO.connectionMappings[0]!.devComponentId;
    expectValid('ComponentReference', await c.get(`ComponentReference/${conn}`, { account: DEVA }));
    expectValid(
      'ComponentReferenceQueryResponse',
      await c.post('ComponentReference/query', where(eq('parentComponentId', opm), eq('parentVersion', 1)), {
        account: DEVA,
      }),
    );
    expectValid(
      'ComponentReferenceQueryResponse',
      await c.post('ComponentReference/query', where(eq('componentId', conn)), { account: DEVA }),
    );
  });

  test('branches and merge requests', async () => {
    const main = (await c.post<QueryResult<{ id: string }>>('Branch/query', where(eq('name', 'main')))).json.result[0]!
      .id;
    const branch = await c.post<{ id: string }>('Branch', {
      name: 'contract',
      parentId: main,
      description: 'contract test',
    });
    expectValid('Branch', branch);
    expectValid('Branch', await c.get(`Branch/${branch.json.id}`));
    expectValid('Branch', await c.post(`Branch/${branch.json.id}`, { id: branch.json.id, name: 'contract-2' }));
    expectValid(
      'BranchQueryResponse',
      await c.post('Branch/query', where({ property: 'id', operator: 'IS_NOT_NULL', argument: [] })),
    );
    const created = await c.xml(
      'POST',
      'Component',
      componentXml({ name: 'On Branch', type: 'profile.json', branchId: branch.json.id }, profileObject('B')),
    );
    assert.ok(attr(created.body, 'componentId'));
    const mr = await c.post<{ id: string }>('MergeRequest', {
      sourceBranchId: branch.json.id,
      destinationBranchId: main,
      strategy: 'OVERRIDE',
      priorityBranch: 'SOURCE',
    });
    expectValid('MergeRequest', mr);
    expectValid('MergeRequest', await c.get(`MergeRequest/${mr.json.id}`));
    expectValid('MergeRequest', await c.post(`MergeRequest/${mr.json.id}`, { id: mr.json.id, note: 'reviewed' }));
    expectValid(
      'MergeRequest',
      await c.post(`MergeRequest/execute/${mr.json.id}`, { id: mr.json.id, mergeRequestAction: 'MERGE' }),
    );
    expectValid('MergeRequest', await c.get(`MergeRequest/${mr.json.id}`));
    expectValid(
      'MergeRequestQueryResponse',
      await c.post('MergeRequest/query', where(eq('sourceBranchId', branch.json.id))),
    );
  });

  test('packages, deployments, packs, releases, installable packs', async () => {
    const proc = await c.xml(
      'POST',
      'Component',
      componentXml({ name: 'Contract Process', type: 'process' }, '<process xmlns=""><shapes/></process>'),
    );
    const componentId = attr(proc.body, 'componentId')!;
    const pkg = await c.post<{ packageId: string }>('PackagedComponent', {
      componentId,
      packageVersion: '1.0',
      shareable: true,
      notes: 'contract',
    });
    expectValid('PackagedComponent', pkg);
    expectValid('PackagedComponent', await c.get(`PackagedComponent/${pkg.json.packageId}`));
    expectValid(
      'PackagedComponentQueryResponse',
      await c.post('PackagedComponent/query', where(eq('componentType', 'process')), { account: DEVA }),
    );
    const dep = await c.post<{ deploymentId: string }>('DeployedPackage', {
      environmentId: DEMO.environments.test.id,
      packageId: pkg.json.packageId,
      listenerStatus: 'RUNNING',
    });
    expectValid('DeployedPackage', dep);
    expectValid('DeployedPackage', await c.get(`DeployedPackage/${dep.json.deploymentId}`));
    expectValid('DeployedPackageQueryResponse', await c.post('DeployedPackage/query', where(eq('active', true))));
    const pack = await c.post<{ id: string }>('PublisherIntegrationPack', {
      name: 'Contract Pack',
      Description: 'contract',
      installationType: 'MULTI',
    });
    expectValid('PublisherIntegrationPack', pack);
    expectValid(
      'PublisherIntegrationPack',
      await c.post(`PublisherIntegrationPack/${pack.json.id}`, {
        id: pack.json.id,
        Description: 'contract',
        operationType: 'ADD',
        PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId }] },
      }),
    );
    expectValid('PublisherIntegrationPack', await c.get(`PublisherIntegrationPack/${pack.json.id}`));
    expectValid('PublisherIntegrationPackQueryResponse', await c.post('PublisherIntegrationPack/query', {}));
    const release = await c.post<{ requestId: string }>('ReleaseIntegrationPack', {
      id: pack.json.id,
      releaseSchedule: 'IMMEDIATELY',
      ReleasePackagedComponents: { ReleasePackagedComponent: [{ componentId, version: '1.0' }] },
    });
    expectValid('ReleaseIntegrationPack', release);
    expectValid(
      'ReleaseIntegrationPackStatus',
      await c.get(`ReleaseIntegrationPackStatus/${release.json.requestId}`),
      202,
    );
    now += 1000;
    expectValid('ReleaseIntegrationPackStatus', await c.get(`ReleaseIntegrationPackStatus/${release.json.requestId}`));
    const installable = await c.post<QueryResult<{ id: string }>>('IntegrationPack/query', {}, { account: DEVA });
    expectValid('IntegrationPackQueryResponse', installable);
    expectValid('IntegrationPack', await c.get(`IntegrationPack/${installable.json.result[0]!.id}`, { account: DEVA }));
  });

  test("Boomi's query examples (XML and JSON) are accepted; placeholder properties are refused by name", async () => {
    let count = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const object = /^\/(\w+)\/query$/.exec(path)?.[1];
      if (!object || !SERVED.has(object)) continue;
      for (const [type, content] of Object.entries(ops['post']?.requestBody?.content ?? {})) {
        for (const [name, example] of Object.entries(content.examples ?? {})) {
          const body = typeof example.value === 'string' ? example.value : JSON.stringify(example.value);
          const res: { status: number; body: string; json: unknown } = await c.call('POST', `${object}/query`, body, {
            headers: { 'content-type': type, accept: 'application/json' },
          });
          const label: string = `${object} ${type} ${name}: ${res.body.slice(0, 200)}`;
          if (body.includes('anotherProperty')) {
            assert.equal(res.status, 400, label);
            assert.match(res.body, /anotherProperty/, label);
          } else {
            expectValid(`${object}QueryResponse`, res);
          }
          count++;
        }
      }
    }
    assert.ok(count >= 22, `${count} examples`);
  });

  test('coverage: every object the emulator serves was validated', () => {
    for (const object of SERVED)
      assert.ok(
        checked.some((s) => s.startsWith(object)),
        object,
      );
    assert.ok(checked.includes('ReleaseIntegrationPack') && checked.includes('ReleaseIntegrationPackStatus'));
  });
});

// The runtime objects are not in the OpenAPI subset: their answers are checked against the shapes
// Boomi documents for them (test/helpers/boomi-runtime-schemas.ts).
describe('emulator runtime objects against the shapes Boomi documents', () => {
  test('Atom, EnvironmentAtomAttachment, ProcessSchedules, ProcessScheduleStatus, ListenerStatus', async () => {
    const validate = runtimeValidator();
    const emu = testEmulator();
    const c = client(emu);
    const expectShape = (name: RuntimeSchemaName, res: { status: number; json: unknown; body: string }) => {
      assert.equal(res.status, 200, `${name}: ${res.body}`);
      assert.equal(validate(name, res.json), null, `${name}: ${res.body.slice(0, 600)}`);
    };
    try {
      const atomId = DEMO.runtimes.test.id;
      expectShape('Atom', await c.get(`Atom/${atomId}`));
      expectShape('Atom', await c.post(`Atom/${atomId}/update`, { id: atomId, purgeHistoryDays: 90 }));
      expectShape('AtomQueryResponse', await c.post('Atom/query', where(eq('status', 'ONLINE'))));
      expectShape(
        'EnvironmentAtomAttachmentQueryResponse',
        await c.post('EnvironmentAtomAttachment/query', where(eq('environmentId', DEMO.environments.test.id))),
      );
      expectShape(
        'EnvironmentAtomAttachment',
        await c.post('EnvironmentAtomAttachment', { atomId, environmentId: DEMO.environments.test.id }),
      );
      const start = '<configuration><connectoraction actionType="Listen" connectorType="wss"/></configuration>';
      const shape = `<shape name="shape1" shapetype="start">${start}</shape>`;
      const listener = `<process xmlns=""><shapes>${shape}</shapes></process>`;
      for (const [name, object] of [
        ['Contract Batch', '<process xmlns=""><shapes/></process>'],
        ['Contract Listener', listener],
      ]) {
        const proc = await c.xml('POST', 'Component', componentXml({ name: name!, type: 'process' }, object!));
        const dep = await c.post('DeployedPackage', {
          environmentId: DEMO.environments.test.id,
          componentId: attr(proc.body, 'componentId'),
        });
        assert.equal(dep.status, 200, dep.body);
      }
      const schedules = await c.post<QueryResult<{ id: string; atomId: string; processId: string }>>(
        'ProcessSchedules/query',
        where(eq('atomId', atomId)),
      );
      expectShape('ProcessSchedulesQueryResponse', schedules);
      const row = schedules.json.result[0]!;
      const times = { years: '*', months: '*', daysOfMonth: '*', daysOfWeek: '1', hours: '0', minutes: '0' };
      expectShape(
        'ProcessSchedules',
        await c.post(`ProcessSchedules/${row.id}`, {
          ...row,
          Schedule: [times],
          Retry: { maxRetry: 1, Schedule: [times] },
        }),
      );
      expectShape('ProcessSchedules', await c.get(`ProcessSchedules/${row.id}`));
      expectShape(
        'ProcessScheduleStatusQueryResponse',
        await c.post('ProcessScheduleStatus/query', where(eq('atomId', atomId))),
      );
      expectShape('ProcessScheduleStatus', await c.post(`ProcessScheduleStatus/${row.id}`, { ...row, enabled: false }));
      expectShape('ProcessScheduleStatus', await c.get(`ProcessScheduleStatus/${row.id}`));
      const token = await c.post<{ asyncToken: { token: string } }>(
        'async/ListenerStatus/query',
        where(eq('containerId', atomId)),
      );
      expectShape('AsyncOperationTokenResult', token);
      const result = await c.get<{ numberOfResults: number }>(
        `async/ListenerStatus/response/${token.json.asyncToken.token}`,
      );
      expectShape('ListenerStatusAsyncResponse', result);
      assert.equal(result.json.numberOfResults, 1);
    } finally {
      await emu.close();
    }
  });
});
